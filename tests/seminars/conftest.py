"""The seminar tests' world: three city units of one cluster and a person for each role.

Pages are read in English (the language cookie), so that the assertions hold before and after
the Vietnamese catalogue gains the seminar strings.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone, translation

from emulation_cluster.enums import Role
from tests.conftest import enrol_totp
from tests.factories import (
    ClusterFactory,
    ClusterTermFactory,
    ExemplaryModelFactory,
    MembershipFactory,
    SeminarFactory,
    SeminarInvitationFactory,
    UnitFactory,
    UserFactory,
)

ROLES = [
    "anonymous",
    "outsider",
    "member",
    "host_organizer",
    "other_organizer",
    "invited_admin",
    "cluster_admin",
]


@pytest.fixture(autouse=True)
def _english():
    """Messages raised outside a request (services, commands) in English too."""
    with translation.override("en"):
        yield


@dataclass
class World:
    cluster: object
    term: object
    host: object  # CATP Hà Nội: hosts the seminars
    invited: object  # CATP Đà Nẵng: invited
    other: object  # CATP Hải Phòng: a member unit, not invited
    people: dict
    model: object  # a model of Đà Nẵng

    def client(self, role) -> Client:
        return english_client(self.people[role])


def english_client(user=None) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def world(db):
    cluster = ClusterFactory()
    host = UnitFactory(
        name="Công an thành phố Hà Nội", short_name="CATP Hà Nội", slug="ha-noi", cluster=cluster
    )
    invited = UnitFactory(
        name="Công an thành phố Đà Nẵng",
        short_name="CATP Đà Nẵng",
        slug="da-nang",
        city="Đà Nẵng",
        cluster=cluster,
    )
    other = UnitFactory(
        name="Công an thành phố Hải Phòng",
        short_name="CATP Hải Phòng",
        slug="hai-phong",
        city="Hải Phòng",
        cluster=cluster,
    )
    term = ClusterTermFactory(cluster=cluster, year=timezone.localdate().year, head_unit=host)
    term.member_units.set([host, invited, other])
    people = {"anonymous": None, "outsider": UserFactory(email="ngoai@police.test")}
    for role_name, unit, role, email in [
        ("member", host, Role.MEMBER, "thanhvien.hanoi@police.test"),
        ("host_organizer", host, Role.ORGANIZER, "tochuc.hanoi@police.test"),
        ("other_organizer", other, Role.ORGANIZER, "tochuc.haiphong@police.test"),
        ("invited_admin", invited, Role.ADMIN, "quantri.danang@police.test"),
    ]:
        user = UserFactory(email=email, first_name=role_name)
        MembershipFactory(user=user, unit=unit, role=role)
        people[role_name] = user
    people["cluster_admin"] = UserFactory(email="quantri.cum@police.test")
    cluster.administrators.add(people["cluster_admin"])
    for role_name in ("invited_admin", "cluster_admin"):
        enrol_totp(people[role_name])
    model = ExemplaryModelFactory(owner_unit=invited, title="Camera giám sát an ninh")
    return World(
        cluster=cluster,
        term=term,
        host=host,
        invited=invited,
        other=other,
        people=people,
        model=model,
    )


@pytest.fixture
def seminar(world):
    """A scheduled seminar of CATP Hà Nội next week, CATP Đà Nẵng invited."""
    seminar = SeminarFactory(
        host_unit=world.host, title="Tọa đàm nhân rộng mô hình camera", venue="Hội trường A"
    )
    SeminarInvitationFactory(seminar=seminar, unit=world.invited)
    return seminar


@pytest.fixture
def organizer_client(world):
    return world.client("host_organizer")


def local_input(value: datetime.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def seminar_form(world, start, **overrides):
    data = {
        "title": "Tọa đàm mô hình hay Cụm thi đua số 1",
        "host_unit": world.host.pk,
        "starts_at": local_input(start),
        "ends_at": local_input(start + datetime.timedelta(hours=3)),
        "venue": "Hội trường CATP Hà Nội",
        "online_url": "",
        "chair_name": "Thiếu tướng Đào Thanh Hải, Phó Giám đốc CATP Hà Nội",
        "chair_email": "",
        "description": "Các đơn vị giới thiệu **mô hình**.",
        "reply_deadline": "",
    }
    data.update(overrides)
    return data


def ics_attachment(message):
    """(file name, content type with its parameters, parsed calendar) of an email's .ics."""
    import icalendar

    part = message.attachments[0]
    return (
        part.get_filename(),
        part["Content-Type"],
        icalendar.Calendar.from_ical(part.get_payload(decode=True)),
    )
