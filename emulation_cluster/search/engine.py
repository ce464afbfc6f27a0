"""Running a search over the documents a reader may see: counts, facets, a ranked page.

The order, at any size:

- a search with at most ``FULL_RANK_LIMIT`` matches is ranked whole: titles typed with the
  query's accents first, then ``ts_rank`` over the weighted vector (title A, summary B, body C);
- a more common one is ordered by a cheap proxy read from an index (``score``, then the newest):
  PostgreSQL walks ``search_document_order`` and tests each row against the query, which for a
  common word finds a page in a few dozen rows; the first ``REFINE_WINDOW`` rows of that order
  are then re-ranked as above. For fewer matches (``sorted_plan``) the same proxy order is sorted
  from the GIN index's matches instead (the walk would test too many rows for each one found);
  a kind filter walks ``search_document_kind_order`` (or, for answers,
  ``search_document_answer_order``), which starts at that kind.
  Pages inside the window share it, pages after it follow the proxy: every match has one
  place and every page is reachable. A walked page after the window of a kept search starts
  at the kept period holding its first row (``periods.period_walk``), not at the top.

Counts and facets are exact and never read a common word's matches per request: see
``counts.py`` (kept by the documents' trigger).
"""

from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import BooleanField, Case, F, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL

from emulation_cluster.search.counts import Counts, Filters, Reader, counts, matches, tsquery
from emulation_cluster.search.models import SearchDocument
from emulation_cluster.search.periods import FROM_CUT, keep_periods, period_walk
from emulation_cluster.search.query import SearchText
from emulation_cluster.search.readable import readable

__all__ = ["Counts", "Filters", "Reader", "counts", "matches", "tsquery"]

PAGE_SIZE = 20
FULL_RANK_LIMIT = 1000
REFINE_WINDOW = 100
# The "drop a word" suggestions count each shorter search up to this many matches ("100 or more"),
# walking at most SUGGESTION_WALK_ROWS documents of the order when its words are common
# (``drop_word_counts``).
SUGGESTION_COUNT_CAP = 100
SUGGESTION_WALK_ROWS = 2000
PROXY_ORDER = ("-score", "-occurred_at", "-id")
# Which plan reads the proxy order. Walking ``search_document_order`` tests about
# documents / matches rows for each row it keeps; sorting the GIN index's matches reads each
# match once. For ``need`` rows (the re-ranked window, or the pages up to the one asked) the
# sort is cheaper while matches² < SORT_FACTOR · need · documents. Measured at 1.1 million
# documents by ``bench/search_plans.py`` (bench/README.md, "The plans' threshold"): the faster
# plan changes between 0.15 and 0.29 on pages 1, 10 and 200 (a word of 4,498 matches, ratio
# 0.18: sorted 12 ms, walked 20; of 5,686, 0.29: walked 13.6, sorted 15.1; of 10,792: walked 6,
# sorted 26). Below it the walk grows fast (page 200 of 3,992 matches: 2.7 s walked, 17 ms
# sorted), above it the sort grows slowly. It was 2 while each walked vector was read out of
# TOAST (before migration 0013), which sorted words of up to 15,000 matches: 17-38 ms where a
# walk takes 5-9. Never above BITMAP_LIMIT matches: their sort alone outweighs a walk.
SORT_FACTOR = 0.25
BITMAP_LIMIT = 50_000
# The same order as an expression no index can serve: the planner must sort the matches.
SORTED_ORDER = (
    (F("score") + 0).desc(),
    F("occurred_at").desc(),
    F("id").desc(),
)


def _ranked(documents, search: SearchText):
    accents = Q()
    for word in search.typed_words:
        accents &= Q(title__icontains=word)
    return documents.annotate(
        accents_match=Case(
            When(accents, then=Value(1)), default=Value(0), output_field=IntegerField()
        ),
        rank=SearchRank(F("search_vector"), tsquery(search)),
    ).order_by("-accents_match", "-rank", *PROXY_ORDER)


def sorted_plan(
    total: int,
    need: int,
    documents: int,
    unfiltered: int | None = None,
    *,
    limit: int | None = None,
    factor: float = SORT_FACTOR,
) -> bool:
    """Whether ``need`` rows of the proxy order of ``total`` matches are read by sorting the
    GIN index's matches (else by walking the order index). Unknown size: up to 20,000. Never
    above ``limit`` matches (``BITMAP_LIMIT``; the lists of ``models_registry.relevance`` sort
    from a scan of their table, so they stop sooner), with their own ``factor``.

    The walk tests about documents / matches rows for each row it keeps; under a filter (a
    kind, whose own index the walk takes) the search's density everywhere, ``unfiltered`` /
    documents, stands for its density there: 9,526 attachments of 10,000 hold "và", which is
    in 64 % of all documents: walked, not sorted."""
    if total > (BITMAP_LIMIT if limit is None else limit):
        return False
    if documents <= 0:
        return total <= 20_000
    everywhere = total if unfiltered is None else max(unfiltered, total)
    return total * everywhere < factor * need * documents


def page_rows(search: SearchText, reader: Reader, filters: Filters, found: Counts, page: int):
    """The documents of page ``page`` (1-based) of what ``reader`` finds under ``filters``
    (counted in ``found``), in relevance order (one query). A walked page after the window of a
    kept search, unfiltered, starts its walk at the kept period holding its first row
    (``periods.period_walk``; the first such page of a search counts its periods first)."""
    start = (page - 1) * PAGE_SIZE
    # Both orders are the same (score, newest, id); only the plan differs.
    need = max(REFINE_WINDOW, start + PAGE_SIZE)
    total = found.total
    walk = total > FULL_RANK_LIMIT and not sorted_plan(
        total, need, found.documents, found.unfiltered
    )
    if total <= FULL_RANK_LIMIT:
        shape = "ranked"
    elif start + PAGE_SIZE <= REFINE_WINDOW:
        shape = "window"
    else:
        shape = "ordered"
    visible = reader.visible
    if shape == "ordered" and walk and found.stored_id and filters == Filters():
        if not found.periods_kept:
            keep_periods(search, found.stored_id)
        sql, params = _page_statement(search, visible, filters, "from cut", walk, 0)
        sql, params = period_walk(sql, params, search, reader, found.stored_id, start, PAGE_SIZE)
    else:
        sql, params = _page_statement(search, visible, filters, shape, walk, start)
    with _walking(walk):
        return list(SearchDocument.objects.raw(sql, params))


_PAGE_COLUMNS = (
    "id",
    "kind",
    "object_id",
    "title",
    "context",
    "url",
    "summary",
    "body",
    "year",
    "occurred_at",
    "city_id",
)


def _page_query(values: "_Values", visible: Q, shape: str, walk: bool, start: int):
    found = matches(values, visible).filter(values.filters.q())
    proxy = PROXY_ORDER if walk else SORTED_ORDER
    if shape == "ranked":
        rows = _ranked(found, values)
    elif shape == "window":
        window = found.order_by(*proxy).values("pk")[:REFINE_WINDOW]
        rows = _ranked(SearchDocument.objects.filter(pk__in=window), values)
    elif shape == "from cut":  # sliced by ``period_walk``
        return found.filter(_FROM_CUT).order_by(*proxy).only(*_PAGE_COLUMNS)
    else:
        rows = found.order_by(*proxy)
    return rows.only(*_PAGE_COLUMNS)[start : start + PAGE_SIZE]


_FROM_CUT = RawSQL(FROM_CUT, [], output_field=BooleanField())


@dataclass(frozen=True)
class _Values:
    """A search's and its filters' values, as the page's query reads them (``matches``,
    ``_ranked``, ``Filters.q``)."""

    tsquery: str
    typed_words: tuple[str, ...]
    filters: Filters

    @property
    def shape(self) -> tuple:
        """What else than the values a statement of the page's query depends on."""
        chosen = self.filters
        return (
            len(self.typed_words),
            bool(chosen.kind),
            *(value is None for value in (chosen.city_id, chosen.topic_id, chosen.year)),
        )

    def stand_ins(self, mark: str, number: int) -> "_Values":
        """Values of the same shape: texts no search holds (a NUL and ``mark``), numbers in
        their columns' range (the ORM leaves out a condition on a number out of it)."""
        chosen = self.filters
        return _Values(
            f"\x00{mark} search\x00",
            tuple(f"\x00{mark} word {n}\x00" for n in range(len(self.typed_words))),
            Filters(
                kind=f"\x00{mark} kind\x00" if chosen.kind else "",
                city_id=None if chosen.city_id is None else 2_000_000_000 + number,
                topic_id=None if chosen.topic_id is None else 2_000_000_100 + number,
                year=None if chosen.year is None else 32_000 + number,
            ),
        )


# The page's statements by shape: the SQL, its parameters and where the values go in them. One
# per reader's filter, plan, page position and filters chosen: a few hundred at most.
_STATEMENTS: dict = {}
STATEMENTS_MAX = 2000


def _page_statement(search, visible: Q, filters: Filters, shape: str, walk: bool, start: int):
    """The SQL and parameters of ``_page_query``: compiled once for each shape of the query,
    then the search's and the filters' values put in its parameters. The ORM took 1.7 ms to
    build and compile it (a subquery, the ranking's expressions, forty conditions of the
    reader's filter), a fifth of what a page spends outside the database.

    Where the values go is found by compiling the shape with two sets of stand-ins: a
    parameter that differs between the two is made of a value (which, the first stand-in
    says); one that does not is the statement's own (the reader's filter's). The statement
    is the one compiled afresh (``test_a_kept_page_statement_is_the_statement_compiled_afresh``
    in ``tests/seminars/search/test_search_plans.py``)."""
    values = _Values(search.tsquery, tuple(search.typed_words), filters)
    kept = readable(visible)
    if isinstance(kept, Q):  # a filter not kept as SQL: compiled on each page
        return _page_query(values, visible, shape, walk, start).query.sql_with_params()
    key = (kept, values.shape, shape, walk, start, PAGE_SIZE, REFINE_WINDOW, FULL_RANK_LIMIT)
    statement = _STATEMENTS.get(key)
    if statement is None:
        first, second = values.stand_ins("a", 1), values.stand_ins("b", 2)
        sql, params = _page_query(first, visible, shape, walk, start).query.sql_with_params()
        other = _page_query(second, visible, shape, walk, start).query.sql_with_params()
        if other[0] != sql or len(other[1]) != len(params):
            raise ValueError("the page's statement depends on more than its shape")
        places = [
            (position, _place(param, first))
            for position, (param, changed) in enumerate(zip(params, other[1], strict=True))
            if param != changed
        ]
        if len(_STATEMENTS) >= STATEMENTS_MAX:
            _STATEMENTS.clear()
        statement = _STATEMENTS[key] = (sql, tuple(params), tuple(places))
    sql, params, places = statement
    params = list(params)
    for position, place in places:
        params[position] = place(values)
    return sql, tuple(params)


def _number(name: str, cast: type):
    return lambda values: cast(getattr(values.filters, name))


def _place(param, stand_ins: _Values):
    """How the parameter ``param``, made of one of ``stand_ins``, is made of other values."""
    chosen = stand_ins.filters
    if param == stand_ins.tsquery:
        return lambda values: values.tsquery
    if param == chosen.kind:
        return lambda values: values.filters.kind
    for n, word in enumerate(stand_ins.typed_words):
        if isinstance(param, str) and word in param:  # "%word%": a title__icontains
            before, after = param.split(word)
            return lambda values, n=n: (
                before + connection.ops.prep_for_like_query(values.typed_words[n]) + after
            )
    # A number is given as the ORM gives it (psycopg's ``Int4`` for an array's element).
    for name in ("city_id", "topic_id", "year"):
        if isinstance(param, int) and param == getattr(chosen, name):
            return _number(name, type(param))
        if param == [getattr(chosen, name)]:
            number = _number(name, type(param[0]))
            return lambda values, number=number: [number(values)]
    raise ValueError(f"no value of the search makes the parameter {param!r}")


@contextmanager
def _walking(walk: bool):
    """Around the page's query, when its rows are to be read by walking the order index: the
    planner is told not to sort the matches instead. It guesses the matches of several words
    from each word's share as if they were independent ("tuan & tra & ban & dem": 412 guessed,
    30,288 found), then finds a sort of them all cheaper than the walk (18,000 pages read,
    100-1,400 ms at full size; walked: 6-17 ms). From the same guess it expects the walk to
    read a fifth of the table, and shares it between parallel workers, which start, walk ahead
    of each other and merge for a walk of a few hundred rows (28 ms against 5.5 ms alone for
    the four words at full size): the walk is read by this process only. Local to the
    request's transaction, and set back at once (a sort it cannot avoid, the ranking of the
    window, is still made). Said either way, so that a page asks the same number of queries
    whatever its plan."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SET LOCAL enable_sort = {'off' if walk else 'on'};"
            f" SET LOCAL max_parallel_workers_per_gather = {'0' if walk else 'DEFAULT'}"
        )
        try:
            yield
        finally:
            cursor.execute(
                "SET LOCAL enable_sort = on; SET LOCAL max_parallel_workers_per_gather = DEFAULT"
            )


def drop_word_counts(search: SearchText, visible: Q) -> list[tuple[SearchText, int]]:
    """For a search with no match: each search less one of its words, with how many matches it
    has (counted up to ``SUGGESTION_COUNT_CAP``: that number means "so many or more"), in one
    query. Only searches that find something are given.

    Counting a shorter search's matches from the GIN index reads the whole posting lists of its
    words, capped or not: two common words ("tuan & tra", 124,000 documents) are 40 ms at full
    size. So each is counted by the cheaper of two ways, chosen in the query itself from the
    planner's statistics of the words (``_SHARES``): when even its rarest word is in at least
    ``2 · cap / SUGGESTION_WALK_ROWS`` of the documents, the order index is walked for up to
    ``SUGGESTION_WALK_ROWS`` documents and the count stops at the cap (a few hundred rows read for
    words that common); only if that walk does not reach the cap (words seldom found together),
    or when a word is rare (its posting list is short), is the GIN index read. Both give the same
    capped count; PostgreSQL runs a subquery of a CASE only when it is reached."""
    if len(search.terms) < 2:
        return []
    shorter = [search.without(index) for index in range(len(search.terms))]
    cap, walked = SUGGESTION_COUNT_CAP, SUGGESTION_WALK_ROWS
    window_sql, window_params = (
        SearchDocument.objects.filter(readable(visible))
        .order_by(*PROXY_ORDER)
        .values("search_vector")[:walked]
        .query.sql_with_params()
    )
    selects, params = [], [sorted({word for term in search.terms for word in term.words})]
    for candidate in shorter:
        found_sql, found_params = (
            matches(candidate, visible).values("pk")[:cap].query.sql_with_params()
        )
        selects.append(
            "CASE WHEN (SELECT min(coalesce(s.share, 0)) FROM unnest(%s::text[]) w(word)"
            f" LEFT JOIN shares s USING (word)) * {walked} >= {2 * cap}"
            f" AND (SELECT count(*) FROM (SELECT 1 FROM ({window_sql}) w"
            " WHERE w.search_vector @@ to_tsquery('simple'::regconfig, %s)"
            f" LIMIT {cap}) m) >= {cap}"
            f" THEN {cap} ELSE (SELECT count(*) FROM ({found_sql}) m) END"
        )
        params += [sorted(candidate.folded_words), *window_params, candidate.tsquery]
        params += found_params
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH shares AS MATERIALIZED ({_SHARES}) SELECT {', '.join(selects)}", params
        )
        numbers = cursor.fetchone()
    return [(candidate, n) for candidate, n in zip(shorter, numbers, strict=True) if n]


# The share of the documents holding each of some words (``%s``: an array), as ANALYZE last
# sampled it: the most common ~1,000 words of the vectors, each with its share; a word not
# listed is rarer than all of them (under 2 % at the bench's size), and with no statistics yet
# (a new table) every word reads as rare: counted from the GIN index, as a rare word is.
_SHARES = (
    "SELECT u.word, u.share FROM pg_stats,"
    " unnest(most_common_elems::text::text[], most_common_elem_freqs) AS u(word, share)"
    f" WHERE schemaname = current_schema() AND tablename = '{SearchDocument._meta.db_table}'"
    " AND attname = 'search_vector' AND u.word = ANY(%s)"
)


def closest_titles(search: SearchText, visible: Q, limit: int = 5):
    """Documents holding any of the words (a prefix of each), best first: "did you mean"."""
    words = sorted(search.folded_words)
    if not words:
        return []
    query = SearchQuery(
        " | ".join(f"'{word}':*" for word in words), search_type="raw", config="simple"
    )
    window = (
        SearchDocument.objects.filter(readable(visible), search_vector=query)
        .order_by(*PROXY_ORDER)
        .values("pk")[:REFINE_WINDOW]
    )
    return list(
        SearchDocument.objects.filter(pk__in=window)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", *PROXY_ORDER)
        .only("id", "kind", "title", "url", "context")[:limit]
    )
