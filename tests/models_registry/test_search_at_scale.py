"""The list's search in relevance order past ``FULL_RANK_LIMIT`` matches: the newest window
re-ranked, the pages after it in the newest order, every match once, an exact total and a
fixed number of queries. The limits are made small so that a few models exercise every plan."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from models_registry import relevance, views
from tests.factories import ExemplaryModelFactory
from tests.pages import searched_pages

pytestmark = pytest.mark.django_db

PER_PAGE = 2


@pytest.fixture
def small_limits(monkeypatch):
    monkeypatch.setattr(views, "MODELS_PER_PAGE", PER_PAGE)
    monkeypatch.setattr(relevance, "FULL_RANK_LIMIT", 3)
    monkeypatch.setattr(relevance, "REFINE_WINDOW", 4)


@pytest.fixture
def patrols():
    """Seven models holding "tuần tra", newest first; the title match is the 3rd newest and
    the accents match (typed "Tuần") the 4th; the 5th newest is a title match outside the
    window, so it keeps its newest place."""
    now = timezone.now()
    titles = [
        "Mô hình thứ nhất",
        "Mô hình thứ hai",
        "Tuan tra khong dau",
        "Tuần tra có dấu",
        "Tuần tra ngoài cửa sổ",
        "Mô hình thứ sáu",
        "Mô hình thứ bảy",
    ]
    models = []
    for age, title in enumerate(titles):
        models.append(
            ExemplaryModelFactory(
                title=title,
                summary="Có tuần tra ban đêm." if title.startswith("Mô hình") else "",
                published_at=now - timedelta(days=age),
            )
        )
    ExemplaryModelFactory(title="Camera giám sát", published_at=now)
    return models


def _pages(client, query, pages):
    return searched_pages(client, "model_list", query, pages, total=7)


@pytest.mark.parametrize("sort_limit", [0, 10_000])
def test_window_ranked_then_newest_every_match_once(
    client, small_limits, patrols, monkeypatch, sort_limit
):
    # Both ways of reading the newest order (walking the index, sorting the matches).
    monkeypatch.setattr(relevance, "SORT_LIMIT", sort_limit)
    ids = [model.pk for model in patrols]
    pages = _pages(client, "Tuần tra", 4)
    # The newest four (the window) ranked: accents first, then the title match, then the rest.
    assert pages[0] == [ids[3], ids[2]]
    assert sorted(pages[1]) == sorted([ids[0], ids[1]])
    # After the window the newest order; page 4 is read backwards from the end.
    assert pages[2] == [ids[4], ids[5]]
    assert pages[3] == [ids[6]]
    assert sorted(pk for page in pages for pk in page) == sorted(ids)


def test_few_matches_are_ranked_whole(client, small_limits, patrols, monkeypatch):
    monkeypatch.setattr(relevance, "FULL_RANK_LIMIT", 1000)
    ids = [model.pk for model in patrols]
    pages = _pages(client, "Tuần tra", 4)
    # Every accents match first (newest first among equals), then the other title.
    assert pages[0] == [ids[3], ids[4]]
    assert pages[1][0] == ids[2]


@pytest.mark.parametrize("number,first,again", [(1, 9, 9), (2, 9, 9), (3, 11, 10), (4, 11, 10)])
def test_pages_cost_a_fixed_number_of_queries(
    client, small_limits, patrols, django_assert_num_queries, number, first, again
):
    url = reverse("model_list")
    client.get(url, {"q": "tuan tra"})
    for queries in (first, again):
        # As the list's search (test_views.py): the count, the page and its topics; after the
        # window also its ids read first and, the first time, the positions kept.
        with django_assert_num_queries(queries):
            response = client.get(url, {"q": "tuan tra", "page": number})
        assert response.status_code == 200


@pytest.fixture
def many_patrols():
    """Fifteen models holding "tuan tra" (pages 3–8 after the window), three of them
    published at the same instant: the id orders those."""
    now = timezone.now()
    ages = [0, 1, 2, 3, 4, 5, 5, 5, 6, 7, 8, 9, 10, 11, 12]
    return [
        ExemplaryModelFactory(
            title=f"Mô hình {n}",
            summary="Tuần tra ban đêm.",
            published_at=now - timedelta(days=age),
        )
        for n, age in enumerate(ages)
    ]


def _newest_after_window(models):
    ordered = sorted(models, key=lambda model: (model.published_at, model.pk), reverse=True)
    return [model.pk for model in ordered][4:]


def _page(client, number):
    response = client.get(reverse("model_list"), {"q": "tuan tra", "page": number})
    return [row.pk for row in response.context["page"].object_list]


@pytest.mark.parametrize("sort_limit", [0, 1_000_000])
def test_deep_pages_read_in_any_order_from_kept_positions(
    client, small_limits, many_patrols, monkeypatch, sort_limit
):
    """Pages after the window are the newest order whichever pages were read before (the
    positions kept by each read), in both plans."""
    monkeypatch.setattr(relevance, "SORT_LIMIT", sort_limit)
    expected = _newest_after_window(many_patrols)
    by_page = {n: expected[(n - 3) * PER_PAGE : (n - 2) * PER_PAGE] for n in range(3, 9)}
    for number in [3, 4, 5, 6, 7, 8, 8, 7, 5, 3, 6, 6, 4]:
        assert _page(client, number) == by_page[number], number


def _kept_positions() -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT starts FROM models_registry_model_count")
        return {int(number) for (starts,) in cursor.fetchall() for number in json.loads(starts)}


def test_kept_positions_are_forgotten_after_a_write(client, small_limits, many_patrols):
    for number in range(3, 9):
        _page(client, number)
    # Where each page read began, and where the one after it begins.
    assert _kept_positions() == {4, 6, 8, 10, 12, 14}
    newest = ExemplaryModelFactory(
        title="Mô hình mới", summary="Tuần tra.", published_at=timezone.now() + timedelta(hours=1)
    )
    expected = _newest_after_window([*many_patrols, newest])
    assert _page(client, 5) == expected[4:6]
    assert _kept_positions() == {8, 10}
    assert _page(client, 6) == expected[6:8]


def test_search_total_follows_every_write(client, patrols):
    """The stored total is read again after any write that changes the matches, whoever
    writes (the triggers of migration 0008), and not otherwise."""
    url = reverse("model_list")

    def total():
        return client.get(url, {"q": "tuan tra"}).context["page"].paginator.count

    assert total() == 7
    ExemplaryModelFactory(title="Tuần tra mới")
    assert total() == 8
    type(patrols[0]).objects.filter(pk=patrols[0].pk).update(visibility="restricted")
    assert total() == 7
    type(patrols[1]).objects.filter(pk=patrols[1].pk).update(search_body="khong lien quan")
    assert total() == 6
    type(patrols[2]).objects.filter(pk=patrols[2].pk).update(published_at=None)
    assert total() == 5


@pytest.mark.parametrize(
    "total,need,table_rows,walks",
    [
        (96_000, 100, 100_000, True),  # a common word: a few rows tested for each kept
        (4_947, 100, 25_000, True),  # common, few only for a visitor: the sort would scan all
        (1_673, 100, 100_000, False),  # rarer: the walk would test ~60 rows for each kept
        (12_000, 100, 1_100_000, False),
        (25_000, 100, 0, True),  # size unknown: sorted up to SORT_LIMIT only
        (5_000, 100, 0, False),
    ],
)
def test_the_plan_weighs_the_matches_against_the_table(total, need, table_rows, walks):
    assert relevance.sorted_plan(total, need, table_rows) is not walks
