"""The Q&A list's search past ``FULL_RANK_LIMIT`` matches: the newest window re-ranked, the
pages after it newest first, every match once, the stored exact total, fixed queries. The
limits are made small so that a few questions exercise every plan."""

import pytest
from django.urls import reverse

from models_registry import relevance
from seminars.qa.views import threads
from tests.pages import searched_pages

PER_PAGE = 2


@pytest.fixture
def small_limits(monkeypatch):
    monkeypatch.setattr(threads, "QUESTIONS_PER_PAGE", PER_PAGE)
    monkeypatch.setattr(relevance, "FULL_RANK_LIMIT", 3)
    monkeypatch.setattr(relevance, "REFINE_WINDOW", 4)


@pytest.fixture
def patrols(qa):
    """Seven questions holding "tuần tra", newest first (asked last first): the 3rd newest
    has the words in its title, the 4th too with the accents typed; the 5th newest is such a
    title outside the window."""
    titles = [
        "Câu hỏi thứ bảy",
        "Câu hỏi thứ sáu",
        "Tuần tra ngoài cửa sổ",
        "Tuần tra có dấu",
        "Tuan tra khong dau",
        "Câu hỏi thứ hai",
        "Câu hỏi thứ nhất",
    ]
    asked = [
        qa.ask(title=title, body="Về tuần tra ban đêm." if title.startswith("Câu") else "Khác.")
        for title in titles
    ]
    qa.ask(title="Camera giám sát", body="Không liên quan.")
    return [question.pk for question in reversed(asked)]


def _pages(client, query, pages):
    return searched_pages(client, "question_search", query, pages, total=7)


@pytest.mark.parametrize("sort_limit", [0, 10_000])
def test_window_ranked_then_newest_every_match_once(
    qa, small_limits, patrols, monkeypatch, sort_limit
):
    monkeypatch.setattr(relevance, "SORT_LIMIT", sort_limit)
    pages = _pages(qa.client("other_member"), "Tuần tra", 4)
    assert pages[0] == [patrols[3], patrols[2]]
    assert pages[1] == [patrols[0], patrols[1]]
    assert pages[2] == [patrols[4], patrols[5]]
    assert pages[3] == [patrols[6]]


def test_few_matches_are_ranked_whole(qa, small_limits, patrols, monkeypatch):
    monkeypatch.setattr(relevance, "FULL_RANK_LIMIT", 1000)
    pages = _pages(qa.client("other_member"), "Tuần tra", 2)
    assert pages[0] == [patrols[3], patrols[4]]
    assert pages[1][0] == patrols[2]


def test_a_state_filter_narrows_the_search(qa, small_limits, patrols):
    client = qa.client("other_member")
    response = client.get(reverse("question_search"), {"q": "tuan tra", "state": "accepted"})
    assert response.context["page"].paginator.count == 0
    assert list(response.context["page"].object_list) == []


@pytest.mark.parametrize("number,first,again", [(1, 9, 9), (2, 9, 9), (3, 11, 10), (4, 11, 10)])
def test_search_pages_cost_a_fixed_number_of_queries(
    qa, small_limits, patrols, django_assert_num_queries, number, first, again
):
    client = qa.client("asker")
    url = reverse("question_search")
    client.get(url, {"q": "tuan tra"})
    for queries in (first, again):
        # The total (stored) and the page's rows in one query each: as test_queries.py; after
        # the window also its ids read first and, the first time, the positions kept.
        with django_assert_num_queries(queries):
            response = client.get(url, {"q": "tuan tra", "page": number})
        assert response.status_code == 200
