"""Queue, send, retry, give up, resend: the life of an ``OutgoingMessage``.

- ``enqueue`` writes the rows and defers a ``send_outgoing_message`` job for each, on the
  caller's connection: both belong to the caller's transaction.
- ``send`` (the job) locks the row, sends it through Django's mail framework, and records the
  outcome. A failure counts an attempt and raises ``SendFailed`` so that Procrastinate retries
  with exponential back-off (``tasks.OutboxRetry``); after ``OUTBOX_MAX_ATTEMPTS`` the row is
  ``failed`` and waits for a cluster administrator to resend it.
- ``requeue_stalled`` (a periodic job) gives a job again to a queued row whose job is gone (a
  worker killed mid-job, a job that failed on the database itself): nothing stays queued for
  ever without anyone trying.

A message the mail server accepted just as the database went away is recorded as sent when the
database is back (``_record_sent`` retries the record, never the send). Only if the worker itself
dies in that moment can a message go twice; each email carries ``Message-ID: <outbox-ID@…>``,
the same on every attempt, so that the receiving side can tell.
"""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import DatabaseError, transaction
from django.db import connection as db_connection
from django.db.models import F
from django.utils import timezone

from emulation_cluster.outbox import envelope
from emulation_cluster.outbox.models import MessageKind, MessageState, OutgoingMessage

logger = logging.getLogger(__name__)
ERROR_MAX_LENGTH = 2000
SEND_TASK = "emulation_cluster.tasks.send_outgoing_message"


class SendFailed(Exception):
    """The mail server refused or did not answer; the job is retried later."""


def _lock(pk) -> str:
    return f"outgoing-{pk}"


def _defer(row: OutgoingMessage) -> None:
    from procrastinate.exceptions import AlreadyEnqueued

    from emulation_cluster.tasks import send_outgoing_message

    # One waiting job per message: a second defer (the sweeper, a resend) is a no-op.
    try:
        with transaction.atomic():
            send_outgoing_message.configure(queueing_lock=_lock(row.pk)).defer(message_id=row.pk)
    except AlreadyEnqueued:
        pass


def _defer_new(rows: list[OutgoingMessage]) -> None:
    """The jobs of rows just written, in one query (no job can hold their new locks yet)."""
    from procrastinate.contrib.django import app

    from emulation_cluster.tasks import send_outgoing_message

    jobs = [
        send_outgoing_message.configure(queueing_lock=_lock(row.pk)).make_new_job(message_id=row.pk)
        for row in rows
    ]
    app.job_manager.batch_defer_jobs(jobs=jobs)


def enqueue(messages: list[EmailMessage], *, kind: MessageKind) -> list[OutgoingMessage]:
    """Write ``messages`` to the outbox (one row per recipient) and defer their sending."""
    rows = [
        OutgoingMessage(kind=kind, **fields)
        for message in messages
        for fields in envelope.columns(message)
    ]
    if not rows:
        return []
    with transaction.atomic():
        OutgoingMessage.objects.bulk_create(rows)
        _defer_new(rows)
    return rows


def message_id(row: OutgoingMessage) -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "localhost"
    return f"<outbox-{row.pk}@{domain}>"


def send(message_id_: int) -> MessageState | None:
    """Send the queued message ``message_id_``; returns its new state (None: nothing to do)."""
    error, accepted = None, False
    try:
        with transaction.atomic():
            row = (
                OutgoingMessage.objects.select_for_update(skip_locked=True)
                .filter(pk=message_id_, state=MessageState.QUEUED)
                .first()
            )
            if row is None:  # sent already, failed for good, or being sent by another worker
                return None
            email = envelope.email(row)
            email.extra_headers["Message-ID"] = message_id(row)
            row.attempts += 1
            try:
                get_connection(fail_silently=False).send_messages([email])
            except Exception as exception:  # noqa: BLE001 - any refusal is a failed attempt
                error = f"{type(exception).__name__}: {exception}"[:ERROR_MAX_LENGTH]
                row.last_error = error
                if row.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                    row.state = MessageState.FAILED
                    logger.error("outbox: message %s failed for good: %s", row.pk, error)
            else:
                accepted = True
                row.state, row.sent_at = MessageState.SENT, timezone.now()
            row.save(update_fields=["state", "attempts", "last_error", "sent_at"])
    except DatabaseError:
        if not accepted:
            raise  # nothing left: the job is tried again
        # The mail server has it and the database went away before it knew: record that (and
        # only that) once the database is back, rather than send it a second time.
        return _record_sent(message_id_)
    if error and row.state == MessageState.QUEUED:
        raise SendFailed(error)
    return row.state


def _record_sent(message_id_: int) -> MessageState:
    deadline = time.monotonic() + settings.OUTBOX_RECORD_SECONDS
    wait = 0.5
    while True:
        try:
            db_connection.close()  # the broken one; the next query opens a new one
            OutgoingMessage.objects.filter(pk=message_id_, state=MessageState.QUEUED).update(
                state=MessageState.SENT, sent_at=timezone.now(), attempts=F("attempts") + 1
            )
            return MessageState.SENT
        except DatabaseError:
            if time.monotonic() > deadline:
                logger.error("outbox: message %s was sent but could not be recorded", message_id_)
                raise
            time.sleep(wait)
            wait = min(wait * 2, 5)


def resend(rows, *, by) -> int:
    """Queue failed messages again, with a fresh count of attempts; returns how many."""
    count = 0
    with transaction.atomic():
        for row in rows.select_for_update().filter(state=MessageState.FAILED):
            row.state, row.attempts, row.resent_by = MessageState.QUEUED, 0, by
            row.save(update_fields=["state", "attempts", "resent_by"])
            _defer(row)
            count += 1
    return count


def requeue_stalled(*, older_than: timedelta = timedelta(minutes=1)) -> int:
    """Defer a job again for each queued message that has none waiting; returns how many."""
    from procrastinate.contrib.django.models import ProcrastinateJob

    queued = set(
        OutgoingMessage.objects.filter(
            state=MessageState.QUEUED, created_at__lte=timezone.now() - older_than
        ).values_list("pk", flat=True)
    )
    if not queued:
        return 0
    waiting = ProcrastinateJob.objects.filter(
        task_name=SEND_TASK,
        status__in=["todo", "doing"],
        queueing_lock__in=[_lock(pk) for pk in queued],
    ).values_list("queueing_lock", flat=True)
    stalled = queued - {int(lock.rpartition("-")[2]) for lock in waiting}
    for row in OutgoingMessage.objects.filter(pk__in=stalled):
        _defer(row)
    return len(stalled)


def forget_sent(*, older_than: timedelta) -> int:
    """Delete the sent messages older than ``older_than`` (failed and queued ones stay)."""
    deleted, _ = OutgoingMessage.objects.filter(
        state=MessageState.SENT, sent_at__lt=timezone.now() - older_than
    ).delete()
    return deleted
