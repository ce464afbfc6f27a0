"""How a list of questions is cut into pages at any size: ids first, and a capped count.

Measured at 400,000 questions (bench/README.md, "Q&A pages"): counting every visible question
through the model's visibility join took 0.1–0.7 s a page (still 0.1–0.2 s capped at 10,000),
and every column, join and subquery of the rows ran again for each row that OFFSET skipped. A
page is therefore cut on the ids alone (``selectors.listing_ids``), its rows read afterwards for
those ids only (``selectors.listing_rows``), and the count stops at ``COUNT_CAP``: past it the
page says "more than 1000 questions" and offers the first ``COUNT_CAP`` of them (a search or a
state narrows the list).
"""

from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property

from seminars.qa import selectors

COUNT_CAP = 1_000


class CappedPaginator(Paginator):
    """A paginator whose count reads at most ``cap + 1`` rows; ``capped`` says it stopped."""

    def __init__(self, object_list, per_page, *, cap: int | None = None):
        super().__init__(object_list, per_page)
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def _counted(self) -> int:
        # COUNT(*) over a LIMIT subquery: the cheapest plan that finds cap + 1 rows, no sort.
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        return self._counted > self.cap


def question_page(request, questions, per_page: int):
    """The page of ``questions`` asked for in ``?page=``, its rows as the lists show them.

    The first page (the one most read) reads its ids before counting: fewer than a page of
    them is the whole list, and no count is needed."""
    ids = selectors.listing_ids(questions)
    paginator = CappedPaginator(ids, per_page)
    if request.GET.get("page", "1") == "1":
        first = list(ids[:per_page])
        if len(first) < per_page:
            paginator.__dict__["_counted"] = len(first)  # the cached count, known
        page = Page(first, 1, paginator)
    else:
        page = paginator.get_page(request.GET.get("page"))
    page.object_list = selectors.listing_rows(request.user, page.object_list)
    return page
