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

How the newest rows are read depends on how many match (the total is counted first, exactly)
against the table's size (``sorted_plan``): PostgreSQL walks the newest-order index and tests
each row against the query, which for a common word finds a page in a few dozen rows but for
a rarer one tests thousands of rows for each kept; for those the matches are sorted instead
(an order no index serves forces that plan).
"""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.paginator import Paginator
from django.db.models import Case, F, Func, IntegerField, Value, When
from django.db.models.expressions import OrderBy
from django.utils.functional import cached_property

from emulation_cluster.search import engine
from models_registry.list_counts import MODEL_TABLES, stored_total_and_size

FULL_RANK_LIMIT = 1000
REFINE_WINDOW = 100
# Which plan reads the newest order (as ``emulation_cluster.search.engine.sorted_plan``).
# Walking the order's index tests about rows / matches rows for each one kept, each with its
# vector out of TOAST; sorting reads every match once, through the GIN index if the words are
# rare in the table, but by a scan of the whole table if they are common and only the reader's
# visibility or a filter makes the matches few ("tuan tra" for a visitor: 4,947 of 25,000
# models, a 143 ms scan; walked, ~500 rows). For ``need`` rows the sort is cheaper while
# matches² < SORT_FACTOR · need · rows of the table (the engine's rule); never above SORT_LIMIT
# matches.
SORT_LIMIT = 20_000


def sorted_plan(total: int, need: int, table_rows: int) -> bool:
    """Whether ``need`` rows of the newest order of ``total`` matches are read by sorting the
    matches (else by walking the order's index). Table size unknown (0): up to SORT_LIMIT."""
    return engine.sorted_plan(total, need, table_rows, limit=SORT_LIMIT)


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

    def page(self, matches, rows, total: int, start: int, stop: int, table_rows: int = 0):
        """The rows ``start``..``stop`` of ``matches`` (the searched list, unordered) in
        relevance order, read from ``rows`` (the same table with what a row shows): one query,
        whose subquery cuts the page on the ids alone. ``table_rows``: the table's size as
        PostgreSQL estimates it (0: unknown), for the plan."""
        if total <= FULL_RANK_LIMIT:
            ids, ranked = self.ranked(matches).values("pk")[start:stop], True
        elif stop <= self.window:
            sort = sorted_plan(total, self.window, table_rows)
            window = self._newest(matches, sort).values("pk")[: self.window]
            within = matches.model._default_manager.filter(pk__in=window)
            ids, ranked = self.ranked(within).values("pk")[start:stop], True
        elif start > total // 2:
            # A page past the middle is read from the end: no page skips more than half.
            sort = sorted_plan(total, total - start, table_rows)
            backwards = self._newest(matches, sort, backwards=True).values("pk")
            ids, ranked = backwards[total - stop : total - start], False
        else:
            sort = sorted_plan(total, stop, table_rows)
            ids, ranked = self._newest(matches, sort).values("pk")[start:stop], False
        rows = rows.filter(pk__in=ids)
        return self.ranked(rows) if ranked else rows.order_by(*self.proxy)


class RelevancePaginator(Paginator):
    """Pages of a search in relevance order: ``matches`` counted, each page read from ``rows``
    (``Relevance.page``), the exact total stored between changes (``list_counts``)."""

    tables = MODEL_TABLES

    def __init__(self, matches, rows, relevance: Relevance):
        super().__init__(matches, relevance.per_page)
        self.rows, self.relevance = rows, relevance
        self.table_rows = 0  # known with the count

    @cached_property
    def count(self) -> int:
        total, self.table_rows = stored_total_and_size(self.object_list, self.tables)
        return total

    def page(self, number):
        number = self.validate_number(number)
        start = (number - 1) * self.per_page
        stop = min(start + self.per_page, self.count)
        if stop + self.orphans >= self.count:
            stop = self.count
        if stop <= start:
            return self._get_page(self.rows.none(), number, self)
        rows = self.relevance.page(
            self.object_list, self.rows, self.count, start, stop, self.table_rows
        )
        return self._get_page(rows, number, self)
