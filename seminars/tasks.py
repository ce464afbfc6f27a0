"""Periodic jobs of seminars and Q&A, run by Procrastinate's worker (no cron).

Every worker on every host runs Procrastinate's periodic deferrer, and each period's job is
deferred once only (Procrastinate records each (task, period) in ``procrastinate_periodic_defers``
under a unique constraint); the ``queueing_lock`` also keeps a slow run from piling up behind it.
What a run sends, it sends once (``seminars.reminders``).
"""

import logging

from django.conf import settings
from django.utils import timezone
from procrastinate.contrib.django import app

from seminars.digest import digests_send
from seminars.enums import ReminderKind
from seminars.qa.unit_figures import figures_refresh
from seminars.reminders import question_reminders_send, seminar_reminders_send
from seminars.spread.cache import dashboards_warm

logger = logging.getLogger(__name__)


def _log(lines: list[str]) -> int:
    for line in lines:
        logger.info(line)
    return len(lines)


@app.periodic(cron=settings.REMINDERS_CRON, periodic_id="seminar-reminders")
@app.task(queue="reminders", queueing_lock="seminar-reminders")
def send_seminar_reminders(timestamp: int) -> int:
    return _log(
        seminar_reminders_send(
            now=timezone.now(),
            base_url=settings.PORTAL_URL,
            hours=settings.SEMINAR_REMINDER_BEFORE_HOURS,
        )
    )


def _questions(kind) -> int:
    return _log(
        question_reminders_send(kind=kind, now=timezone.now(), base_url=settings.PORTAL_URL)
    )


@app.periodic(cron=settings.REMINDERS_CRON, periodic_id="question-reminders")
@app.task(queue="reminders", queueing_lock="question-reminders")
def send_question_reminders(timestamp: int) -> int:
    return _questions(ReminderKind.REMINDER)


@app.periodic(cron=settings.REMINDERS_CRON, periodic_id="question-escalations")
@app.task(queue="reminders", queueing_lock="question-escalations")
def send_question_escalations(timestamp: int) -> int:
    return _questions(ReminderKind.ESCALATION)


@app.periodic(cron=settings.DIGEST_CRON, periodic_id="weekly-digest")
@app.task(queue="reminders", queueing_lock="weekly-digest")
def send_weekly_digests(timestamp: int) -> int:
    """Each person's digest of the week, once (``seminars.digest``): a run again sends none."""
    return _log(digests_send(now=timezone.now(), base_url=settings.PORTAL_URL))


@app.periodic(cron=settings.UNIT_FIGURES_CRON, periodic_id="unit-question-figures")
@app.task(queue="reminders", queueing_lock="unit-question-figures")
def refresh_unit_question_figures(timestamp: int) -> int:
    """Every unit's figures on the questions to it (``seminars.qa.unit_figures``)."""
    return figures_refresh(now=timezone.now())


@app.periodic(cron=settings.DASHBOARD_WARM_CRON, periodic_id="dashboards-warm")
@app.task(queue="reminders", queueing_lock="dashboards-warm")
def warm_dashboards(timestamp: int) -> int:
    """The cluster dashboards counted again before their kept figures lapse
    (``seminars.spread.cache``): readers do not wait for twenty aggregate queries."""
    return _log(dashboards_warm())
