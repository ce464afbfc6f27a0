"""How members show interest in a thread: votes, follows, and the reminders it earned."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from emulation_cluster.models import Unit
from models_registry.models import ExemplaryModel, Topic
from seminars.enums import ReminderKind
from seminars.qa.models.posts import Question


class Vote(models.Model):
    """One person's vote for a question (withdrawable); ranks the questions of a seminar."""

    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="votes"
    )
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voter"),
        on_delete=models.CASCADE,
        related_name="question_votes",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["question", "voter"], name="vote_one_per_person"),
        ]

    def __str__(self):
        return f"{self.voter} → {self.question}"


class Follow(models.Model):
    """A person following a model, a unit, a question or a topic (exactly one of them)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="follows",
    )
    exemplary_model = models.ForeignKey(
        ExemplaryModel,
        verbose_name=_("exemplary model"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="followers",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="followers",
    )
    question = models.ForeignKey(
        Question,
        verbose_name=_("question"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="followers",
    )
    # A topic's new models reach the follower's weekly digest (seminars.digest).
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="followers",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    exemplary_model__isnull=False,
                    unit__isnull=True,
                    question__isnull=True,
                    topic__isnull=True,
                )
                | Q(
                    exemplary_model__isnull=True,
                    unit__isnull=False,
                    question__isnull=True,
                    topic__isnull=True,
                )
                | Q(
                    exemplary_model__isnull=True,
                    unit__isnull=True,
                    question__isnull=False,
                    topic__isnull=True,
                )
                | Q(
                    exemplary_model__isnull=True,
                    unit__isnull=True,
                    question__isnull=True,
                    topic__isnull=False,
                ),
                name="follow_exactly_one_target",
            ),
            # NULLs are distinct in PostgreSQL: each pair is unique where its target is set.
            models.UniqueConstraint(fields=["user", "exemplary_model"], name="follow_model_once"),
            models.UniqueConstraint(fields=["user", "unit"], name="follow_unit_once"),
            models.UniqueConstraint(fields=["user", "question"], name="follow_question_once"),
            models.UniqueConstraint(fields=["user", "topic"], name="follow_topic_once"),
        ]

    def __str__(self):
        return f"{self.user} → {self.exemplary_model or self.unit or self.question or self.topic}"


class QuestionReminder(models.Model):
    """A reminder (or escalation) sent for a question: what keeps the command idempotent."""

    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ReminderKind.choices)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    sent_to = models.JSONField(_("sent to"), default=list, blank=True)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("question reminder sent")
        verbose_name_plural = _("question reminders sent")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "kind"], name="question_reminder_once_per_kind"
            ),
        ]

    def __str__(self):
        return f"{self.question} · {self.get_kind_display()}"
