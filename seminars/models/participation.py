"""Who takes part: invited units and their replies, the reminders sent, calendar addresses."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from emulation_cluster.models import TimeStampedModel, Unit
from seminars.enums import (
    Attendance,
    Reply,
)
from seminars.models.seminar import Seminar


class SeminarInvitation(TimeStampedModel):
    """A unit invited to a seminar: its reply and delegation, then its attendance on the day."""

    seminar = models.ForeignKey(
        Seminar, verbose_name=_("seminar"), on_delete=models.CASCADE, related_name="invitations"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="seminar_invitations"
    )
    reply = models.CharField(_("reply"), max_length=16, choices=Reply.choices, blank=True)
    delegation_size = models.PositiveSmallIntegerField(
        _("number of delegates"), null=True, blank=True
    )
    delegation_names = models.TextField(
        _("delegation"),
        blank=True,
        max_length=5000,
        help_text=_("Rank, name and position of each delegate, one a line."),
    )
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("replied by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True, editable=False)
    attendance = models.CharField(
        _("attendance"), max_length=16, choices=Attendance.choices, blank=True
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["unit__name_sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["seminar", "unit"], name="invitation_one_per_unit"),
            models.CheckConstraint(
                condition=Q(reply="") | Q(replied_at__isnull=False),
                name="invitation_reply_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.seminar} · {self.unit}"

    @property
    def has_replied(self) -> bool:
        return bool(self.reply)


class SeminarReminder(models.Model):
    """A reminder sent for one revision of a seminar: what keeps the command idempotent."""

    seminar = models.ForeignKey(
        Seminar, verbose_name=_("seminar"), on_delete=models.CASCADE, related_name="reminders"
    )
    sequence = models.PositiveIntegerField(_("calendar revision"))
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["seminar", "sequence"], name="reminder_once_per_revision"
            ),
        ]

    def __str__(self):
        return f"{self.seminar} #{self.sequence}"


class CalendarFeedKey(models.Model):
    """The secret in a user's private calendar address, for calendar apps that cannot log in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="seminar_feed_key",
    )
    key = models.CharField(_("key"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar address key")
        verbose_name_plural = _("calendar address keys")

    def __str__(self):
        return str(self.user)
