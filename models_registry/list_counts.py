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
"""

import hashlib

from django.core.exceptions import EmptyResultSet
from django.db import connection

_READ_OR_COUNT = """
WITH generation AS (
    SELECT value FROM {generations} WHERE id = 1
), stored AS (
    SELECT counted.total FROM {counts} AS counted, generation
    WHERE counted.key = %s AND counted.generation = generation.value
), fresh AS (
    SELECT (SELECT count(*) FROM ({query}) AS listed) AS total
    WHERE NOT EXISTS (SELECT 1 FROM stored)
), kept AS (
    INSERT INTO {counts} AS counted (key, generation, total)
    SELECT %s, generation.value, fresh.total FROM generation, fresh
    ON CONFLICT (key) DO UPDATE SET generation = excluded.generation, total = excluded.total
    WHERE counted.generation < excluded.generation
)
SELECT listed.total, (SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass)
FROM (SELECT total FROM stored UNION ALL SELECT total FROM fresh) AS listed
"""
MODEL_TABLES = ("models_registry_model_generation", "models_registry_model_count")


def stored_total(queryset, tables: tuple[str, str] = MODEL_TABLES) -> int:
    """How many rows ``queryset`` has (one query; a COUNT only the first time since a change).
    ``tables``: the generation's table and the counts' table whose triggers follow it."""
    return stored_total_and_size(queryset, tables)[0]


def stored_total_and_size(queryset, tables: tuple[str, str] = MODEL_TABLES) -> tuple[int, int]:
    """``stored_total`` and, in the same query, PostgreSQL's estimate of the rows of the
    queryset's table (0: not known yet), which the search's plan weighs the total against."""
    generations, counts = tables
    try:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:
        return 0, 0  # nothing can match (a search of no word): no query to count

    key = hashlib.sha256(repr((sql, params)).encode()).hexdigest()
    statement = (
        _READ_OR_COUNT.replace("{generations}", generations)
        .replace("{counts}", counts)
        .replace("{query}", sql)
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [key, *params, key, queryset.model._meta.db_table])
        total, size = cursor.fetchone()
    return total, max(size or 0, 0)
