"""Kept periods (``periods.period_walk``): a deep page of a kept search starts its walk at the
period holding its first row. Its rows must be the rows of the same page walked from the top,
for every reader, on every page, before and after the writes that move a document in the order
(its date, its score) or in or out of the search; and the periods kept by the trigger must be a
count of the matches made afresh."""

from dataclasses import replace
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from emulation_cluster.search import counts as kept_counts
from emulation_cluster.search import engine
from emulation_cluster.search.counts import Filters, Reader
from emulation_cluster.search.models import SearchDocument, StoredCountPeriod
from emulation_cluster.search.periods import PERIOD_SECONDS, PERIOD_SQL
from emulation_cluster.search.query import parse
from models_registry.models import ExemplaryModel
from tests.factories import ExemplaryModelFactory
from tests.seminars.search.test_search_visibility import URL, WORD, world  # noqa: F401

SEARCH = parse(WORD)


@pytest.fixture
def one_per_page(monkeypatch):
    """Every search kept, every page after the window, walked, one row a page."""
    monkeypatch.setattr(kept_counts, "STORE_ABOVE", 0)
    monkeypatch.setattr(engine, "FULL_RANK_LIMIT", 0)
    monkeypatch.setattr(engine, "REFINE_WINDOW", 0)
    monkeypatch.setattr(engine, "PAGE_SIZE", 1)
    monkeypatch.setattr(engine, "sorted_plan", lambda *args, **kwargs: False)


def _spread(documents):
    """The documents over several periods, some in the same one."""
    for n, document in enumerate(documents.order_by("id")):
        document.occurred_at -= timedelta(seconds=PERIOD_SECONDS * (n // 2) + 3600 * n)
        document.save(update_fields=["occurred_at"])


def _from_the_top(found):
    """The same counts as if the search were not kept: its pages walked from the top."""
    return replace(found, kept=False, stored_id=None, periods_kept=False)


def _pages(reader, stored_id):
    found = kept_counts.counts(SEARCH, reader, Filters())
    assert found.stored_id == stored_id
    assert found.periods_kept  # by the first deep page below, for the first reader
    pages = {}
    for page in range(1, found.total + 2):
        with transaction.atomic():
            walked = engine.page_rows(SEARCH, reader, Filters(), _from_the_top(found), page)
            jumped = engine.page_rows(SEARCH, reader, Filters(), found, page)
        pages[page] = ([row.pk for row in walked], [row.pk for row in jumped])
    return found.total, pages


def _periods_afresh():
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT audience, score, {PERIOD_SQL.format('d')}, count(*)"
            f" FROM {SearchDocument._meta.db_table} d"
            " WHERE d.search_vector @@ to_tsquery('simple', %s) GROUP BY 1, 2, 3",
            [SEARCH.tsquery],
        )
        return sorted(cursor.fetchall())


def _assert_deep_pages_equal_walked(world):  # noqa: F811 - the fixture's value
    anonymous = Reader.of(AnonymousUser())
    found = kept_counts.counts(SEARCH, anonymous, Filters())
    if not found.periods_kept:  # counted by the search's first deep page
        assert not StoredCountPeriod.objects.filter(stored_id=found.stored_id).exists()
        engine.page_rows(SEARCH, anonymous, Filters(), found, 2)
    stored_id = found.stored_id
    kept = sorted(
        StoredCountPeriod.objects.filter(stored_id=stored_id, n__gt=0).values_list(
            "audience", "score", "period", "n"
        )
    )
    assert kept == _periods_afresh()
    for role, person in world["people"].items():
        total, pages = _pages(Reader.of(person or AnonymousUser()), stored_id)
        for page, (walked, jumped) in pages.items():
            assert jumped == walked, (role, page)
        # Every match once, in order, then nothing.
        assert len({pk for walked, _j in pages.values() for pk in walked}) == total, role
        assert pages[total + 1] == ([], []), role


def test_a_deep_page_starts_at_its_period_and_finds_the_walked_rows(world, one_per_page):  # noqa: F811
    _spread(SearchDocument.objects.all())
    _assert_deep_pages_equal_walked(world)
    periods = StoredCountPeriod.objects.filter(n__gt=0).values_list("period", flat=True)
    assert len(set(periods)) > 3  # the walk started in several periods


def test_the_periods_follow_the_writes_that_move_a_document(world, one_per_page):  # noqa: F811
    _spread(SearchDocument.objects.all())
    _assert_deep_pages_equal_walked(world)  # kept now
    # A date moved to another period, a score changed, a new match, one gone, one restricted.
    moved = SearchDocument.objects.filter(kind="answer").order_by("id").first()
    moved.occurred_at -= timedelta(seconds=5 * PERIOD_SECONDS)
    moved.save(update_fields=["occurred_at"])
    _assert_deep_pages_equal_walked(world)
    scored = SearchDocument.objects.filter(kind="question").order_by("id").first()
    scored.score += 7
    scored.save(update_fields=["score"])
    _assert_deep_pages_equal_walked(world)
    created = ExemplaryModelFactory(owner_unit=moved_unit(world), title=f"Mới {WORD}")
    _assert_deep_pages_equal_walked(world)
    created.delete()
    _assert_deep_pages_equal_walked(world)
    public = ExemplaryModel.objects.get(title=f"Công khai {WORD}")
    public.visibility = "restricted"
    public.save()
    _assert_deep_pages_equal_walked(world)


def moved_unit(world):  # noqa: F811
    return ExemplaryModel.objects.get(title=f"Công khai {WORD}").owner_unit


def test_the_page_reads_a_deep_page_from_its_period(world, one_per_page):  # noqa: F811
    _spread(SearchDocument.objects.all())
    client = Client()
    client.force_login(world["people"]["member"])
    client.get(URL, {"q": WORD})  # kept now
    with CaptureQueriesContext(connection) as deep:
        response = client.get(URL, {"q": WORD, "page": 5})
    assert response.status_code == 200
    assert any("WITH periods AS" in query["sql"] for query in deep.captured_queries)
    with CaptureQueriesContext(connection) as filtered:
        client.get(URL, {"q": WORD, "page": 2, "kind": "model"})  # filtered: walked from the top
    assert not any("WITH periods AS" in query["sql"] for query in filtered.captured_queries)
    assert len(deep) == len(filtered)


def test_periods_are_counted_by_the_first_deep_page_only(world, one_per_page, monkeypatch):  # noqa: F811
    monkeypatch.setattr(engine, "REFINE_WINDOW", 2)  # page 1 in the window, page 3 after it
    member = Reader.of(world["people"]["member"])
    found = kept_counts.counts(SEARCH, member, Filters())
    engine.page_rows(SEARCH, member, Filters(), found, 1)
    assert not kept_counts.counts(SEARCH, member, Filters()).periods_kept  # the first page reads
    assert not StoredCountPeriod.objects.exists()  # no period...
    engine.page_rows(SEARCH, member, Filters(), found, 3)
    assert kept_counts.counts(SEARCH, member, Filters()).periods_kept  # ...a deep one counts them
    assert StoredCountPeriod.objects.filter(stored_id=found.stored_id).exists()


def test_a_search_forgotten_meanwhile_is_walked_from_the_top(world, one_per_page):  # noqa: F811
    _spread(SearchDocument.objects.all())
    member = Reader.of(world["people"]["member"])
    found = kept_counts.counts(SEARCH, member, Filters())
    found.periods_kept = True  # as read just before ``search_reindex`` forgot every count
    kept_counts.forget_all()
    for page in range(1, found.total + 1):
        walked = engine.page_rows(SEARCH, member, Filters(), _from_the_top(found), page)
        jumped = engine.page_rows(SEARCH, member, Filters(), found, page)
        assert [row.pk for row in jumped] == [row.pk for row in walked] != []


@pytest.mark.parametrize("page", ["abc", "99999", "-1", "0", "1.5", "9" * 40])
def test_a_page_number_out_of_range_of_a_kept_search_shows_a_page(world, one_per_page, page):  # noqa: F811
    client = Client()
    client.force_login(world["people"]["member"])
    client.get(URL, {"q": WORD})  # kept now
    response = client.get(URL, {"q": WORD, "page": page})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 1  # a page of one, as on every page
