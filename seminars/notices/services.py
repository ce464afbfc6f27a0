"""Writes to a person's notices: marking them read, and which kinds also come by email."""

from django.db import transaction
from django.utils import timezone

from seminars.enums import EMAIL_CHOICE_KINDS
from seminars.notices import selectors
from seminars.notices.models import Notice, NotificationPreference


def notices_mark_read(*, user, notice_ids=None) -> int:
    """Mark read the user's unread notices: those named, or all of them."""
    notices = Notice.objects.filter(user=user, read_at__isnull=True)
    if notice_ids is not None:
        notices = notices.filter(pk__in=notice_ids)
    return notices.update(read_at=timezone.now())


def notices_opened(*, user, question=None, url=None) -> None:
    """The reader opened a question (its id) or a page (its address): the notices about it are
    marked read, so the bell, counted in the same statement, stops counting them."""
    if not user.is_authenticated:
        return
    column, value = ("question_id", question) if question is not None else ("url", url)
    selectors.count_unread_on_opening(user, column, value)


@transaction.atomic
def preferences_save(*, user, email_on: set[str]) -> set[str]:
    """Email on for the kinds in ``email_on``, off for the others; returns the kinds off."""
    off = {kind for kind in EMAIL_CHOICE_KINDS if kind not in email_on}
    NotificationPreference.objects.filter(user=user).delete()
    NotificationPreference.objects.bulk_create(
        [NotificationPreference(user=user, kind=kind, email=False) for kind in sorted(off)]
    )
    return off
