"""Every spread page asks the database a fixed number of times, whatever the data: the same
count with one unit and a few rows as with three units (and sub-units) and many more rows."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from emulation_cluster.enums import Role, UnitKind
from tests.factories import (
    ClusterFactory,
    ClusterTermFactory,
    ExemplaryModelFactory,
    IndicatorFactory,
    LessonFactory,
    MembershipFactory,
    QuestionFactory,
    ReplicationFactory,
    SeminarFactory,
    SeminarInvitationFactory,
    SubUnitFactory,
    TopicFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def _world(n_units: int, rows_per_unit: int):
    cluster = ClusterFactory(slug=f"cum-{n_units}")
    units = [UnitFactory(cluster=cluster) for _ in range(n_units)]
    for unit in list(units):
        units.append(SubUnitFactory(parent=unit, kind=UnitKind.DISTRICT))
    ClusterTermFactory(cluster=cluster, year=YEAR, head_unit=units[0])
    topic = TopicFactory()
    day = timezone.make_aware(datetime.datetime(YEAR, 1, 15, 9))
    for i, unit in enumerate(units):
        other = units[(i + 1) % len(units)]
        for _ in range(rows_per_unit):
            model = ExemplaryModelFactory(owner_unit=unit, published_at=day)
            model.topics.add(topic)
            IndicatorFactory(exemplary_model=model)
            if other.pk != unit.pk:
                ReplicationFactory(exemplary_model=model, adopting_unit=other)
                QuestionFactory(exemplary_model=model, asking_unit=other)
        seminar = SeminarFactory(
            host_unit=unit, status="held", starts_at=day, ends_at=day + datetime.timedelta(hours=3)
        )
        LessonFactory(seminar=seminar)
        if other.pk != unit.pk:
            SeminarInvitationFactory(seminar=seminar, unit=other, attendance="present")
    reader = MembershipFactory(unit=units[0], role=Role.MEMBER).user
    client = Client()
    client.force_login(reader)
    return client, units[0]


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        lambda unit: reverse("spread_dashboard"),
        lambda unit: reverse("spread_unit_dashboard", args=[unit.slug]),
        lambda unit: reverse("spread_evidence_map"),
        lambda unit: reverse("spread_evidence_map") + f"?unit={unit.slug}",
    ],
    ids=["cluster", "unit", "map", "map-of-a-unit"],
)
def test_spread_pages_ask_a_fixed_number_of_queries(url):
    small_client, small_unit = _world(1, 1)
    small = _count(small_client, url(small_unit))
    big_client, big_unit = _world(3, 3)
    assert _count(big_client, url(big_unit)) == small
    assert small <= 40  # the figures, and writing them to the cache


@pytest.mark.parametrize("name", ["spread_dashboard", "spread_unit_dashboard"])
def test_dashboards_read_their_figures_from_the_cache_for_the_next_reader(name):
    client, unit = _world(3, 3)
    url = reverse(name, args=[unit.slug] if name == "spread_unit_dashboard" else [])
    counted = _count(client, url)
    assert _count(client, url) <= 14 < counted
