"""The exact number of rows of a list, read once per change of what the list holds.

Counting a common word's matches reads every matching row (and its vector): ~500 ms for "tuan
tra" in 100,000 models (bench/README.md), too slow for every page. The total is therefore
stored under the list's own count query (its SQL and parameters: the filters, the search and
the reader's visibility class) and the generation it was read in. The database bumps that
generation (triggers, e.g. models_registry migration 0008) in the transaction of every write
that can change the list or who may see it.

One statement reads the generation, the stored total if it was read in that generation, and
otherwise counts and stores it: a single snapshot, so a total is never stored under a
generation other than the one its rows belong to, and a reader never sees a stale total. The
COUNT is an InitPlan behind a one-time filter: not executed at all when a total is stored. A
key's row is overwritten by its next count; a list nobody reads again leaves one small row.

Beside the total, the row keeps the *positions* a searched list's deep pages were found at
(``starts``: a row number → the list's order columns of the row there, ``keep_starts``), read
with the total in the same statement and forgotten with it at the next generation: a page
after one already read, or read again, starts from there instead of skipping thousands of
matches (``relevance``).
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connection

_READ_OR_COUNT = """
WITH generation AS (
    SELECT value FROM {generations} WHERE id = 1
), stored AS (
    SELECT counted.total, counted.starts FROM {counts} AS counted, generation
    WHERE counted.key = %s AND counted.generation = generation.value
), fresh AS (
    SELECT (SELECT count(*) FROM ({query}) AS listed) AS total, '{}'::jsonb AS starts
    WHERE NOT EXISTS (SELECT 1 FROM stored)
), kept AS (
    INSERT INTO {counts} AS counted (key, generation, total)
    SELECT %s, generation.value, fresh.total FROM generation, fresh
    ON CONFLICT (key) DO UPDATE
    SET generation = excluded.generation, total = excluded.total, starts = '{}'
    WHERE counted.generation < excluded.generation
)
SELECT listed.total, listed.starts,
       (SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass)
FROM (SELECT total, starts FROM stored UNION ALL SELECT total, starts FROM fresh) AS listed
"""
# Positions kept per list and generation; past this many the older ones are dropped.
STARTS_KEPT = 100
# A reader never waits to keep positions: a row another request is writing is left alone.
_KEEP_STARTS = """
UPDATE {counts} SET starts = CASE
    WHEN (SELECT count(*) FROM jsonb_object_keys(starts)) >= %s THEN %s::jsonb
    ELSE starts || %s::jsonb END
WHERE ctid = (SELECT ctid FROM {counts} WHERE key = %s FOR UPDATE SKIP LOCKED)
"""
MODEL_TABLES = ("models_registry_model_generation", "models_registry_model_count")


def _exact(value):
    """Times to the microsecond (Django's JSON encoder keeps milliseconds): a position is
    compared with the rows' own values."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not an order column kept in a position")


@dataclass(frozen=True)
class StoredCount:
    """A list's exact total, PostgreSQL's estimate of its table's rows (0: not known), and the
    positions kept for it (row number → order values, as JSON gave them)."""

    total: int
    table_rows: int = 0
    key: str = ""
    tables: tuple[str, str] = MODEL_TABLES
    starts: dict = field(default_factory=dict)

    def nearest_start(self, start: int) -> tuple[int, list | None]:
        """The kept position at or before row ``start`` nearest to it: (its row, its order
        values), or (0, None) when none is kept."""
        kept = [int(number) for number in self.starts if int(number) <= start]
        if not kept:
            return 0, None
        number = max(kept)
        return number, self.starts[str(number)]

    def keep_starts(self, found: dict) -> None:
        """Keep those of ``found`` (row number → order values) not kept yet, for the next
        pages (one query, none when all were kept)."""
        _generations, counts = self.tables
        learnt = {
            str(number): values
            for number, values in found.items()
            if str(number) not in self.starts
        }
        if not self.key or not learnt:
            return
        learnt = json.dumps(learnt, default=_exact)
        with connection.cursor() as cursor:
            cursor.execute(
                _KEEP_STARTS.replace("{counts}", counts),
                [STARTS_KEPT, learnt, learnt, self.key],
            )


def stored_total(queryset, tables: tuple[str, str] = MODEL_TABLES) -> int:
    """How many rows ``queryset`` has (one query; a COUNT only the first time since a change).
    ``tables``: the generation's table and the counts' table whose triggers follow it."""
    return stored_count(queryset, tables).total


def stored_count(queryset, tables: tuple[str, str] = MODEL_TABLES) -> StoredCount:
    """``stored_total`` and, in the same query, PostgreSQL's estimate of the rows of the
    queryset's table (which the search's plan weighs the total against) and the positions
    kept for the list."""
    generations, counts = tables
    try:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:
        return StoredCount(0)  # nothing can match (a search of no word): no query to count

    key = hashlib.sha256(repr((sql, params)).encode()).hexdigest()
    statement = (
        _READ_OR_COUNT.replace("{generations}", generations)
        .replace("{counts}", counts)
        .replace("{query}", sql)
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [key, *params, key, queryset.model._meta.db_table])
        total, starts, size = cursor.fetchone()
    # Django's connections give jsonb as its text.
    starts = json.loads(starts) if isinstance(starts, str) else starts
    return StoredCount(total, max(size or 0, 0), key, tables, starts or {})
