"""The reminders run as Procrastinate periodic jobs: once per period, however many workers run."""

import datetime
import time

import pytest
from django.db import connection
from django.utils import timezone

from emulation_cluster.outbox.models import MessageKind, OutgoingMessage
from seminars.models import Seminar, SeminarReminder
from tests.worker import worker_processes

pytestmark = pytest.mark.django_db(transaction=True)
TASK = "seminars.tasks.send_seminar_reminders"


def _periods_and_jobs():
    """(periods deferred, jobs, jobs done) of the seminar reminders; a job's args carry its
    period's timestamp."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(DISTINCT args->>'timestamp'), count(*),"
            " count(*) FILTER (WHERE status = 'succeeded')"
            " FROM procrastinate_jobs WHERE task_name = %s",
            [TASK],
        )
        return cursor.fetchone()


def _running_workers() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM procrastinate_workers")
        return cursor.fetchone()[0]


def test_two_workers_run_each_period_once_and_remind_once(seminar, world):
    Seminar.objects.filter(pk=seminar.pk).update(
        starts_at=timezone.now() + datetime.timedelta(hours=20),
        ends_at=timezone.now() + datetime.timedelta(hours=23),
    )
    every_second = {
        "REMINDERS_CRON": "* * * * * *",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    with worker_processes(2, every_second) as workers:
        deadline, running = time.monotonic() + 30, 0
        while time.monotonic() < deadline and (_periods_and_jobs()[0] < 4 or running < 2):
            running = max(running, _running_workers())
            time.sleep(0.5)
        assert running == 2
        time.sleep(1.5)  # let the last period's job finish
        assert all(worker.poll() is None for worker in workers), "a worker stopped"
    periods, jobs, succeeded = _periods_and_jobs()
    assert periods >= 4
    assert jobs == periods  # one job per period, whichever worker deferred it first
    assert succeeded >= periods - 1  # the last one may have been cut short by the stop
    assert SeminarReminder.objects.filter(seminar=seminar).count() == 1
    # Queued once (whether a worker has sent it yet is the outbox's tests' business).
    reminders = OutgoingMessage.objects.filter(kind=MessageKind.SEMINAR_REMINDER)
    assert list(reminders.values_list("recipient", flat=True)) == ["quantri.danang@police.test"]
