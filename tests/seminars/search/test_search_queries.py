"""The search page asks the database a fixed number of questions whatever it finds."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from emulation_cluster.enums import Role
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
    client.get(URL, params)  # the reader's session and roles, as on any page
    with CaptureQueriesContext(connection) as first:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(first)


@pytest.mark.parametrize("count", [1, 3])
def test_search_page_queries_do_not_grow_with_the_results(db, count):
    client = _world(count)
    fresh = _queries(client, q="tuan tra", kind="", x=count)
    cached = _queries(client, q="tuan tra")
    assert fresh <= cached + 10
    assert cached == _queries(_world(count + 4), q="tuan tra")


# The session, the reader and their roles (5), the request's savepoint (2), the index's
# generation, the cached counts; on a miss the cached cube, the cube's one count and two writes
# to the cache (10 in all); the page's rows, the facets' units and topics; the header's banner
# and notices.
COUNTED_PAGE = 26
FROM_CACHE = COUNTED_PAGE - 10


@pytest.mark.parametrize("count", [1, 3])
def test_search_page_query_count_is_bounded(db, count, django_assert_max_num_queries):
    client = _world(count)
    client.get(URL, {"q": "nothing"})
    with django_assert_max_num_queries(COUNTED_PAGE):
        client.get(URL, {"q": "tuan tra", "page": "1"})
    with django_assert_max_num_queries(FROM_CACHE):
        client.get(URL, {"q": "tuan tra", "page": "1"})  # counts from the cache
    with django_assert_max_num_queries(COUNTED_PAGE):
        client.get(URL, {"q": "tuan tra xyzzy"})  # no match: suggestions and closest titles
