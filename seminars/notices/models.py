"""A person's notices in the portal (each one an email's twin) and their email choices.

One mechanism for seminars and Q&A alike: ``seminars.notices.delivery`` writes the notices and
the emails, ``seminars.notices.selectors`` reads them (the bell and the list apply one rule).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from seminars.enums import NoticeKind
from seminars.notices.messages import notice_text

__all__ = ["DigestSent", "Notice", "NotificationPreference"]


class Notice(models.Model):
    """A line in a user's notices inside the portal (the email's twin)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notices",
    )
    # The sentence as written for the email, in the portal's language; the page writes it again
    # from ``message`` and ``args`` in the reader's language (``display_text``).
    text = models.CharField(_("text"), max_length=500)
    message = models.CharField(_("message"), max_length=40, blank=True)
    args = models.JSONField(_("arguments"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    kind = models.CharField(
        _("kind"), max_length=24, choices=NoticeKind.choices, default=NoticeKind.SEMINAR
    )
    # A notice about a question is listed only while its reader may still see the question.
    question = models.ForeignKey(
        "seminars.Question",
        verbose_name=_("question"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notice_user_unread_idx")]

    def __str__(self):
        return self.text

    @property
    def display_text(self) -> str:
        return notice_text(self.message, self.args, self.text)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """Email on or off for one kind of notice (no row: on)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=NoticeKind.choices)
    email = models.BooleanField(_("by email"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="preference_one_per_kind"),
        ]

    def __str__(self):
        return f"{self.user} · {self.kind} · {self.email}"


class DigestSent(models.Model):
    """A person's weekly digest, queued once: written in the transaction that queues its email,
    under a unique constraint, so that two runs (two workers, a job run again) send one."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="digests_sent",
    )
    week = models.DateField(_("week"), help_text=_("The Monday of the week (Vietnam time)."))
    items = models.PositiveIntegerField(_("items"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("weekly digest sent")
        verbose_name_plural = _("weekly digests sent")
        constraints = [
            models.UniqueConstraint(fields=["user", "week"], name="digest_once_a_week"),
        ]

    def __str__(self):
        return f"{self.user} · {self.week}"
