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
on the request from the units' partial indexes. The same trigger keeps the search's periods,
where a deep page's walk starts (``periods.py``).

A new count must not miss a write made while it is counted, nor count one twice: each writer's
trigger holds ``STORE_LOCK`` shared until its transaction ends; the reader storing a count
takes it exclusively, so it counts once every earlier writer has committed, and the later ones
wait until the cells are there, then add themselves. At most ``STORE_LIMIT`` searches are kept,
the least recently read dropped first (``search_reindex`` drops them all).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from django.contrib.postgres.search import SearchQuery
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from emulation_cluster.permissions import (
    is_cluster_admin,
    is_cluster_member,
    reading,
    unit_ids_with_role,
)
from emulation_cluster.search import registry
from emulation_cluster.search.models import (
    ADMINISTRATORS,
    EVERYONE,
    MEMBERS,
    SearchDocument,
    StoredCount,
    StoredCountCell,
    StoredCountPeriod,
)
from emulation_cluster.search.readable import readable

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
        """The reader ``user`` is; the same object while their reading stands (the kept reading,
        ``reading.kept_reading``, is one object until their roles change): their filter is
        forty conditions built again on every page otherwise (0.3 ms)."""
        person = reading(user)
        found = _READERS.get(user.pk)
        if found is None or found[0] is not person:
            if len(_READERS) >= READERS_MAX:
                _READERS.clear()
            found = _READERS[user.pk] = (person, cls._of(user))
        return found[1]

    @cached_property
    def own_documents_sql(self) -> tuple[str, tuple]:
        """The documents above the reader's audience that their own units give them, with the
        columns a count reads, as SQL: compiled once a reader (0.5 ms a page)."""
        units = list(self.unit_ids)
        own = (
            SearchDocument.objects.filter(readable(self.visible))
            .filter(
                Q(owner_unit_id__in=units) | Q(host_unit_id__in=units),
                audience__gt=self.audience,
            )
            .values("kind", "city_id", "year", "topic_ids", "score", "occurred_at", "search_vector")
        )
        return own.query.sql_with_params()

    @classmethod
    def _of(cls, user):
        if is_cluster_admin(user):
            audience = ADMINISTRATORS
        elif is_cluster_member(user):
            audience = MEMBERS
        else:
            audience = EVERYONE
        units = unit_ids_with_role(user) if audience == MEMBERS else frozenset()
        return cls(registry.visible_q(user), audience, units)


# Person → (their reading, their Reader), for ``Reader.of``.
_READERS: dict = {}
READERS_MAX = 10_000


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
    # PostgreSQL's estimate of all the search documents (0: not known yet), and the matches
    # under no filter: how densely the search is spread along the order, for the plan.
    documents: int = 0
    unfiltered: int = 0
    # facet name → [(value, count)], most first.
    facets: dict[str, list[tuple[object, int]]] = field(default_factory=dict)
    # Whether they were read from a kept count (else counted on the request), its id, and
    # whether its periods are kept too (``periods.keep_periods``).
    kept: bool = False
    stored_id: int | None = None
    periods_kept: bool = False


def tsquery(search: SearchText) -> SearchQuery:
    return SearchQuery(search.tsquery, search_type="raw", config="simple")


def matches(search: SearchText, visible: Q | None = None):
    """The documents the reader may see that hold the search (no order, no filters); every
    reader's when ``visible`` is None."""
    documents = SearchDocument.objects.filter(search_vector=tsquery(search))
    return documents if visible is None else documents.filter(readable(visible))


_TABLE_SIZE = (
    f"(SELECT reltuples::bigint FROM pg_class"
    f" WHERE oid = '{SearchDocument._meta.db_table}'::regclass)"
)
# Each document once per topic (``place`` 1 is where it counts once), or once with no topic.
_BY_TOPIC = " LEFT JOIN LATERAL unnest(d.topic_ids) WITH ORDINALITY AS u(topic, place) ON true"
_ONCE = "count(*) FILTER (WHERE u.place IS NULL OR u.place = 1)"


def _cube_sql(documents) -> tuple[str, list]:
    """``documents`` counted by (kind, city, year, topic) in one pass over them: each row gives
    how many documents have that topic (``n_topic``) and how many are counted there once
    (``n_doc``). Every facet, under any filters, is a sum over these rows (``_facets``)."""
    return _cube_of(
        *documents.values("kind", "city_id", "year", "topic_ids").query.sql_with_params()
    )


def _cube_of(sql: str, params, by: tuple[str, ...] = ()) -> tuple[str, list]:
    """``_cube_sql`` of the rows of ``sql`` (with kind, city_id, year and topic_ids), counted
    also by the columns ``by`` (which come first)."""
    keys = ", ".join(f"d.{column}" for column in (*by, "kind", "city_id", "year"))
    groups = ", ".join(str(n) for n in range(1, len(by) + 5))
    return (
        f"SELECT {keys}, u.topic, count(*) AS n_topic, {_ONCE} AS n_doc"
        f" FROM ({sql}) d {_BY_TOPIC} GROUP BY {groups}",
        list(params),
    )


# The grouping set of each facet (``GROUPING(kind, city_id, year, topic)``) and of the total.
_SETS = {7: "kind", 11: "city_id", 13: "year", 14: "topic_ids", 15: "total"}


def _facets(cube_sql: str, params: list, filters: Filters) -> Counts:
    """Total and facets of the cube ``cube_sql`` under ``filters``, summed in one pass over it
    (grouping sets): each facet under the other filters (choosing a kind leaves every kind
    listed)."""
    chosen = {
        "kind": filters.kind or None,
        "city_id": filters.city_id,
        "year": filters.year,
        "topic": filters.topic_id,
    }

    def where(leave_out: str) -> tuple[str, list]:
        kept = [(name, value) for name, value in chosen.items() if name != leave_out]
        kept = [(name, value) for name, value in kept if value is not None]
        return " AND ".join(["true", *(f"{name} = %s" for name, _v in kept)]), [
            value for _n, value in kept
        ]

    # Under a topic filter a document counts on its row of that topic, else once.
    def weight(leave_out: str) -> str:
        return "n_topic" if chosen["topic"] is not None and leave_out != "topic" else "n_doc"

    sums, arguments = [], []
    for name in ("kind", "city_id", "year", "topic", ""):
        condition, values = where(name)
        sums.append(
            f"sum({'n_topic' if name == 'topic' else weight(name)}) FILTER (WHERE {condition})"
        )
        arguments += values
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT GROUPING(kind, city_id, year, topic), kind, city_id, year, topic,"
            f" {', '.join(sums)}, sum(n_doc), {_TABLE_SIZE}"
            f" FROM ({cube_sql}) cube"
            " GROUP BY GROUPING SETS ((kind), (city_id), (year), (topic), ())",
            [*arguments, *params],
        )
        rows = cursor.fetchall()
    found = Counts(facets={name: [] for name in FACETS})
    for grouping, kind, city_id, year, topic, *numbers, unfiltered, documents in rows:
        name = _SETS[grouping]
        if name == "total":
            found.total, found.unfiltered = int(numbers[4] or 0), int(unfiltered or 0)
            found.documents = max(documents or 0, 0)
            continue
        position = ("kind", "city_id", "year", "topic_ids").index(name)
        value = (kind, city_id, year, topic)[position]
        n = numbers[position]
        if value is not None and n:
            found.facets[name].append((value, int(n)))
    for values in found.facets.values():
        values.sort(key=lambda item: (-item[1], item[0]))
    return found


def _kept(search: SearchText) -> tuple[int, bool] | None:
    """The id of the kept count of the search, if it is kept, and whether its periods are."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, last_used < now() - interval '{TOUCH_AFTER}', periods_kept"
            f" FROM {StoredCount._meta.db_table} WHERE text = %s",
            [search.tsquery],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    if row[1]:
        StoredCount.objects.filter(pk=row[0]).update(last_used=timezone.now())
    return row[0], row[2]


def _kept_cube_sql(search: SearchText, reader: Reader, stored_id: int) -> tuple[str, list]:
    """The cells of a kept search for ``reader``'s audience, and for a member what they see
    above it: documents of their own units only (restricted models and what is on them, drafts
    they edit, seminars their units prepare), counted from the units' partial indexes."""
    sql = (
        "SELECT kind, city_id, year, topic, n_topic, n_doc"
        f" FROM {StoredCountCell._meta.db_table} WHERE stored_id = %s AND audience <= %s"
    )
    params = [stored_id, reader.audience]
    if reader.audience == MEMBERS and reader.unit_ids:
        own_sql, own_params = reader.own_documents_sql
        # Behind OFFSET 0 the units' few documents are read first, then tested against the
        # search: left to itself, the planner guesses several words' matches far too few (412
        # for 30,288) and reads them all from the GIN index to keep the units' ones.
        cube, cube_params = _cube_of(
            f"SELECT kind, city_id, year, topic_ids FROM ({own_sql} OFFSET 0) own"
            " WHERE own.search_vector @@ to_tsquery('simple'::regconfig, %s)",
            [*own_params, search.tsquery],
        )
        sql, params = f"{sql} UNION ALL {cube}", [*params, *cube_params]
    return sql, params


def _common(search: SearchText) -> bool:
    """Whether the search is found in more than ``STORE_ABOVE`` documents (all readers')."""
    sql, params = matches(search).values("pk")[: STORE_ABOVE + 1].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM ({sql}) m", params)
        return cursor.fetchone()[0] > STORE_ABOVE


def store(search: SearchText) -> int | None:
    """Count a search once for every audience and keep it (see the module's docstring); the
    id of its kept count, or None when another reader kept it meanwhile."""
    documents = matches(search).values("audience", "kind", "city_id", "year", "topic_ids")
    cube, params = _cube_of(*documents.query.sql_with_params(), by=("audience",))
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
            return None  # kept by another reader meanwhile
        cursor.execute(
            f"INSERT INTO {cells} (stored_id, audience, kind, city_id, year, topic, n_topic, n_doc)"
            f" SELECT %s, cube.* FROM ({cube}) cube",
            [row[0], *params],
        )
        _forget(
            f"SELECT id FROM {stored} ORDER BY last_used DESC, id DESC OFFSET {STORE_LIMIT}",
            cursor,
        )
    return row[0]


# The commonest words are found in about this many documents, whatever the table's size.
COMMON_WORDS_SAMPLE = 100_000


def keep_common(top: int) -> int:
    """Count and keep the ``top`` commonest words (found in a sample of the documents) not
    kept yet, so that no reader waits for them first; how many were stored. Run by the
    periodic job ``keep_common_search_counts`` at night (a word counted is a lock held on the
    writers for its count: a second or so at full size)."""
    from emulation_cluster.search.query import parse

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {_TABLE_SIZE}")
        sample = max(1, (cursor.fetchone()[0] or 0) // COMMON_WORDS_SAMPLE)
        cursor.execute(
            "SELECT word FROM ts_stat(%s) ORDER BY ndoc DESC, word LIMIT %s",
            [
                f"SELECT search_vector FROM {SearchDocument._meta.db_table}"
                f" WHERE id % {sample} = 0",
                top,
            ],
        )
        words = [word for (word,) in cursor.fetchall()]
    stored = 0
    for word in words:
        search = parse(word)
        if not search.is_empty and _kept(search) is None and _common(search):
            store(search)
            stored += 1
    return stored


def forget_all() -> None:
    """Drop every kept count (rebuilding the index: they are counted again when asked)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", STORE_LOCK)
        _forget(f"SELECT id FROM {StoredCount._meta.db_table}", cursor)


def _forget(ids_sql: str, cursor) -> None:
    cursor.execute(f"DELETE FROM {StoredCountCell._meta.db_table} WHERE stored_id IN ({ids_sql})")
    cursor.execute(f"DELETE FROM {StoredCountPeriod._meta.db_table} WHERE stored_id IN ({ids_sql})")
    cursor.execute(f"DELETE FROM {StoredCount._meta.db_table} WHERE id IN ({ids_sql})")


def counts(search: SearchText, reader: Reader, filters: Filters) -> Counts:
    """Total and facets under ``filters`` of what ``reader`` finds."""
    kept = _kept(search)
    if kept is None and _common(search):
        stored_id = store(search)
        kept = (stored_id, False) if stored_id else _kept(search)
    if kept is None:
        return _facets(*_cube_sql(matches(search, reader.visible)), filters)
    found = _facets(*_kept_cube_sql(search, reader, kept[0]), filters)
    found.kept, (found.stored_id, found.periods_kept) = True, kept
    return found
