"""Reading a person's notices: the list and the bell's number apply the same rule."""

from django.db import connection
from django.db.models import Q

from emulation_cluster.permissions import cached, reading
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
    return cached(user, "unread_notices", lambda: _count_unread(user))


# The bell's statement, built once a person and process while their reading stands (the kept
# reading, ``reading.kept_reading``, is the same object until their roles change): the ORM
# took 0.8 ms to build it, most of what a page kept for them costs beyond the bare request.
_UNREAD_STATEMENTS: dict = {}
UNREAD_STATEMENTS_MAX = 10_000


def _count_unread(user) -> int:
    found = _UNREAD_STATEMENTS.get(user.pk)
    if found is None or found[0] is not reading(user):
        unread = visible_notices(user).filter(read_at__isnull=True).values("pk")
        sql, params = unread.query.sql_with_params()
        if len(_UNREAD_STATEMENTS) >= UNREAD_STATEMENTS_MAX:
            _UNREAD_STATEMENTS.clear()
        found = _UNREAD_STATEMENTS[user.pk] = (
            reading(user),
            f"SELECT COUNT(*) FROM ({sql}) unread",
            params,
        )
    _reading, statement, params = found
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchone()[0]


def email_kinds_off(user) -> set[str]:
    return set(
        NotificationPreference.objects.filter(user=user, email=False).values_list("kind", flat=True)
    )
