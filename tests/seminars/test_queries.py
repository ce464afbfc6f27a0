"""Every page costs the same number of queries with one row as with three."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
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

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _seminars_with_invitations(world, count):
    for _ in range(count):
        seminar = SeminarFactory(host_unit=world.host)
        SeminarInvitationFactory(seminar=seminar, unit=world.invited)
        SeminarInvitationFactory(seminar=seminar, unit=world.host)


@pytest.mark.parametrize("role", ["invited_admin", "member", "cluster_admin"])
@pytest.mark.parametrize("url_name", ["seminar_list", "seminar_month", "home"])
def test_list_pages_queries_do_not_grow_with_rows(world, role, url_name):
    client = world.client(role)
    url = reverse(url_name)
    if url_name == "seminar_month":
        url += "?month=" + (timezone.localtime() + datetime.timedelta(days=7)).strftime("%Y-%m")
    _seminars_with_invitations(world, 1)
    client.get(url)  # warm the per-process caches (content types, sessions)
    one = _queries(client, url)
    _seminars_with_invitations(world, 2)
    three = _queries(client, url)
    assert one == three


def test_past_list_queries_do_not_grow_with_rows(world):
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
    one = _queries(client, url)
    add()
    add()
    assert _queries(client, url) == one


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


@pytest.mark.parametrize("role", ["host_organizer", "member"])
@pytest.mark.parametrize("url_name", ["seminar_detail", "minutes_page"])
def test_detail_and_minutes_queries_do_not_grow_with_rows(world, seminar, role, url_name):
    seminar.status = "held"
    seminar.save()
    client = world.client(role)
    url = reverse(url_name, args=[seminar.pk])
    _fill(seminar, world)
    client.get(url)
    one = _queries(client, url)
    _fill(seminar, world)
    _fill(seminar, world)
    assert _queries(client, url) == one


def test_model_page_queries_do_not_grow_with_seminars(world):
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
    one = _queries(client, url)
    add()
    add()
    assert _queries(client, url) == one
