from datetime import timedelta

from django.utils import timezone
from procrastinate.contrib.django.models import ProcrastinateWorker

from emulation_cluster.outbox.models import MessageState, OutgoingMessage

# Procrastinate's workers write a heartbeat every 10 s; one silent for a minute is gone.
WORKER_SILENT_AFTER = timedelta(seconds=60)


def failed_count() -> int:
    """Messages that failed for good and wait for an administrator (the profile shows it)."""
    return OutgoingMessage.objects.filter(state=MessageState.FAILED).count()


def running_workers() -> int:
    """Background workers alive now (a recent heartbeat), on any host."""
    return ProcrastinateWorker.objects.filter(
        last_heartbeat__gte=timezone.now() - WORKER_SILENT_AFTER
    ).count()


def oldest_queued():
    """When the message that has waited longest was queued (None: nothing waits)."""
    queued = OutgoingMessage.objects.filter(state=MessageState.QUEUED).order_by("created_at")
    return queued.values_list("created_at", flat=True).first()
