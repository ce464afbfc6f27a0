"""The periodic job keeps the cluster dashboards counted: readers find the figures kept."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from emulation_cluster.enums import Role
from seminars.spread.cache import FRESH_FOR, audience, dashboards_warm
from seminars.tasks import app, warm_dashboards
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _queries(user) -> int:
    client = Client()
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("spread_dashboard"))
    assert response.status_code == 200
    return len(queries)


def test_dashboards_warm_counts_each_audience_once(spread):
    cache.clear()
    lines = dashboards_warm()
    assert len(lines) == len(set(lines))
    assert any(line.endswith(", all: counted") for line in lines)  # the administrators
    assert any(", units-" in line for line in lines)  # the members, by the units they hold
    assert all(", 2025, " in line for line in lines)  # the default year: the latest term


def test_readers_find_the_warmed_figures_kept(spread):
    cache.clear()
    cold = _queries(spread.member_b)
    cache.clear()
    dashboards_warm()
    warm = _queries(spread.member_b)
    assert warm <= cold - 10  # the figures' aggregate queries are not asked again
    assert _queries(spread.admin) <= cold - 10


def test_warm_dashboards_is_a_periodic_job_run_more_often_than_figures_lapse(spread):
    periodic = {task.periodic_id: task for task in app.periodic_registry.periodic_tasks.values()}
    assert periodic["dashboards-warm"].task is warm_dashboards
    every = settings.DASHBOARD_WARM_CRON.split()[0]  # "*/4": every four minutes
    assert every.startswith("*/") and int(every[2:]) * 60 < FRESH_FOR
    cache.clear()
    assert warm_dashboards(timestamp=0) == len(dashboards_warm())


def test_an_administrator_holding_a_unit_does_not_hide_its_plain_members(spread):
    # Same units as member_b, but read as an administrator ("all"): member_b's audience is
    # still counted, by member_b.
    MembershipFactory(user=spread.admin, unit=spread.b, role=Role.MEMBER)
    cache.clear()
    lines = dashboards_warm()
    assert any(line.endswith(f", {audience(spread.member_b)}: counted") for line in lines)
