"""Reading a person's notices: the list and the bell's number apply the same rule."""

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from emulation_cluster.page_cache.store import content_version
from emulation_cluster.permissions import cached, reading, remember
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


# The bell's statements, built once a person and process while their reading stands (the kept
# reading, ``reading.kept_reading``, is the same object until their roles change): the ORM
# took 0.8 ms to build one, most of what a page kept for them costs beyond the bare request.
_UNREAD_STATEMENTS: dict = {}
UNREAD_STATEMENTS_MAX = 10_000
# The statement reads a stamp of the person's unread notices (how many, the largest id, the sum
# of ids: any notice added, read or deleted changes it) and counts the visible ones only when
# the stamp is not the one given: the count is an InitPlan behind the CASE, not run otherwise.
_STAMPED = """
WITH {opened}stamp AS (
    SELECT count(*) AS n, coalesce(max(id), 0) AS top, coalesce(sum(id), 0) AS total
    FROM {notices} WHERE user_id = %s AND read_at IS NULL{not_opened}
)
SELECT n, top, total, CASE WHEN (n, top, total) = (%s, %s, %s) THEN NULL
                           ELSE (SELECT COUNT(*) FROM ({sql}) unread WHERE TRUE{not_opened}) END
FROM stamp
"""
# Opening a question or a seminar marks its notices read in the same statement (a question
# page kept for its reader otherwise costs one statement more on every request). The rest of
# the statement sees the rows as they were before it, so it leaves out those it marked.
_OPENED = """opened AS (
    UPDATE {notices} SET read_at = %s
    WHERE user_id = %s AND read_at IS NULL AND {column} = %s RETURNING id
), """
_NOT_OPENED = " AND id NOT IN (SELECT id FROM opened)"
# What a notice is about, by the column that says it: the question, or the page's address.
OPENED_COLUMNS = ("question_id", "url")
# Counts of this process: person → (reading, kept pages' version, stamp, count). The count is
# used again while the stamp, the person's reading and the version of what members see (which
# moves after every write that can hide a question from them, page_cache) all stand.
_COUNTED: dict = {}


def count_unread_on_opening(user, column: str, value) -> int:
    """Mark read the user's notices whose ``column`` is ``value`` (the question or page they now
    open) and give the bell's number after it, in one statement; the page's bell then reads it
    from the request's memo."""
    return remember(user, "unread_notices", _count_unread(user, opened=(column, value)))


def _statement(user, column):
    found = _UNREAD_STATEMENTS.get(user.pk)
    if found is None or found[0] is not reading(user):
        unread = visible_notices(user).filter(read_at__isnull=True).order_by().values("id")
        sql, params = unread.query.sql_with_params()
        if len(_UNREAD_STATEMENTS) >= UNREAD_STATEMENTS_MAX:
            _UNREAD_STATEMENTS.clear()
            _COUNTED.clear()
        found = _UNREAD_STATEMENTS[user.pk] = (reading(user), sql, params, {})
    person_reading, sql, params, statements = found
    statement = statements.get(column)
    if statement is None:
        if column is not None and column not in OPENED_COLUMNS:
            raise ValueError(column)
        opened = _OPENED.replace("{column}", column) if column else ""
        statement = statements[column] = (
            _STAMPED.replace("{opened}", opened)
            .replace("{not_opened}", _NOT_OPENED if column else "")
            .replace("{notices}", Notice._meta.db_table)
            .replace("{sql}", sql)
        )
    return person_reading, statement, params


def _count_unread(user, opened=None) -> int:
    column, value = opened or (None, None)
    person_reading, statement, params = _statement(user, column)
    version = content_version(user)
    before = _COUNTED.get(user.pk)
    usable = before is not None and version is not None and before[:2] == (person_reading, version)
    stamp = before[2] if usable else (-1, -1, -1)
    marking = [timezone.now(), user.pk, value] if column else []
    with connection.cursor() as cursor:
        cursor.execute(statement, [*marking, user.pk, *stamp, *params])
        n, top, total, count = cursor.fetchone()
    if count is None:
        return before[3]
    if version is not None:
        _COUNTED[user.pk] = (person_reading, version, (n, top, int(total)), count)
    return count


def email_kinds_off(user) -> set[str]:
    return set(
        NotificationPreference.objects.filter(user=user, email=False).values_list("kind", flat=True)
    )
