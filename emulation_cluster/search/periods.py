"""Where a deep page of a kept search starts its walk: its kept periods.

A page after the window of a common word is read by walking the proxy order (score, newest)
and testing each document; page 200 of "và" walked 4,213 rows from the top. A kept search's
periods (``StoredCountPeriod``: its matches by audience, score and ``PERIOD_SECONDS`` of
``occurred_at``) are counted once, for its first deep page (``keep_periods``), and from then on
kept exact by the documents' trigger beside the cells (migration ``emulation_cluster`` 0015).
The page's statement sums them in order, finds the period holding its first row, and walks
from there (``period_walk``): at most the rows of one period of one score.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import connection, transaction

from emulation_cluster.search.counts import STORE_LOCK, matches
from emulation_cluster.search.models import (
    MEMBERS,
    SearchDocument,
    StoredCount,
    StoredCountPeriod,
)

if TYPE_CHECKING:
    from emulation_cluster.search.counts import Reader
    from emulation_cluster.search.query import SearchText

# A kept period: 30 days of ``occurred_at`` (the trigger of migration 0015 says the same). A
# page deep in a common word's order walks at most one period of one score before its rows:
# about 800 models holding "và" at full size.
PERIOD_SECONDS = 2_592_000
PERIOD_SQL = f"floor(extract(epoch FROM {{}}.occurred_at) / {PERIOD_SECONDS})::int"


def keep_periods(search: SearchText, stored_id: int) -> None:
    """Count the kept search's periods, once, for its first deep page: from then on the
    trigger keeps them with the cells. Not done by ``counts.store``: a second pass over the
    matches (1 s more for the first reader of "và" at full size) that most searches, never read
    past their first pages, would not use. Under ``STORE_LOCK``, as ``store``."""
    documents, params = (
        matches(search).values("audience", "score", "occurred_at").query.sql_with_params()
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", STORE_LOCK)
        cursor.execute(
            f"UPDATE {StoredCount._meta.db_table} SET periods_kept = true"
            " WHERE id = %s AND NOT periods_kept RETURNING id",
            [stored_id],
        )
        if cursor.fetchone() is None:
            return  # kept by another reader meanwhile, or forgotten
        cursor.execute(
            f"INSERT INTO {StoredCountPeriod._meta.db_table}"
            " (stored_id, audience, score, period, n)"
            f" SELECT %s, d.audience, d.score, {PERIOD_SQL.format('d')}, count(*)"
            f" FROM ({documents}) d GROUP BY 2, 3, 4",
            [stored_id, *params],
        )


# Where a deep page's walk starts: the first row of the kept period holding its first row.
_DOCUMENTS = SearchDocument._meta.db_table
# With no period (the search forgotten meanwhile) every row is after the cut, and the
# offset is the page's own: the page walked from the top.
FROM_CUT = (
    f'ROW("{_DOCUMENTS}"."score", "{_DOCUMENTS}"."occurred_at")'
    " < ROW(coalesce((SELECT score FROM cut), 32767),"
    " coalesce((SELECT period_end FROM cut), 'infinity'))"
)


def period_walk(
    rows_sql: str,
    rows_params,
    search: SearchText,
    reader: Reader,
    stored_id: int,
    start: int,
    size: int,
) -> tuple[str, list]:
    """``size`` rows from row ``start`` of ``rows_sql`` (the reader's matches of a kept search
    in the proxy order, from ``FROM_CUT`` on), its walk started at the kept period holding row
    ``start`` instead of the top of the order: page 200 of "và" walked 4,213 rows, now at most
    the rows of one period (the periods of the reader's audience, and for a member their own
    units' few documents above it, summed in order; one statement, one snapshot)."""
    parts = [
        f"SELECT score, period, n FROM {StoredCountPeriod._meta.db_table}"
        " WHERE stored_id = %s AND audience <= %s"
    ]
    params = [stored_id, reader.audience]
    if reader.audience == MEMBERS and reader.unit_ids:
        own_sql, own_params = reader.own_documents_sql
        parts.append(
            f"SELECT own.score, {PERIOD_SQL.format('own')}, 1 FROM ({own_sql} OFFSET 0) own"
            " WHERE own.search_vector @@ to_tsquery('simple'::regconfig, %s)"
        )
        params += [*own_params, search.tsquery]
    sql = (
        f"WITH periods AS (SELECT score, period, sum(n) AS n FROM ({' UNION ALL '.join(parts)}) p"
        " GROUP BY score, period),"
        " placed AS (SELECT score, period, sum(n) OVER (ORDER BY score DESC, period DESC"
        " ROWS UNBOUNDED PRECEDING) - n AS before FROM periods),"
        f" cut AS (SELECT score, to_timestamp((period + 1) * {PERIOD_SECONDS}.0) AS period_end,"
        " before FROM placed WHERE before <= %s"
        # Forgotten meanwhile: no period of the audience, and the reader's own few alone would
        # place the cut wrong.
        f" AND EXISTS (SELECT FROM {StoredCount._meta.db_table} WHERE id = %s AND periods_kept)"
        " ORDER BY before DESC, score, period LIMIT 1) "
        f"{rows_sql} LIMIT %s OFFSET (%s - coalesce((SELECT before FROM cut), 0))"
    )
    return sql, [*params, start, stored_id, *rows_params, size, start]
