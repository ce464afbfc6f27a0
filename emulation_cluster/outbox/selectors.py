from emulation_cluster.outbox.models import MessageState, OutgoingMessage


def failed_count() -> int:
    """Messages that failed for good and wait for an administrator (the profile shows it)."""
    return OutgoingMessage.objects.filter(state=MessageState.FAILED).count()
