from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MessageKind(models.TextChoices):
    MEMBERSHIP_INVITATION = "membership_invitation", _("Invitation to join a unit")
    ACCOUNT = "account", _("Account (sign-in, password, email address)")
    SEMINAR = "seminar", _("Seminar invitation or change")
    SEMINAR_REMINDER = "seminar_reminder", _("Seminar reminder")
    QUESTION = "question", _("Question or answer notice")
    QUESTION_REMINDER = "question_reminder", _("Question reminder")
    ESCALATION = "escalation", _("Escalation of an unanswered question")
    DIGEST = "digest", _("Weekly digest")
    AWARD = "award", _("Award nomination notice")


class MessageState(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("outgoing message", "Queued")
    SENT = "sent", pgettext_lazy("outgoing message", "Sent")
    FAILED = "failed", pgettext_lazy("outgoing message", "Failed")


class OutgoingMessage(models.Model):
    """One email to one recipient, as it will be sent (``outbox.envelope`` rebuilds it)."""

    kind = models.CharField(_("kind"), max_length=32, choices=MessageKind.choices)
    recipient = models.EmailField(_("recipient"), max_length=254)
    from_email = models.CharField(max_length=254)
    subject = models.CharField(_("subject"), max_length=998)
    body = models.TextField(_("body"))
    # Everything else the email carries: extra headers, an HTML alternative, attachments.
    extra = models.JSONField(default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=8, choices=MessageState.choices, default=MessageState.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    resent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The outbox page lists by state, newest first; the sweeper reads the queued ones.
            models.Index(fields=["state", "-created_at"], name="outbox_state_created"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient}: {self.subject}"
