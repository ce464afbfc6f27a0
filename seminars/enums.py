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


class SeminarAction(models.TextChoices):
    """A step of a seminar's life, taken by its organizers (see ``SEMINAR_TRANSITIONS``)."""

    SCHEDULE = "schedule", _("Schedule")
    MARK_HELD = "mark_held", _("Mark as held")
    CLOSE = "close", _("Close")
    CANCEL = "cancel", _("Cancel")

    @property
    def needs_confirmation(self) -> bool:
        """Closing and cancelling cannot be undone: the organizer ticks a box first."""
        return self in (SeminarAction.CLOSE, SeminarAction.CANCEL)


# The one table of a seminar's life: each step, the states it starts from, the state it leads to.
# Services refuse a step from another state; templates offer only the steps the state allows.
SEMINAR_TRANSITIONS = {
    SeminarAction.SCHEDULE: (frozenset({SeminarStatus.DRAFT}), SeminarStatus.SCHEDULED),
    SeminarAction.MARK_HELD: (frozenset({SeminarStatus.SCHEDULED}), SeminarStatus.HELD),
    SeminarAction.CLOSE: (frozenset({SeminarStatus.HELD}), SeminarStatus.CLOSED),
    SeminarAction.CANCEL: (
        frozenset({SeminarStatus.DRAFT, SeminarStatus.SCHEDULED}),
        SeminarStatus.CANCELLED,
    ),
}


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


# --- questions and answers --------------------------------------------------------------------


class QuestionState(models.TextChoices):
    """Where a question stands; derived from its answers and moderation by the services."""

    OPEN = "open", pgettext_lazy("question state", "Open")
    ANSWERED = "answered", pgettext_lazy("question state", "Answered")
    ACCEPTED = "accepted", pgettext_lazy("question state", "Accepted")
    CLOSED = "closed", pgettext_lazy("question state", "Closed")


class ReminderKind(models.TextChoices):
    REMINDER = "reminder", _("Reminder to the owner unit")
    ESCALATION = "escalation", _("Escalation to the cluster head unit")


class NoticeKind(models.TextChoices):
    """Why a notice (and its email) was sent; each user turns the email on or off per kind."""

    SEMINAR = "seminar", _("Seminars: invitations, changes and reminders")
    QUESTION_NEW = "question_new", _("A question addressed to my unit")
    ANSWER_NEW = "answer_new", _("An answer to my question")
    ANSWER_OFFICIAL = "answer_official", _("An official answer to my question")
    ANSWER_ACCEPTED = "answer_accepted", _("My answer is accepted")
    ANSWERED_LIVE = "answered_live", _("My question answered live at a seminar")
    COMMENT = "comment", _("A comment on what I wrote")
    FOLLOWED = "followed", _("New questions and answers where I follow")
    REMINDER = "reminder", _("Questions waiting too long for my unit's answer")
    ESCALATION = "escalation", _("Questions escalated to the cluster head unit")
    MODERATION = "moderation", _("Moderation of what I wrote")
    AWARD = "award", _("Award nominations: sent for review, accepted, returned or declined")
    # No notice of this kind: the weekly email itself, which its reader may turn off here too.
    DIGEST = "digest", _("A weekly digest: new models, open questions, seminars ahead")


# Seminar notices keep their emails (an invitation is official mail); the rest can be turned off.
EMAIL_CHOICE_KINDS = tuple(kind for kind in NoticeKind if kind != NoticeKind.SEMINAR)
