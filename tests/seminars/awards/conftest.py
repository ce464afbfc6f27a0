"""The award tests' world: the cluster's term of last year headed by CATP Cần Thơ, a unit
administrator of CATP Hà Nội who nominates, the head unit's administrator who reviews.

Pages are read in English (the language cookie), so that the assertions hold before and after the
Vietnamese catalogue gains the award strings.
"""

from dataclasses import dataclass

import pytest
from django.utils import timezone, translation

from emulation_cluster.enums import Role, Visibility
from tests.conftest import enrol_totp
from tests.factories import (
    ClusterFactory,
    ClusterTermFactory,
    DraftModelFactory,
    ExemplaryModelFactory,
    MembershipFactory,
    UnitFactory,
    UserFactory,
)
from tests.seminars.conftest import english_client

YEAR = timezone.localdate().year - 1


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@dataclass
class World:
    cluster: object
    term: object
    ha_noi: object
    can_tho: object
    da_nang: object
    people: dict
    model: object  # a public model of CATP Hà Nội
    other_model: object  # a model of CATP Đà Nẵng
    draft: object
    restricted: object

    def client(self, role):
        return english_client(self.people[role])


@pytest.fixture
def world(db):
    cluster = ClusterFactory()
    ha_noi = UnitFactory(
        name="Công an thành phố Hà Nội", short_name="CATP Hà Nội", slug="ha-noi", cluster=cluster
    )
    can_tho = UnitFactory(
        name="Công an thành phố Cần Thơ", short_name="CATP Cần Thơ", slug="can-tho", cluster=cluster
    )
    da_nang = UnitFactory(
        name="Công an thành phố Đà Nẵng", short_name="CATP Đà Nẵng", slug="da-nang", cluster=cluster
    )
    term = ClusterTermFactory(cluster=cluster, year=YEAR, head_unit=can_tho)
    term.member_units.set([ha_noi, can_tho, da_nang])
    people = {"anonymous": None, "outsider": UserFactory(email="ngoai@police.test")}
    for name, unit, role in [
        ("member", ha_noi, Role.MEMBER),
        ("editor", ha_noi, Role.EDITOR),
        ("unit_admin", ha_noi, Role.ADMIN),
        ("head_admin", can_tho, Role.ADMIN),
        ("other_admin", da_nang, Role.ADMIN),
    ]:
        user = UserFactory(email=f"{name}@police.test", first_name=name)
        MembershipFactory(user=user, unit=unit, role=role)
        people[name] = user
    people["cluster_admin"] = UserFactory(email="cluster_admin@police.test")
    cluster.administrators.add(people["cluster_admin"])
    for name in ("unit_admin", "head_admin", "other_admin", "cluster_admin"):
        enrol_totp(people[name])
    return World(
        cluster=cluster,
        term=term,
        ha_noi=ha_noi,
        can_tho=can_tho,
        da_nang=da_nang,
        people=people,
        model=ExemplaryModelFactory(owner_unit=ha_noi, title="Mệnh lệnh 01 tuần tra ban đêm"),
        other_model=ExemplaryModelFactory(owner_unit=da_nang, title="Camera giám sát an ninh"),
        draft=DraftModelFactory(owner_unit=ha_noi, title="Bản nháp chưa công bố"),
        restricted=ExemplaryModelFactory(
            owner_unit=ha_noi, title="Mô hình kín", visibility=Visibility.RESTRICTED
        ),
    )


def nominate(world, model=None, statement="Giảm tội phạm hình sự trên địa bàn.", **extra):
    """A nomination made through the service, as the form makes it."""
    from seminars.awards.services import nomination_submit

    return nomination_submit(
        exemplary_model=model or world.model,
        year=extra.pop("year", YEAR),
        statement=statement,
        actor=extra.pop("actor", world.people["unit_admin"]),
    )
