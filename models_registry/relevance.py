"""A list's search in relevance order at any size: the model list and the Q&A list.

Ranking every match with ``ts_rank`` reads every match's vector and sorts them all: 590–790 ms
for "tuan tra" in 100,000 models, 310 ms in 400,000 questions (bench/README.md). The lists
therefore order as the one search does (``emulation_cluster.search.engine``):

- a search with at most ``FULL_RANK_LIMIT`` matches is ranked whole: titles typed with the
  query's accents first, then ``ts_rank`` (title weighed above the text), then the newest;
- a more common one is read in the list's own newest order, which an index serves
  (``proxy``): the first ``window`` rows of it are re-ranked as above, the pages after the
  window follow that order. Every match has one place and every page is reachable; the window
  is a whole number of pages, so no page straddles its edge.

A page after the window is cut at its place in that order from the nearest place known: the
start of the list, the end of it (read backwards), or a position kept by an earlier page under
the same generation of the list (``list_counts.StoredCount.starts``: where each page read began
and where the next one begins), so page 201 after page 200, or page 200 again, skips no row.

How the newest rows are read depends on how many match (the total is counted first, exactly)
against the table's size (``sorted_plan``): PostgreSQL walks the newest-order index and tests
each row against the query, which for a common word finds a page in a few dozen rows but for
a rarer one tests thousands of rows for each kept; for those the matches are sorted instead
(an order no index serves forces that plan).
"""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.paginator import Paginator
from django.db.models import BooleanField, Case, F, Func, IntegerField, Value, When
from django.db.models.expressions import OrderBy, RawSQL
from django.utils.functional import cached_property

from emulation_cluster.search import engine
from models_registry.list_counts import MODEL_TABLES, StoredCount, stored_count

FULL_RANK_LIMIT = 1000
REFINE_WINDOW = 100
# Which plan reads the newest order (as ``emulation_cluster.search.engine.sorted_plan``).
# Walking the order's index tests about rows / matches rows for each one kept, each with its
# vector out of TOAST; sorting reads every match once, through the GIN index if the words are
# rare in the table, but by a scan of the whole table if they are common and only the reader's
# visibility or a filter makes the matches few ("tuan tra" for a visitor: 4,947 of 25,000
# models, a 143 ms scan; walked, ~500 rows). For ``need`` rows the sort is cheaper while
# matches² < SORT_FACTOR · need · rows of the table (the engine's rule, with a factor of its
# own: a walk here reads each vector out of TOAST, which the search documents keep in the row);
# never above SORT_LIMIT matches.
SORT_FACTOR = 2
SORT_LIMIT = 20_000


def sorted_plan(total: int, need: int, table_rows: int) -> bool:
    """Whether ``need`` rows of the newest order of ``total`` matches are read by sorting the
    matches (else by walking the order's index). Table size unknown (0): up to SORT_LIMIT."""
    return engine.sorted_plan(total, need, table_rows, limit=SORT_LIMIT, factor=SORT_FACTOR)


class _Unindexed(Func):
    """A column as an expression no index matches (COALESCE of itself): the same order, but
    PostgreSQL must sort the matches instead of walking an index and testing each row."""

    function = "COALESCE"

    def __init__(self, name: str):
        super().__init__(F(name), F(name))


def _descending(name: str) -> tuple[str, bool]:
    return (name[1:], True) if name.startswith("-") else (name, False)


@dataclass(frozen=True)
class Relevance:
    """The relevance order of one list's search: its tsquery, the text as typed (a title
    holding it with the same accents comes first) and the list's newest order (``proxy``,
    column names as in ``order_by``, the last one unique)."""

    query: SearchQuery
    typed: str
    proxy: tuple[str, ...]
    per_page: int = 20

    @property
    def window(self) -> int:
        return max(1, -(-REFINE_WINDOW // self.per_page)) * self.per_page

    def ranked(self, rows):
        accents_match = Case(
            When(title__icontains=self.typed.strip(), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        return rows.annotate(
            accents_match=accents_match, rank=SearchRank(F("search_vector"), self.query)
        ).order_by("-accents_match", "-rank", *self.proxy)

    def _newest(self, rows, sort: bool, *, backwards: bool = False):
        order = []
        for column in self.proxy:
            name, descending = _descending(column)
            expression = _Unindexed(name) if sort else F(name)
            order.append(OrderBy(expression, descending=descending != backwards))
        return rows.order_by(*order)

    def page(self, matches, rows, counted: StoredCount, start: int, stop: int):
        """The rows ``start``..``stop`` of ``matches`` (the searched list, unordered) in
        relevance order, read from ``rows`` (the same table with what a row shows): within the
        window one query, whose subquery cuts the page on the ids alone; after it, the ids
        are read first from the nearest known place (``_placed_ids``)."""
        total, table_rows = counted.total, counted.table_rows
        if total <= FULL_RANK_LIMIT:
            ids, ranked = self.ranked(matches).values("pk")[start:stop], True
        elif stop <= self.window:
            sort = sorted_plan(total, self.window, table_rows)
            window = self._newest(matches, sort).values("pk")[: self.window]
            within = matches.model._default_manager.filter(pk__in=window)
            ids, ranked = self.ranked(within).values("pk")[start:stop], True
        else:
            ids, ranked = self._placed_ids(matches, counted, start, stop), False
        rows = rows.filter(pk__in=ids)
        return self.ranked(rows) if ranked else rows.order_by(*self.proxy)

    def _placed_ids(self, matches, counted: StoredCount, start: int, stop: int) -> list:
        """The ids of rows ``start``..``stop`` of the newest order, and the row after them,
        read from the known place that skips the fewest rows: the list's start, a kept
        position before ``start``, or the list's end (backwards). Where this page and the
        next begin is kept for the next reader (one query, and one more when that is new)."""
        total, table_rows = counted.total, counted.table_rows
        columns = [_descending(column)[0] for column in self.proxy]
        position, at = counted.nearest_start(start)
        if total - stop < start - position:
            # Backwards from the end: no page skips more than half the list.
            sort = sorted_plan(total, total - start, table_rows)
            backwards = self._newest(matches, sort, backwards=True).values_list("pk", *columns)
            found = list(backwards[max(total - 1 - stop, 0) : total - start])[::-1]
        else:
            if at is not None:
                matches = matches.filter(self._at_or_after(matches.model, at))
            skip = start - position
            sort = sorted_plan(total - position, skip + stop - start + 1, table_rows)
            forwards = self._newest(matches, sort).values_list("pk", *columns)
            found = list(forwards[skip : skip + stop - start + 1])
        places = {start: found[0][1:]} if found else {}
        if len(found) > stop - start:
            places[stop] = found[stop - start][1:]
        counted.keep_starts(places)
        return [row[0] for row in found[: stop - start]]

    def _at_or_after(self, model, values):
        """Rows at or after ``values`` in the newest order (one row comparison, which the
        order's index serves); the proxy's columns all run the same way."""
        table = model._meta.db_table
        directions = {_descending(column)[1] for column in self.proxy}
        assert len(directions) == 1, "a position needs the order's columns in one direction"
        fields = [model._meta.get_field(_descending(column)[0]) for column in self.proxy]
        names = ", ".join(f'"{table}"."{field.column}"' for field in fields)
        marks = ", ".join(["%s"] * len(fields))
        operator = "<=" if directions == {True} else ">="
        params = [field.to_python(value) for field, value in zip(fields, values, strict=True)]
        return RawSQL(f"({names}) {operator} ({marks})", params, output_field=BooleanField())


class RelevancePaginator(Paginator):
    """Pages of a search in relevance order: ``matches`` counted, each page read from ``rows``
    (``Relevance.page``), the exact total stored between changes (``list_counts``)."""

    tables = MODEL_TABLES

    def __init__(self, matches, rows, relevance: Relevance):
        super().__init__(matches, relevance.per_page)
        self.rows, self.relevance = rows, relevance

    @cached_property
    def counted(self) -> StoredCount:
        return stored_count(self.object_list, self.tables)

    @cached_property
    def count(self) -> int:
        return self.counted.total

    def page(self, number):
        number = self.validate_number(number)
        start = (number - 1) * self.per_page
        stop = min(start + self.per_page, self.count)
        if stop + self.orphans >= self.count:
            stop = self.count
        if stop <= start:
            return self._get_page(self.rows.none(), number, self)
        rows = self.relevance.page(self.object_list, self.rows, self.counted, start, stop)
        return self._get_page(rows, number, self)
