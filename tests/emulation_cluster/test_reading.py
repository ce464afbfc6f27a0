"""The person behind a request is read once (``permissions.reading``): one query for their
roles, the units below them, the cluster administration and the demo banner, whatever the page
asks; and a member's ordinary pages stay within 12 queries however many units and rows."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from emulation_cluster.enums import Role, UnitKind
from emulation_cluster.permissions import (
    EDITOR_ROLES,
    is_cluster_admin,
    member_unit_ids,
    reading,
    unit_ids_with_role,
)
from seminars.qa.unit_figures import figures_refresh
from tests.factories import (
    ClusterFactory,
    ClusterTermFactory,
    ExemplaryModelFactory,
    MembershipFactory,
    SubUnitFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
MEMBER_PAGE_QUERIES = 12


@pytest.fixture
def tree():
    cluster = ClusterFactory()
    city = UnitFactory(slug="ha-noi", cluster=cluster)
    district = SubUnitFactory(slug="hoan-kiem", parent=city)
    ward = SubUnitFactory(slug="hang-bac", parent=district, kind=UnitKind.WARD)
    other = UnitFactory(slug="da-nang", cluster=cluster, city="Đà Nẵng")
    term = ClusterTermFactory(cluster=cluster, year=timezone.localdate().year, head_unit=city)
    term.member_units.set([city, other])
    return city, district, ward, other


def test_reading_gives_roles_with_their_sub_units_in_one_query(tree):
    city, district, ward, other = tree
    user = UserFactory()
    MembershipFactory(user=user, unit=district, role=Role.EDITOR)
    MembershipFactory(user=user, unit=other, role=Role.MEMBER)
    with CaptureQueriesContext(connection) as queries:
        assert unit_ids_with_role(user, EDITOR_ROLES) == {district.pk, ward.pk}
        assert unit_ids_with_role(user) == {district.pk, ward.pk, other.pk}
        assert member_unit_ids(user) == {district.pk, other.pk}
        assert not is_cluster_admin(user)
        assert reading(user).demo_data_present is False
    assert len(queries) == 1


def test_reading_of_a_cluster_administrator_and_of_a_visitor(tree):
    admin = UserFactory()
    tree[0].cluster.administrators.add(admin)
    assert is_cluster_admin(admin) and unit_ids_with_role(admin) == frozenset()
    from django.contrib.auth.models import AnonymousUser

    assert reading(AnonymousUser()).is_cluster_admin is False


def _member(tree, units: int):
    user = UserFactory()
    for unit in tree[-units:] if units > 1 else [tree[2]]:
        MembershipFactory(user=user, unit=unit, role=Role.MEMBER)
    client = Client()
    client.force_login(user)
    return client


def _pages(tree, models):
    return [
        ("home", reverse("home")),
        ("list", reverse("model_list")),
        ("list of a unit", reverse("model_list") + "?unit=ha-noi"),
        ("unit page", tree[0].get_absolute_url()),
    ]


@pytest.mark.parametrize("units", [1, 3])
def test_a_members_pages_stay_within_twelve_queries(tree, units, django_assert_max_num_queries):
    client = _member(tree, units)
    models = [ExemplaryModelFactory(owner_unit=tree[2])]
    figures_refresh(now=timezone.now())  # the unit page's figures, as the periodic job keeps them
    for name, url in _pages(tree, models):
        client.get(url)  # warm the per-process caches (content types)
        with django_assert_max_num_queries(MEMBER_PAGE_QUERIES, info=name):
            assert client.get(url).status_code == 200
    models += [ExemplaryModelFactory(owner_unit=unit) for unit in tree[:3]]
    for name, url in _pages(tree, models):
        with django_assert_max_num_queries(MEMBER_PAGE_QUERIES, info=name):
            response = client.get(url)
        assert models[-1].title in response.content.decode() or name == "unit page"


def test_the_membership_is_read_once_a_request(tree):
    client = _member(tree, 3)
    model = ExemplaryModelFactory(owner_unit=tree[2])
    for url in (reverse("home"), reverse("model_list"), model.get_absolute_url()):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        reads = [q for q in queries.captured_queries if "emulation_cluster_membership" in q["sql"]]
        assert len(reads) == 1, url
