"""Reminders, one mechanism for seminars and questions: what is due, and sending each once.

- A seminar starting within ``SEMINAR_REMINDER_BEFORE_HOURS`` earns a reminder per revision (its
  calendar SEQUENCE) to the contacts of the invited units that did not decline.
- A question still open after ``QUESTION_REMINDER_AFTER_DAYS`` earns a reminder to the owner
  unit's editors, after ``QUESTION_ESCALATION_AFTER_DAYS`` an escalation to the administrators of
  the cluster head unit (the cluster's administrators when those may not see it).

Each reminder is a row (``SeminarReminder``, ``QuestionReminder``) written in the transaction that
writes its notices and queues its emails in the outbox (which sends and retries them): two runs
at once cannot both send (the row lock and the unique constraint). The runs are Procrastinate
periodic jobs (``seminars.tasks``).
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F

from seminars.enums import (
    NoticeKind,
    NotifyReason,
    QuestionState,
    ReminderKind,
    Reply,
    SeminarStatus,
)
from seminars.models import Seminar, SeminarReminder
from seminars.notifications import notify_units
from seminars.qa import notifications as qa_notify
from seminars.qa.models import Question, QuestionReminder

logger = logging.getLogger(__name__)


class _NobodyTold(Exception):
    """Raised inside the reminder's transaction to take its row back: nobody was told."""


def _send_once(target, *, already_sent, record, send):
    """Lock ``target`` (skip it if another run holds it), then record and send, once.

    A reminder that told nobody (not even the stand-ins of ``seminars.notices.reach``) is not
    kept: its row goes with the transaction, and a later run tries again, once someone is there.
    """
    try:
        with transaction.atomic():
            locked = type(target).objects.select_for_update(skip_locked=True).filter(pk=target.pk)
            target = locked.first()
            if target is None or already_sent(target):
                return None
            reminder = record(target)
            told = send(target)
            if not told:
                raise _NobodyTold
            reminder.recipients = len(told)
            fields = ["recipients"]
            if hasattr(reminder, "sent_to"):
                reminder.sent_to = [user.email for user in told]
                fields.append("sent_to")
            reminder.save(update_fields=fields)
    except _NobodyTold:
        logger.warning("reminder not sent, nobody to tell: %s %s", type(target).__name__, target.pk)
        return None
    return reminder


# --- seminars ---------------------------------------------------------------------------------


def seminars_due(*, now, before: datetime.timedelta):
    """Scheduled seminars starting within ``before`` with no reminder for their current revision."""
    return (
        Seminar.objects.filter(
            status=SeminarStatus.SCHEDULED, starts_at__gt=now, starts_at__lte=now + before
        )
        .exclude(reminders__sequence=F("sequence"))
        .select_related("host_unit")
        .order_by("starts_at")
    )


def seminar_reminder_send(*, seminar: Seminar, base_url: str) -> SeminarReminder | None:
    """Send the reminder of the seminar's current revision, once: None if it was already sent."""

    def send(seminar):
        attending = seminar.invitations.exclude(reply=Reply.NOT_ATTENDING)
        return notify_units(
            seminar=seminar,
            unit_ids=list(attending.values_list("unit_id", flat=True)),
            reason=NotifyReason.REMINDER,
            base_url=base_url,
        )

    return _send_once(
        seminar,
        already_sent=lambda seminar: seminar.reminders.filter(sequence=seminar.sequence).exists(),
        record=lambda seminar: SeminarReminder.objects.create(
            seminar=seminar, sequence=seminar.sequence
        ),
        send=send,
    )


# --- questions --------------------------------------------------------------------------------


def overdue_days(kind) -> int:
    if kind == ReminderKind.ESCALATION:
        return settings.QUESTION_ESCALATION_AFTER_DAYS
    return settings.QUESTION_REMINDER_AFTER_DAYS


def questions_due(*, kind, now):
    """Open questions older than the setting of ``kind`` that have not had it yet."""
    return (
        Question.objects.filter(
            state=QuestionState.OPEN,
            hidden_at__isnull=True,
            created_at__lte=now - datetime.timedelta(days=overdue_days(kind)),
        )
        .exclude(reminders__kind=kind)
        .select_related(
            "exemplary_model", "owner_unit", "owner_unit__parent", "owner_unit__cluster"
        )
        .select_related("asking_unit")
        .order_by("created_at", "id")
    )


def question_reminder_send(*, question, kind, base_url: str) -> QuestionReminder | None:
    """Send the reminder (or escalation) of ``question`` once: None if it was already sent."""

    def overdue(recipients):
        return qa_notify.question_overdue(
            question,
            kind=NoticeKind(kind),
            days=overdue_days(kind),
            recipients=recipients,
            base_url=base_url,
        )

    def send(_locked):
        if kind != ReminderKind.ESCALATION:
            return overdue(qa_notify.unit_editors(question.owner_unit))
        # The head unit's admins may not see it (a restricted model): the cluster's admins do.
        return overdue(qa_notify.head_unit_admins(question.owner_unit)) or overdue(
            qa_notify.cluster_administrators(question.owner_unit)
        )

    return _send_once(
        question,
        already_sent=lambda locked: locked.reminders.filter(kind=kind).exists(),
        record=lambda locked: QuestionReminder.objects.create(question=locked, kind=kind),
        send=send,
    )


# --- a run ------------------------------------------------------------------------------------


def seminar_reminders_send(*, now, base_url: str, hours: int, dry_run: bool = False) -> list[str]:
    """The reminders of the seminars starting within ``hours`` of ``now``: a line for each."""
    lines = []
    for seminar in seminars_due(now=now, before=datetime.timedelta(hours=hours)):
        if dry_run:
            lines.append(f"would remind: {seminar.pk} {seminar.title}")
        elif reminder := seminar_reminder_send(seminar=seminar, base_url=base_url):
            lines.append(
                f"reminded: {seminar.pk} {seminar.title} "
                f"(revision {reminder.sequence}, {reminder.recipients} recipients)"
            )
    return lines


def question_reminders_send(*, kind, now, base_url: str, dry_run: bool = False) -> list[str]:
    """The reminders (or escalations) of the questions overdue at ``now``: a line for each."""
    lines = []
    for question in questions_due(kind=kind, now=now):
        if dry_run:
            lines.append(f"would send {kind}: {question.pk} {question.title}")
        elif reminder := question_reminder_send(question=question, kind=kind, base_url=base_url):
            lines.append(
                f"{kind}: {question.pk} {question.title} ({reminder.recipients} recipients)"
            )
    return lines


def reminders_send(*, now, base_url: str, seminar_hours: int, dry_run: bool = False) -> list[str]:
    """Every reminder due at ``now``: the seminars', then the questions' (and escalations)."""
    lines = seminar_reminders_send(now=now, base_url=base_url, hours=seminar_hours, dry_run=dry_run)
    for kind in (ReminderKind.REMINDER, ReminderKind.ESCALATION):
        lines += question_reminders_send(kind=kind, now=now, base_url=base_url, dry_run=dry_run)
    return lines
