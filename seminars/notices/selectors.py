"""Reading a person's notices: the list and the bell's number apply the same rule."""

from django.db.models import Q

from emulation_cluster.permissions import cached
from seminars.notices.models import Notice, NotificationPreference
from seminars.qa.permissions import visible_questions_q


def visible_notices(user):
    """The user's notices; one about a question shows only while they may still see it."""
    return Notice.objects.filter(user=user).filter(
        Q(question__isnull=True) | visible_questions_q(user, "question__")
    )


def unread_count(user) -> int:
    """The bell's number (once per request, however many places show it); 0 for a visitor."""
    if not user.is_authenticated:
        return 0
    return cached(
        user,
        "unread_notices",
        lambda: visible_notices(user).filter(read_at__isnull=True).count(),
    )


def email_kinds_off(user) -> set[str]:
    return set(
        NotificationPreference.objects.filter(user=user, email=False).values_list("kind", flat=True)
    )
