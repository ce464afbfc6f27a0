"""The search page asks the database a fixed number of questions whatever it finds."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from emulation_cluster.enums import Role
from emulation_cluster.search import counts
from tests.factories import (
    AnswerFactory,
    ExemplaryModelFactory,
    MembershipFactory,
    QuestionFactory,
    SeminarFactory,
    TopicFactory,
    UnitFactory,
)

URL = reverse("site_search")


def _world(count):
    unit = UnitFactory()
    topics = [TopicFactory() for _n in range(count)]
    for n in range(count):
        model = ExemplaryModelFactory(owner_unit=unit, title=f"Tuần tra {n}")
        model.topics.add(topics[n])
        question = QuestionFactory(exemplary_model=model, title=f"Tuần tra hỏi {n}")
        AnswerFactory(question=question, body=f"Tuần tra đáp {n}")
        SeminarFactory(host_unit=unit, title=f"Hội nghị tuần tra {n}")
    client = Client()
    client.force_login(MembershipFactory(unit=unit, role=Role.MEMBER).user)
    return client


def _queries(client, **params):
    client.get(URL, {"q": "nothing"})  # the reader's session and roles, as on any page
    with CaptureQueriesContext(connection) as first:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(first)


@pytest.mark.parametrize("count", [1, 3])
def test_search_page_queries_do_not_grow_with_the_results(db, count, monkeypatch):
    client = _world(count)
    counted = _queries(client, q="tuan tra")
    assert counted == _queries(_world(count + 4), q="tuan tra")
    monkeypatch.setattr(counts, "STORE_ABOVE", 0)  # every search's counts kept
    first = _queries(client, q="tuan")  # counted and kept by this request
    kept = _queries(client, q="tuan")
    assert first == kept + STORING
    assert kept == _queries(_world(count + 4), q="tuan")


# The session, the reader and their roles (3), the request's transaction (2), whether the search's
# counts are kept and whether it is common (2), its counts and facets (1); the page's rows
# between the planner's two settings (3: engine._walking), the facets' units and topics (1); the
# header's banner and notices.
COUNTED_PAGE = 13
# A kept search is not asked whether it is common.
KEPT_PAGE = COUNTED_PAGE - 1
# The first reading of a common search: whether it is common, then storing its counts in a
# savepoint (2): the lock, the search, its cells, the least read ones dropped (3: their cells,
# periods, searches).
STORING = 9
# No match: no rows, units or topics to read; the counts without each word, the closest titles.
NO_MATCH_PAGE = COUNTED_PAGE - 2


@pytest.mark.parametrize("count", [1, 3])
def test_search_page_query_count_is_fixed(db, count, monkeypatch, django_assert_num_queries):
    client = _world(count)
    client.get(URL, {"q": "nothing"})
    with django_assert_num_queries(COUNTED_PAGE):
        client.get(URL, {"q": "tuan tra", "page": "1"})
    monkeypatch.setattr(counts, "STORE_ABOVE", 0)
    with django_assert_num_queries(KEPT_PAGE + STORING):
        client.get(URL, {"q": "tuan tra", "page": "1"})
    with django_assert_num_queries(KEPT_PAGE):
        client.get(URL, {"q": "tuan tra", "page": "1"})
    # No match: nothing is kept; suggestions and closest titles.
    monkeypatch.setattr(counts, "STORE_ABOVE", 2000)
    with django_assert_num_queries(NO_MATCH_PAGE):
        client.get(URL, {"q": "tuan tra xyzzy"})


def test_a_reader_is_kept_while_their_reading_stands(db):
    from emulation_cluster.search.engine import Reader

    unit, other = UnitFactory(), UnitFactory()
    user = MembershipFactory(unit=unit, role=Role.MEMBER).user
    kept = Reader.of(user)
    assert Reader.of(user) is kept  # the same reading: its filter and SQL are not built again
    MembershipFactory(user=user, unit=other, role=Role.MEMBER)
    del user._portal_permissions  # the next request reads the person's roles again
    again = Reader.of(user)
    assert again is not kept
    assert again.unit_ids == {unit.pk, other.pk}
