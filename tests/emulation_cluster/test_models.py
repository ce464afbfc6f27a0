import pytest
from django.db import IntegrityError

from emulation_cluster.enums import Role, UnitKind
from emulation_cluster.models import Unit
from emulation_cluster.vietnamese import sort_key
from tests.factories import (
    ClusterFactory,
    ClusterTermFactory,
    MembershipFactory,
    SubUnitFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db


def test_units_list_in_vietnamese_alphabetical_order():
    for name in ["Hà Nội", "Hải Phòng", "Cần Thơ", "TP. Hồ Chí Minh", "Đà Nẵng", "Dĩ An"]:
        UnitFactory(name=f"Công an {name}")
    names = [unit.name.removeprefix("Công an ") for unit in Unit.objects.all()]
    assert names == ["Cần Thơ", "Dĩ An", "Đà Nẵng", "Hà Nội", "Hải Phòng", "TP. Hồ Chí Minh"]


def test_sort_key_follows_a_renamed_unit():
    unit = UnitFactory(name="Công an Hải Phòng")
    unit.name = "Công an An Giang"
    unit.save(update_fields=["name"])
    unit.refresh_from_db()
    assert unit.name_sort_key == sort_key("Công an An Giang")


def test_sub_unit_must_have_a_parent():
    with pytest.raises(IntegrityError):
        UnitFactory(kind=UnitKind.WARD, parent=None)


def test_sub_units_hang_under_their_parent():
    ward = SubUnitFactory(kind=UnitKind.WARD)
    assert list(ward.parent.sub_units.all()) == [ward]


def test_one_term_per_cluster_and_year():
    term = ClusterTermFactory(year=2025)
    with pytest.raises(IntegrityError):
        ClusterTermFactory(cluster=term.cluster, year=2025, head_unit=term.head_unit)


def test_head_unit_cannot_also_be_deputy():
    unit = UnitFactory()
    with pytest.raises(IntegrityError):
        ClusterTermFactory(head_unit=unit, deputy_unit=unit)


def test_membership_history_survives_a_change_of_members():
    cluster = ClusterFactory()
    ha_noi, hai_phong, can_tho = UnitFactory.create_batch(3, cluster=cluster)
    old = ClusterTermFactory(cluster=cluster, year=2024, head_unit=ha_noi)
    old.member_units.set([ha_noi, hai_phong])
    new = ClusterTermFactory(cluster=cluster, year=2025, head_unit=can_tho)
    new.member_units.set([ha_noi, can_tho])
    old.refresh_from_db()
    assert set(old.member_units.all()) == {ha_noi, hai_phong}
    assert cluster.current_term() == new


def test_current_term_ignores_future_years():
    cluster = ClusterFactory()
    current = ClusterTermFactory(cluster=cluster, year=2025)
    ClusterTermFactory(cluster=cluster, year=2099)
    assert cluster.current_term() == current


def test_a_person_holds_one_role_per_unit():
    membership = MembershipFactory(role=Role.EDITOR)
    with pytest.raises(IntegrityError):
        MembershipFactory(user=membership.user, unit=membership.unit, role=Role.ADMIN)
