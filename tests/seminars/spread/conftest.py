"""A small cluster with known figures for the spread's tests (every number below is counted by
hand in the tests' docstrings).

Cities: Cần Thơ (D), Đà Nẵng (B), Hà Nội (A, with district A1). In 2025:
- models: mA1 (A, public, 2025, topic T1, figures 100→80 and 50→60), mA2 (A1, restricted, 2024,
  topics T1 and T2, no figures), mB1 (B, members, 2025, verified, 10→15), a draft of D;
- replications: mA1 by B (April, with results), mA1 by D (July, with results), mB1 by A1
  (February, pilot, none), mA2 by B (September, dropped);
- questions: to A from B (answered officially in 10 h), to A from D (30 h), to A1 from B on the
  restricted model (open), to B from A (4 h);
- seminars: one held by A in September with two lessons, B present, D absent; one of B only
  scheduled.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from emulation_cluster.enums import Role, UnitKind, Visibility
from models_registry.enums import ReplicationState
from tests.conftest import enrol_totp
from tests.factories import (
    ClusterFactory,
    ClusterTermFactory,
    DraftModelFactory,
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
    UserFactory,
)


def at(year, month, day, hour=9):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


@dataclass
class Spread:
    cluster: object
    a: object
    a1: object
    b: object
    d: object
    t1: object
    t2: object
    ma1: object
    ma2: object
    mb1: object
    admin: object
    member_a: object
    member_b: object


def _question(model, asking, asked_at, answered_after_hours=None):
    question = QuestionFactory(exemplary_model=model, asking_unit=asking)
    answered = (
        asked_at + datetime.timedelta(hours=answered_after_hours)
        if answered_after_hours is not None
        else None
    )
    type(question).objects.filter(pk=question.pk).update(
        created_at=asked_at, first_official_answer_at=answered
    )
    return question


@pytest.fixture
def spread(db):
    cluster = ClusterFactory()
    a = UnitFactory(name="Công an thành phố Hà Nội", short_name="CATP Hà Nội", cluster=cluster)
    a1 = SubUnitFactory(
        name="Công an quận Ba Đình", short_name="CAQ Ba Đình", parent=a, kind=UnitKind.DISTRICT
    )
    b = UnitFactory(name="Công an thành phố Đà Nẵng", short_name="CATP Đà Nẵng", cluster=cluster)
    d = UnitFactory(name="Công an thành phố Cần Thơ", short_name="CATP Cần Thơ", cluster=cluster)
    ClusterTermFactory(cluster=cluster, year=2025, head_unit=d)
    ClusterTermFactory(cluster=cluster, year=2024, head_unit=a)
    t1 = TopicFactory(name="An ninh trật tự", slug="an-ninh-trat-tu")
    t2 = TopicFactory(name="Cải cách hành chính", slug="cai-cach-hanh-chinh")
    ma1 = ExemplaryModelFactory(title="Mệnh lệnh 01", owner_unit=a, published_at=at(2025, 3, 1))
    ma1.topics.add(t1)
    IndicatorFactory(exemplary_model=ma1, baseline=100, result=80)
    IndicatorFactory(exemplary_model=ma1, baseline=50, result=60)
    IndicatorFactory(exemplary_model=ma1, baseline=None, result=5)
    ma2 = ExemplaryModelFactory(
        title="Camera an ninh phường",
        owner_unit=a1,
        published_at=at(2024, 6, 1),
        visibility=Visibility.RESTRICTED,
    )
    ma2.topics.add(t1, t2)
    mb1 = ExemplaryModelFactory(
        title="Diễn đàn lắng nghe ý kiến nhân dân",
        owner_unit=b,
        published_at=at(2025, 5, 1),
        visibility=Visibility.MEMBERS,
        verified_at=at(2025, 6, 1),
    )
    IndicatorFactory(exemplary_model=mb1, baseline=10, result=15)
    DraftModelFactory(owner_unit=d)
    r1 = ReplicationFactory(
        exemplary_model=ma1, adopting_unit=b, started_on=datetime.date(2025, 4, 10)
    )
    IndicatorFactory(replication=r1, exemplary_model=None, baseline=10, result=8)
    r2 = ReplicationFactory(
        exemplary_model=ma1, adopting_unit=d, started_on=datetime.date(2025, 7, 1)
    )
    IndicatorFactory(replication=r2, exemplary_model=None, baseline=10, result=9)
    ReplicationFactory(
        exemplary_model=mb1,
        adopting_unit=a1,
        started_on=datetime.date(2025, 2, 1),
        state=ReplicationState.PILOT,
    )
    ReplicationFactory(
        exemplary_model=ma2,
        adopting_unit=b,
        started_on=datetime.date(2025, 9, 1),
        state=ReplicationState.DROPPED,
    )
    _question(ma1, b, at(2025, 1, 10), 10)
    _question(ma1, d, at(2025, 2, 1), 30)
    _question(ma2, b, at(2025, 3, 1))
    _question(mb1, a, at(2025, 3, 5), 4)
    held = SeminarFactory(
        host_unit=a, status="held", starts_at=at(2025, 9, 6, 14), ends_at=at(2025, 9, 6, 17)
    )
    LessonFactory(seminar=held)
    LessonFactory(seminar=held)
    SeminarInvitationFactory(seminar=held, unit=b, attendance="present")
    SeminarInvitationFactory(seminar=held, unit=d, attendance="absent")
    SeminarFactory(
        host_unit=b, status="scheduled", starts_at=at(2025, 11, 6, 14), ends_at=at(2025, 11, 6, 17)
    )
    admin = UserFactory()
    cluster.administrators.add(admin)
    enrol_totp(admin)
    return Spread(
        cluster=cluster,
        a=a,
        a1=a1,
        b=b,
        d=d,
        t1=t1,
        t2=t2,
        ma1=ma1,
        ma2=ma2,
        mb1=mb1,
        admin=admin,
        member_a=MembershipFactory(unit=a, role=Role.MEMBER).user,
        member_b=MembershipFactory(unit=b, role=Role.MEMBER).user,
    )
