"""Every page costs the same, fixed number of queries with one row as with three.

Of each number, 4 queries are the signed-in person (session, user, "cluster administrator?",
memberships, or for an administrator "has a TOTP authenticator?"), 2 the request's SAVEPOINT and
RELEASE, and a few the header (demo banner, unread notices, the person's units). The numbers are
measured with the current code: a query more per row, or a query more at all, shows up here.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from seminars.models import SeminarMaterial
from tests.factories import (
    AgendaItemFactory,
    ExemplaryModelFactory,
    LessonFactory,
    SeminarFactory,
    SeminarInvitationFactory,
    UnitFactory,
)
from tests.pages import shows

pytestmark = pytest.mark.django_db


def _get(client, url, django_assert_num_queries, expected, *texts):
    """The page in exactly ``expected`` queries, showing each of ``texts``."""
    with django_assert_num_queries(expected):
        response = client.get(url)
    shows(response, 200, *texts)


def _seminars_with_invitations(world, count):
    for _ in range(count):
        seminar = SeminarFactory(host_unit=world.host)
        SeminarInvitationFactory(seminar=seminar, unit=world.invited)
        SeminarInvitationFactory(seminar=seminar, unit=world.host)


LIST_HEADINGS = {
    "seminar_list": "<h1>Upcoming seminars</h1>",
    "seminar_month": "<h1>Seminars in ",
    "home": "<h1>Cụm thi đua số 1 Bộ Công an</h1>",
}


# The seminars in one query, the person's calendar feed key; the home page adds the cluster, its
# term, the latest models and their topics. The unit administrator's units (and the seminars their
# unit is invited to) are looked up more often than a member's; the cluster administrator has none.
LIST_QUERIES = {
    ("seminar_list", "invited_admin"): 10,
    ("seminar_list", "member"): 8,
    ("seminar_list", "cluster_admin"): 9,
    ("seminar_month", "invited_admin"): 9,
    ("seminar_month", "member"): 8,
    ("seminar_month", "cluster_admin"): 9,
    ("home", "invited_admin"): 13,
    ("home", "member"): 12,
    ("home", "cluster_admin"): 13,
}


@pytest.mark.parametrize("role", ["invited_admin", "member", "cluster_admin"])
@pytest.mark.parametrize("url_name", ["seminar_list", "seminar_month", "home"])
def test_list_pages_queries_do_not_grow_with_rows(world, role, url_name, django_assert_num_queries):
    client = world.client(role)
    url = reverse(url_name)
    if url_name == "seminar_month":
        url += "?month=" + (timezone.localtime() + datetime.timedelta(days=7)).strftime("%Y-%m")
    expected = LIST_QUERIES[url_name, role], LIST_HEADINGS[url_name]
    _seminars_with_invitations(world, 1)
    client.get(url)  # warm the per-process caches (content types, sessions)
    _get(client, url, django_assert_num_queries, *expected)
    _seminars_with_invitations(world, 2)
    _get(client, url, django_assert_num_queries, *expected)


def test_past_list_queries_do_not_grow_with_rows(world, django_assert_num_queries):
    client = world.client("member")
    url = reverse("seminar_past_list")

    def add():
        start = timezone.now() - datetime.timedelta(days=10)
        seminar = SeminarFactory(
            host_unit=world.host, starts_at=start, ends_at=start + datetime.timedelta(hours=2)
        )
        SeminarInvitationFactory(seminar=seminar, unit=world.invited)

    add()
    client.get(url)
    # 11: the person (3), the savepoint (2), their roles and the units below (2), the count and
    # the page of seminars,
    # the demo banner, the unread notices.
    _get(client, url, django_assert_num_queries, 8, "<h1>Past seminars</h1>")
    add()
    add()
    _get(client, url, django_assert_num_queries, 8, "<h1>Past seminars</h1>")


def _fill(seminar, world):
    """One more of everything the detail page shows."""
    unit = UnitFactory(cluster=world.cluster)
    model = ExemplaryModelFactory(owner_unit=unit)
    item = AgendaItemFactory(seminar=seminar, presenting_unit=unit, exemplary_model=model)
    SeminarInvitationFactory(seminar=seminar, unit=unit)
    for agenda_item in (item, None):
        SeminarMaterial.objects.create(
            seminar=seminar,
            agenda_item=agenda_item,
            title="Tài liệu",
            file="seminar-materials/x.pdf",
            original_name="x.pdf",
            kind="document",
            content_type="application/pdf",
            size=1,
        )
    LessonFactory(seminar=seminar, models=[model])


# The seminar with its lessons, solutions and their models (in its own row), its agenda, the
# invitations; the page also reads all the seminar's materials in one query and marks the
# reader's notices about the seminar read in the bell's statement (1 more than the minutes).
DETAIL_QUERIES = {"seminar_detail": 10, "minutes_page": 9}


@pytest.mark.parametrize("role", ["host_organizer", "member"])
@pytest.mark.parametrize("url_name", ["seminar_detail", "minutes_page"])
def test_detail_and_minutes_queries_do_not_grow_with_rows(
    world, seminar, role, url_name, django_assert_num_queries
):
    seminar.status = "held"
    seminar.save()
    client = world.client(role)
    url = reverse(url_name, args=[seminar.pk])
    _fill(seminar, world)
    client.get(url)
    heading = f"<h1>{seminar.title}</h1>" if url_name == "seminar_detail" else "MINUTES"
    _get(client, url, django_assert_num_queries, DETAIL_QUERIES[url_name], heading)
    _fill(seminar, world)
    _fill(seminar, world)
    lesson = "Bài học kinh nghiệm."  # a row each _fill added, on both pages
    _get(client, url, django_assert_num_queries, DETAIL_QUERIES[url_name], heading, lesson)


def test_model_page_queries_do_not_grow_with_seminars(world, django_assert_num_queries):
    client = world.client("member")
    url = world.model.get_absolute_url()

    def add():
        seminar = SeminarFactory(host_unit=world.host)
        AgendaItemFactory(
            seminar=seminar, exemplary_model=world.model, presenting_unit=world.invited
        )
        LessonFactory(seminar=seminar, models=[world.model])

    add()
    client.get(url)
    # 12: the model with its partners, topics and attachments, its replications, the figures of
    # both, then its seminars with their agenda items, lessons and solutions (one query), its
    # questions with their number, and its award nominations.
    heading = f"<h1>{world.model.title}</h1>"
    _get(client, url, django_assert_num_queries, 12, heading)
    add()
    add()
    _get(client, url, django_assert_num_queries, 12, heading)
