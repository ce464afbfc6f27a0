"""``Unit.tree_path`` (kept by the database) and ``in_unit_tree``, which every unit filter uses."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from emulation_cluster.administration import units
from emulation_cluster.enums import UnitKind
from emulation_cluster.models import Unit
from emulation_cluster.selectors import in_unit_tree, in_unit_trees, unit_tree_ids
from models_registry.models import ExemplaryModel
from tests.factories import ClusterFactory, ExemplaryModelFactory, SubUnitFactory, UnitFactory

pytestmark = pytest.mark.django_db


def _paths():
    return dict(Unit.objects.values_list("slug", "tree_path"))


@pytest.fixture
def tree():
    cluster = ClusterFactory()
    ha_noi = UnitFactory(slug="ha-noi", cluster=cluster)
    da_nang = UnitFactory(slug="da-nang", cluster=cluster, city="Đà Nẵng")
    hoan_kiem = SubUnitFactory(slug="hoan-kiem", parent=ha_noi)
    hang_bac = SubUnitFactory(slug="hang-bac", parent=hoan_kiem, kind=UnitKind.WARD)
    return ha_noi, da_nang, hoan_kiem, hang_bac


def test_unit_tree_path_is_written_on_insert(tree):
    ha_noi, _da_nang, hoan_kiem, hang_bac = tree
    assert _paths()["hang-bac"] == [ha_noi.pk, hoan_kiem.pk, hang_bac.pk]
    assert _paths()["ha-noi"] == [ha_noi.pk]


def test_unit_tree_path_follows_a_move_down_the_subtree(tree, cluster_admin):
    _ha_noi, da_nang, hoan_kiem, hang_bac = tree
    units.unit_move(unit=hoan_kiem, parent=da_nang, actor=cluster_admin)
    assert _paths()["hoan-kiem"] == [da_nang.pk, hoan_kiem.pk]
    assert _paths()["hang-bac"] == [da_nang.pk, hoan_kiem.pk, hang_bac.pk]


def test_unit_tree_path_is_right_for_bulk_loads_and_queryset_updates(tree):
    ha_noi, da_nang, hoan_kiem, _hang_bac = tree
    [loaded] = Unit.objects.bulk_create(
        [Unit(name="CAP mới", slug="cap-moi", kind=UnitKind.WARD, parent=hoan_kiem, city="HN")]
    )
    assert _paths()["cap-moi"] == [ha_noi.pk, hoan_kiem.pk, loaded.pk]
    Unit.objects.filter(pk=hoan_kiem.pk).update(parent=da_nang)
    assert _paths()["cap-moi"] == [da_nang.pk, hoan_kiem.pk, loaded.pk]


def test_in_unit_tree_finds_the_unit_and_everything_below_it(tree):
    ha_noi, da_nang, hoan_kiem, hang_bac = tree
    models = {unit.slug: ExemplaryModelFactory(owner_unit=unit) for unit in tree}
    of = lambda unit: set(ExemplaryModel.objects.filter(in_unit_tree("owner_unit", unit)))  # noqa: E731
    assert of(ha_noi) == {models["ha-noi"], models["hoan-kiem"], models["hang-bac"]}
    assert of(hoan_kiem) == {models["hoan-kiem"], models["hang-bac"]}
    assert of(hang_bac) == {models["hang-bac"]}
    assert of(da_nang.pk) == {models["da-nang"]}
    both = ExemplaryModel.objects.filter(in_unit_trees("owner_unit", [hoan_kiem.pk, da_nang.pk]))
    assert set(both) == {models["hoan-kiem"], models["hang-bac"], models["da-nang"]}
    assert set(unit_tree_ids(hoan_kiem).values_list("pk", flat=True)) == {hoan_kiem.pk, hang_bac.pk}


def test_in_unit_tree_filters_by_ids_not_by_parents(tree):
    """The filter must be ``owner_unit_id IN (ids)``, so that PostgreSQL uses the indexes on the
    owner unit; joining the parent and grandparent made it scan the whole table."""
    ha_noi = tree[0]
    with CaptureQueriesContext(connection) as queries:
        list(ExemplaryModel.objects.filter(in_unit_tree("owner_unit", ha_noi)))
    sql = queries.captured_queries[0]["sql"]
    assert '"owner_unit_id" IN (SELECT' in sql
    assert "parent_id" not in sql
