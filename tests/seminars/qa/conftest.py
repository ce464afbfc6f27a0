"""The Q&A tests' world: CATP Đà Nẵng asks CATP Hà Nội about "Mệnh lệnh 01"; CATP Cần Thơ heads
the cluster this year; CATP Hải Phòng looks on. A person for each role; pages read in English."""

from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from emulation_cluster.enums import Role, Visibility
from seminars.qa.models import Question
from tests.conftest import enrol_totp
from tests.factories import (
    AgendaItemFactory,
    ClusterFactory,
    ClusterTermFactory,
    ExemplaryModelFactory,
    MembershipFactory,
    QuestionFactory,
    SeminarFactory,
    UnitFactory,
    UserFactory,
)
from tests.seminars.conftest import english_client

QA_ROLES = [
    "anonymous",
    "outsider",
    "asker",
    "asker_editor",
    "owner_member",
    "owner_editor",
    "owner_admin",
    "other_member",
    "cluster_admin",
]
MODEL_TITLE = "Mệnh lệnh 01 về tổng kiểm soát hành chính ban đêm"
RESTRICTED_TITLE = "Mô hình kín Quyết Thắng"


@dataclass
class QA:
    cluster: object
    term: object
    owner: object  # CATP Hà Nội: owns the models
    asker_unit: object  # CATP Đà Nẵng: asks
    other: object  # CATP Hải Phòng
    head: object  # CATP Cần Thơ: cluster head unit of the current term
    people: dict
    model: object
    restricted: object
    seminar: object

    def client(self, role) -> Client:
        return english_client(self.people[role])

    def ask(self, role="asker", **overrides) -> Question:
        """A question through the service (the view is tested in the flow tests)."""
        from seminars.qa import services as qa_services

        user = self.people[role]
        values = {
            "exemplary_model": self.model,
            "asking_unit": user.memberships.get().unit,
            "author": user,
            "title": "Tổ chức tuần tra ban đêm thế nào?",
            "body": "CATP Đà Nẵng muốn biết cách bố trí lực lượng.",
        }
        values.update(overrides)
        question, _created = qa_services.question_ask(**values)
        return question


@pytest.fixture(autouse=True)
def _english_notices(settings):
    """Notices and emails are written in the portal's language: English here, so that the
    assertions hold before and after the Vietnamese catalogue gains the Q&A strings."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def qa(db):
    cluster = ClusterFactory()

    def city(name, short, slug):
        return UnitFactory(name=name, short_name=short, slug=slug, cluster=cluster, city=short)

    owner = city("Công an thành phố Hà Nội", "CATP Hà Nội", "ha-noi")
    asker_unit = city("Công an thành phố Đà Nẵng", "CATP Đà Nẵng", "da-nang")
    other = city("Công an thành phố Hải Phòng", "CATP Hải Phòng", "hai-phong")
    head = city("Công an thành phố Cần Thơ", "CATP Cần Thơ", "can-tho")
    term = ClusterTermFactory(cluster=cluster, year=timezone.localdate().year, head_unit=head)
    term.member_units.set([owner, asker_unit, other, head])
    people = {"anonymous": None, "outsider": UserFactory(email="ngoai@police.test")}
    for role_name, unit, role in [
        ("asker", asker_unit, Role.MEMBER),
        ("asker_editor", asker_unit, Role.EDITOR),
        ("owner_member", owner, Role.MEMBER),
        ("owner_editor", owner, Role.EDITOR),
        ("owner_admin", owner, Role.ADMIN),
        ("organizer", owner, Role.ORGANIZER),
        ("other_member", other, Role.MEMBER),
        ("head_admin", head, Role.ADMIN),
    ]:
        user = UserFactory(email=f"{role_name}@police.test", first_name=role_name)
        MembershipFactory(user=user, unit=unit, role=role)
        people[role_name] = user
    people["cluster_admin"] = UserFactory(email="cluster_admin@police.test")
    cluster.administrators.add(people["cluster_admin"])
    for role_name in ("owner_admin", "head_admin", "cluster_admin"):
        enrol_totp(people[role_name])
    model = ExemplaryModelFactory(
        owner_unit=owner, title=MODEL_TITLE, visibility=Visibility.MEMBERS
    )
    restricted = ExemplaryModelFactory(
        owner_unit=owner, title=RESTRICTED_TITLE, visibility=Visibility.RESTRICTED
    )
    seminar = SeminarFactory(host_unit=owner, title="Tọa đàm mô hình hay")
    AgendaItemFactory(seminar=seminar, presenting_unit=owner, exemplary_model=model)
    return QA(
        cluster=cluster,
        term=term,
        owner=owner,
        asker_unit=asker_unit,
        other=other,
        head=head,
        people=people,
        model=model,
        restricted=restricted,
        seminar=seminar,
    )


@pytest.fixture
def restricted_question(qa):
    """A question on the restricted model: Hà Nội's own sub-unit asks (it may see the model)."""
    ward = UnitFactory(
        name="Công an phường Quyết Thắng",
        short_name="CAP Quyết Thắng",
        slug="cap-quyet-thang",
        kind="ward",
        parent=qa.owner,
        cluster=qa.cluster,
    )
    return QuestionFactory(
        exemplary_model=qa.restricted,
        asking_unit=ward,
        author=qa.people["owner_member"],
        title="Câu hỏi kín về Quyết Thắng",
        body="Nội dung kín.",
    )


def question_url(question, name="question_detail"):
    return reverse(name, args=[question.pk])
