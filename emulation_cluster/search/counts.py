"""How many documents a reader finds, by kind, city, year and topic: exact at any size.

A rare word is counted when it is asked (a few hundred rows). A common word's matches are
hundreds of thousands of rows, too many to count per request, so a search found in more than
``STORE_ABOVE`` documents is counted once, for every reader at once, into cells (``StoredCount``,
``StoredCountCell``: its matches by audience, kind, city, year and topic), and from then on kept
exact by a trigger on the documents (migration ``emulation_cluster`` 0011): every insert,
update or delete of a document adds or takes away its cells for each stored search it matches,
in the write's own transaction. A reader's count is the sum of the cells of the audiences up to
theirs (``SearchDocument.audience``: everyone, members, administrators), plus for a member the
few documents above it they see through their own units (restricted models, drafts), counted
on the request from the units' partial indexes.

A new count must not miss a write made while it is counted, nor count one twice: each writer's
trigger holds ``STORE_LOCK`` shared until its transaction ends; the reader storing a count
takes it exclusively, so it counts once every earlier writer has committed, and the later ones
wait until the cells are there, then add themselves. At most ``STORE_LIMIT`` searches are kept,
the least recently read dropped first (``search_reindex`` drops them all).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.contrib.postgres.search import SearchQuery
from django.db import connection, transaction
from django.db.models import Q

from emulation_cluster.permissions import is_cluster_admin, is_cluster_member, unit_ids_with_role
from emulation_cluster.search import registry
from emulation_cluster.search.models import (
    ADMINISTRATORS,
    EVERYONE,
    MEMBERS,
    SearchDocument,
    StoredCount,
    StoredCountCell,
)

if TYPE_CHECKING:  # the parser folds with the index's words, and the index forgets counts
    from emulation_cluster.search.query import SearchText

STORE_ABOVE = 2000
STORE_LIMIT = 1000
STORE_LOCK = (7312, 1)
# A kept search's last reading is written at most this often (a write per read would do).
TOUCH_AFTER = "1 hour"
# In the order of the cube's columns.
FACETS = ("kind", "city_id", "year", "topic_ids")


@dataclass(frozen=True)
class Reader:
    """What the counts need of a user: their filter over the documents, their audience (the
    documents they see wholesale) and the units through which they see a few more."""

    visible: Q
    audience: int
    unit_ids: frozenset[int] = frozenset()

    @classmethod
    def of(cls, user):
        if is_cluster_admin(user):
            audience = ADMINISTRATORS
        elif is_cluster_member(user):
            audience = MEMBERS
        else:
            audience = EVERYONE
        units = unit_ids_with_role(user) if audience == MEMBERS else frozenset()
        return cls(registry.visible_q(user), audience, units)


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    city_id: int | None = None
    topic_id: int | None = None
    year: int | None = None

    def q(self, leave_out: str = "") -> Q:
        """The filters as a condition, less the one named ``leave_out`` (its own facet)."""
        condition = Q()
        if self.kind and leave_out != "kind":
            condition &= Q(kind=self.kind)
        if self.city_id is not None and leave_out != "city_id":
            condition &= Q(city_id=self.city_id)
        if self.topic_id is not None and leave_out != "topic_ids":
            condition &= Q(topic_ids__contains=[self.topic_id])
        if self.year is not None and leave_out != "year":
            condition &= Q(year=self.year)
        return condition


@dataclass
class Counts:
    total: int = 0
    # PostgreSQL's estimate of all the search documents (0: not known yet), for the plan.
    documents: int = 0
    # facet name → [(value, count)], most first.
    facets: dict[str, list[tuple[object, int]]] = field(default_factory=dict)
    # Whether they were read from a kept count (else counted on the request).
    kept: bool = False


def tsquery(search: SearchText) -> SearchQuery:
    return SearchQuery(search.tsquery, search_type="raw", config="simple")


def matches(search: SearchText, visible: Q | None = None):
    """The documents the reader may see that hold the search (no order, no filters); every
    reader's when ``visible`` is None."""
    documents = SearchDocument.objects.filter(search_vector=tsquery(search))
    return documents if visible is None else documents.filter(visible)


_TABLE_SIZE = (
    f"(SELECT reltuples::bigint FROM pg_class"
    f" WHERE oid = '{SearchDocument._meta.db_table}'::regclass)"
)
# Each document once per topic (``place`` 1 is where it counts once), or once with no topic.
_BY_TOPIC = " LEFT JOIN LATERAL unnest(d.topic_ids) WITH ORDINALITY AS u(topic, place) ON true"
_ONCE = "count(*) FILTER (WHERE u.place IS NULL OR u.place = 1)"


def _cube(documents) -> list[tuple]:
    """``documents`` counted by (kind, city, year, topic) in one pass over them: each row gives
    how many documents have that topic and how many are counted there once; with the table's
    size (for the plan of the rows, at no extra query)."""
    sql, params = documents.values("kind", "city_id", "year", "topic_ids").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT d.kind, d.city_id, d.year, u.topic, count(*), {_ONCE}, {_TABLE_SIZE}"
            f" FROM ({sql}) d {_BY_TOPIC} GROUP BY 1, 2, 3, 4",
            params,
        )
        return list(cursor.fetchall())


def _kept_cube(search: SearchText, reader: Reader) -> list[tuple] | None:
    """The cells of a kept search for ``reader``'s audience; None if it is not kept."""
    stored = StoredCount._meta.db_table
    cells = StoredCountCell._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT c.kind, c.city_id, c.year, c.topic, sum(c.n_topic), sum(c.n_doc),"
            f" {_TABLE_SIZE}, s.id, s.last_used < now() - interval '{TOUCH_AFTER}'"
            f" FROM {stored} s LEFT JOIN {cells} c ON c.stored_id = s.id AND c.audience <= %s"
            " WHERE s.text = %s GROUP BY s.id, 1, 2, 3, 4",
            [reader.audience, search.tsquery],
        )
        rows = cursor.fetchall()
    if not rows:
        return None
    if rows[0][8]:
        StoredCount.objects.filter(pk=rows[0][7]).update(last_used=_now())
    return [row[:7] for row in rows if row[0] is not None]


def _now():
    from django.utils import timezone

    return timezone.now()


def _own_units_cube(search: SearchText, reader: Reader) -> list[tuple]:
    """What a member sees above their audience: documents of their own units only (restricted
    models and what is on them, drafts they edit, seminars their units prepare)."""
    if reader.audience != MEMBERS or not reader.unit_ids:
        return []
    units = list(reader.unit_ids)
    return _cube(
        matches(search, reader.visible).filter(
            Q(owner_unit_id__in=units) | Q(host_unit_id__in=units), audience__gt=reader.audience
        )
    )


def _common(search: SearchText) -> bool:
    """Whether the search is found in more than ``STORE_ABOVE`` documents (all readers')."""
    sql, params = matches(search).values("pk")[: STORE_ABOVE + 1].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM ({sql}) m", params)
        return cursor.fetchone()[0] > STORE_ABOVE


def store(search: SearchText) -> None:
    """Count a search once for every audience and keep it (see the module's docstring)."""
    documents = matches(search).values("audience", "kind", "city_id", "year", "topic_ids")
    sql, params = documents.query.sql_with_params()
    stored = StoredCount._meta.db_table
    cells = StoredCountCell._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", STORE_LOCK)
        cursor.execute(
            f"INSERT INTO {stored} (text, query, last_used)"
            " VALUES (%s, to_tsquery('simple', %s), now())"
            " ON CONFLICT (text) DO NOTHING RETURNING id",
            [search.tsquery, search.tsquery],
        )
        row = cursor.fetchone()
        if row is None:
            return  # kept by another reader meanwhile
        cursor.execute(
            f"INSERT INTO {cells} (stored_id, audience, kind, city_id, year, topic, n_topic, n_doc)"
            f" SELECT %s, d.audience, d.kind, d.city_id, d.year, u.topic, count(*), {_ONCE}"
            f" FROM ({sql}) d {_BY_TOPIC} GROUP BY 2, 3, 4, 5, 6",
            [row[0], *params],
        )
        _forget(
            f"SELECT id FROM {stored} ORDER BY last_used DESC, id DESC OFFSET {STORE_LIMIT}",
            cursor,
        )


def forget_all() -> None:
    """Drop every kept count (rebuilding the index: they are counted again when asked)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", STORE_LOCK)
        _forget(f"SELECT id FROM {StoredCount._meta.db_table}", cursor)


def _forget(ids_sql: str, cursor) -> None:
    cursor.execute(f"DELETE FROM {StoredCountCell._meta.db_table} WHERE stored_id IN ({ids_sql})")
    cursor.execute(f"DELETE FROM {StoredCount._meta.db_table} WHERE id IN ({ids_sql})")


def _facets(cube: list[tuple], filters: Filters) -> Counts:
    chosen = {"kind": filters.kind or None, "city_id": filters.city_id, "year": filters.year}
    chosen["topic_ids"] = filters.topic_id

    def kept(row, leave_out):
        return all(
            value is None or name == leave_out or row[position] == value
            for position, (name, value) in enumerate(chosen.items())
        )

    def weight(row, leave_out):
        # Under a topic filter a document counts on its row of that topic, else once.
        return row[4] if chosen["topic_ids"] is not None and leave_out != "topic_ids" else row[5]

    facets = {}
    for position, name in enumerate(FACETS):
        sums: dict = {}
        for row in cube:
            if row[position] is not None and kept(row, name):
                amount = row[4] if name == "topic_ids" else weight(row, name)
                sums[row[position]] = sums.get(row[position], 0) + amount
        facets[name] = sorted(
            ((value, n) for value, n in sums.items() if n), key=lambda item: (-item[1], item[0])
        )
    total = sum(weight(row, "") for row in cube if kept(row, ""))
    documents = max(cube[0][6], 0) if cube else 0
    return Counts(total=total, facets=facets, documents=documents)


def counts(search: SearchText, reader: Reader, filters: Filters) -> Counts:
    """Total and facets under ``filters`` of what ``reader`` finds."""
    cube = _kept_cube(search, reader)
    if cube is None and _common(search):
        store(search)
        cube = _kept_cube(search, reader)
    if cube is None:
        return _facets(_cube(matches(search, reader.visible)), filters)
    found = _facets(cube + _own_units_cube(search, reader), filters)
    found.kept = True
    return found
