"""A signed-in person's reading is kept by the process while the roles' generation, read with
the session, stands: one query fewer a request, and every change of roles, units or the demo
flag applies on the very next request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from emulation_cluster.administration.units import unit_create
from emulation_cluster.enums import Role, UnitKind
from emulation_cluster.memberships import membership_archive, membership_change_role
from emulation_cluster.reading import _SQL as READING_SQL
from tests.conftest import enrol_totp
from tests.factories import ClusterFactory, ExemplaryModelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def portal_sessions(settings):
    settings.SESSION_ENGINE = "emulation_cluster.session_store"


# The statement of the reading, as the query log shows it.
READING = READING_SQL.strip().splitlines()[0][:40]


def _readings(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        status = client.get(url).status_code
    return status, sum(READING in query["sql"] for query in queries.captured_queries)


def test_the_second_request_reads_no_roles(member_client):
    assert _readings(member_client, reverse("profile")) in {(200, 0), (200, 1)}
    assert _readings(member_client, reverse("profile")) == (200, 0)


def test_a_new_role_applies_on_the_next_request(member_client, member, cluster_admin):
    assert _readings(member_client, reverse("model_create"))[0] == 403
    membership = member.memberships.get()
    membership_change_role(membership=membership, role=Role.EDITOR, actor=cluster_admin)
    assert _readings(member_client, reverse("model_create")) == (200, 1)
    assert _readings(member_client, reverse("model_create")) == (200, 0)


def test_an_archived_membership_applies_on_the_next_request(editor_client, editor, cluster_admin):
    assert _readings(editor_client, reverse("model_create"))[0] == 200
    membership_archive(membership=editor.memberships.get(), actor=cluster_admin)
    assert _readings(editor_client, reverse("model_create")) == (403, 1)


def test_a_new_cluster_administrator_applies_on_the_next_request(member_client, member):
    enrol_totp(member)
    assert _readings(member_client, reverse("cluster_administration"))[0] == 403
    ClusterFactory().administrators.add(member)
    assert _readings(member_client, reverse("cluster_administration")) == (200, 1)


def test_a_new_sub_unit_is_in_the_editors_reach_on_the_next_request(
    editor_client, unit, cluster_admin
):
    editor_client.get(reverse("profile"))
    ward = unit_create(
        parent=unit,
        kind=UnitKind.DISTRICT,
        name="Công an quận Hoàn Kiếm",
        short_name="CAQ Hoàn Kiếm",
        actor=cluster_admin,
    )
    model = ExemplaryModelFactory(owner_unit=ward)
    status, readings = _readings(editor_client, reverse("model_edit", args=[model.slug]))
    assert (status, readings) == (200, 1)


def test_the_demo_flag_applies_on_the_next_request(member_client, unit):
    assert "demo-banner" not in member_client.get(reverse("profile")).content.decode()
    unit.cluster.is_demo = True
    unit.cluster.save()
    assert "demo-banner" in member_client.get(reverse("profile")).content.decode()
