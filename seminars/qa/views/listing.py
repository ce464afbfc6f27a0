"""How a list of questions is cut into pages at any size: ids first, an exact stored total,
and deep pages read from the nearer end.

Measured at 400,000 questions (bench/README.md, "The Q&A pages at scale"): counting every
visible question through the models' visibility join took 0.1–0.7 s a page, and every column,
join and subquery of the rows ran again for each row that OFFSET skipped. A page is therefore
cut on the ids alone (``selectors.listing_ids``), its rows read afterwards for those ids only
(``selectors.listing_rows``); the total is exact and read again only after a change of the
questions (``list_counts.exact_total``); and a page past the middle of the list is cut from its
end in the reverse order, so that no page skips more than half the list and the last page
costs what the first does. Every page of every list is reachable.
"""

from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property

from models_registry.relevance import RelevancePaginator
from seminars.qa import selectors
from seminars.qa.list_counts import QUESTION_TABLES, exact_total
from seminars.qa.models import Question


class ListPaginator(Paginator):
    """A paginator whose count is the stored exact total, and whose deep pages are read
    backwards from the end of the list."""

    @cached_property
    def count(self) -> int:
        return exact_total(self.object_list)

    def page(self, number):
        number = self.validate_number(number)
        start = (number - 1) * self.per_page
        stop = min(start + self.per_page, self.count)
        if start > self.count // 2:
            # The same rows, read from the end: ORDER BY reversed, OFFSET the rows after them.
            tail = self.object_list.reverse()[self.count - stop : self.count - start]
            return self._get_page(list(tail)[::-1], number, self)
        return self._get_page(list(self.object_list[start:stop]), number, self)


def question_page(request, questions, per_page: int):
    """The page of ``questions`` asked for in ``?page=``, its rows as the lists show them
    (a number that is no page gives the first page, past the end the last one).

    The first page (the one most read) reads its ids before counting: fewer than a page of
    them is the whole list, and no count is needed."""
    ids = selectors.listing_ids(questions)
    paginator = ListPaginator(ids, per_page)
    if request.GET.get("page", "1") == "1":
        first = list(ids[:per_page])
        if len(first) < per_page:
            paginator.__dict__["count"] = len(first)  # the cached count, known
        page = Page(first, 1, paginator)
    else:
        page = paginator.get_page(request.GET.get("page"))
    page.object_list = selectors.listing_rows(request.user, page.object_list)
    return page


class SearchPaginator(RelevancePaginator):
    """A search's pages in relevance order (``Relevance.page``), over the stored exact total
    of the questions' lists."""

    tables = QUESTION_TABLES


def search_page(request, matches, relevance):
    """The page of a search's ``matches`` asked for in ``?page=``: counted first (the total
    chooses how the order is read), then its rows as the lists show them (one query)."""
    rows = selectors.for_listing(Question.objects.all(), request.user)
    page = SearchPaginator(matches, rows, relevance).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    return page
