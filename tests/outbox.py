"""The outbox in tests: the jobs that a test's own transaction deferred, run as the worker would.

A real worker (``tests/emulation_cluster/test_outbox_worker.py``) runs on its own connection and
sees only committed rows; most tests run inside one transaction that is rolled back at the end.
For those, ``run_mail_jobs`` reads the jobs Procrastinate wrote to ``procrastinate_jobs`` and runs
each job's task function (the real code, against the real tables), then removes the job as a
worker would have finished it; the ``mailoutbox`` fixture (tests/conftest.py) does that before
each read, so a test reads the emails that the worker would have sent.
"""

import contextlib
import json

from django.db import connection
from procrastinate.contrib.django import app

from emulation_cluster.outbox.sending import SendFailed


def run_mail_jobs() -> int:
    """Run the waiting jobs of the ``mail`` queue that are due; returns how many ran."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, task_name, args FROM procrastinate_jobs"
            " WHERE status = 'todo' AND queue_name = 'mail'"
            " AND (scheduled_at IS NULL OR scheduled_at <= now()) ORDER BY id"
        )
        jobs = cursor.fetchall()
    for job_id, task_name, args in jobs:
        # A refused message counted its attempt; a worker would retry the job later.
        with contextlib.suppress(SendFailed):
            app.tasks[task_name](**json.loads(args))
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM procrastinate_jobs WHERE id = %s", [job_id])
    return len(jobs)


class SentMail(list):
    """``django.core.mail.outbox`` that first sends what the outbox holds, whenever it is read."""

    def _sent(self):
        run_mail_jobs()
        return self

    def __len__(self):
        return list.__len__(self._sent())

    def __iter__(self):
        return list.__iter__(self._sent())

    def __getitem__(self, index):
        return list.__getitem__(self._sent(), index)

    def __bool__(self):
        return bool(len(self))

    def __eq__(self, other):
        return list.__eq__(self._sent(), other)

    def clear(self):
        """Forget what has been sent so far (what is queued is sent first: it is in the past)."""
        list.clear(self._sent())

    __hash__ = None
