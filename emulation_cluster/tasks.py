"""Background jobs of the cluster app, run by Procrastinate's worker (``manage.py procrastinate
worker``): sending the outbox, the sweep that keeps no message waiting without a job, and the
nightly count of the commonest search words."""

from datetime import timedelta

from django.conf import settings
from procrastinate import BaseRetryStrategy, RetryDecision
from procrastinate.contrib.django import app

from emulation_cluster.outbox import sending
from emulation_cluster.search import counts


class OutboxRetry(BaseRetryStrategy):
    """Exponential back-off read from the settings at each failure (tests and the load bench
    shorten it): ``OUTBOX_RETRY_BASE_SECONDS`` × 2^attempt, at most ``OUTBOX_RETRY_MAX_SECONDS``.

    The message's own count of attempts decides when it has failed for good (``sending.send``);
    the job is retried on any error, the database's own included, until then."""

    def get_retry_decision(self, *, exception, job):
        if job.attempts + 1 >= settings.OUTBOX_MAX_ATTEMPTS:
            return None
        wait = settings.OUTBOX_RETRY_BASE_SECONDS * 2**job.attempts
        return RetryDecision(retry_in={"seconds": min(wait, settings.OUTBOX_RETRY_MAX_SECONDS)})


@app.task(queue="mail", retry=OutboxRetry())
def send_outgoing_message(message_id: int) -> str | None:
    state = sending.send(message_id)
    return state and str(state)


@app.periodic(cron=settings.OUTBOX_SWEEP_CRON, periodic_id="outbox-sweep")
@app.task(queue="mail", queueing_lock="outbox-sweep")
def sweep_outbox(timestamp: int) -> int:
    """Queued messages without a job get one; sent ones older than ``OUTBOX_KEEP_DAYS`` go."""
    sending.forget_sent(older_than=timedelta(days=settings.OUTBOX_KEEP_DAYS))
    return sending.requeue_stalled()


@app.periodic(cron=settings.SEARCH_COUNTS_CRON, periodic_id="search-common-counts")
@app.task(queueing_lock="search-common-counts")
def keep_common_search_counts(timestamp: int) -> int:
    """The commonest words' search counts kept before anyone asks (``search.counts``)."""
    return counts.keep_common(settings.SEARCH_KEEP_COMMON_WORDS)
