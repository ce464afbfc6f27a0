from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SeminarStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("seminar status", "Draft")
    SCHEDULED = "scheduled", pgettext_lazy("seminar status", "Scheduled")
    HELD = "held", pgettext_lazy("seminar status", "Held")
    CLOSED = "closed", pgettext_lazy("seminar status", "Closed")
    CANCELLED = "cancelled", pgettext_lazy("seminar status", "Cancelled")


# A seminar in one of these states can still be changed; closed and cancelled ones are a record.
EDITABLE_STATUSES = frozenset({SeminarStatus.DRAFT, SeminarStatus.SCHEDULED, SeminarStatus.HELD})


class AgendaItemKind(models.TextChoices):
    OPENING = "opening", _("Opening speech")
    PRESENTATION = "presentation", _("Presentation")
    DISCUSSION = "discussion", _("Discussion")
    QUESTIONS = "questions", _("Questions and answers")
    CONCLUSION = "conclusion", _("Conclusion")


class Reply(models.TextChoices):
    ATTENDING = "attending", _("Attending")
    NOT_ATTENDING = "not_attending", _("Not attending")


class Attendance(models.TextChoices):
    PRESENT = "present", pgettext_lazy("attendance", "Present")
    ABSENT = "absent", pgettext_lazy("attendance", "Absent")
    EXCUSED = "excused", pgettext_lazy("attendance", "Excused")


class NotifyReason(models.TextChoices):
    """Why the invited units are written to (each has its own email template)."""

    INVITATION = "invitation", _("Invitation")
    CHANGE = "change", _("Change of time or venue")
    CANCELLATION = "cancellation", _("Cancellation")
    REMINDER = "reminder", _("Reminder")
