"""The demo's year: one in which the article's district police and CCCD cards existed, and a
past term that still serves as the current one (home page, head unit, escalations)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from emulation_cluster.enums import Role
from emulation_cluster.models import Cluster, ClusterTerm, Membership, Unit
from models_registry.management.commands.load_demo import CLUSTER_ADMIN, DEMO_TERM_YEAR
from seminars.models import Seminar
from seminars.qa.models import Answer, Question
from seminars.qa.notifications import head_unit_admins
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
# District police (CAQ Thốt Nốt, CAQ Thanh Khê) were dissolved on 1 March 2025; the CCCD card was
# renamed "thẻ căn cước" from 1 July 2024.
CCCD_RENAMED = datetime.datetime(2024, 7, 1, tzinfo=ZONE)
DISTRICTS_DISSOLVED = datetime.datetime(2025, 3, 1, tzinfo=ZONE)


def _load(*commands):
    for command in commands:
        call_command(command, stdout=open("/dev/null", "w"))  # noqa: SIM115 - discard output


@pytest.fixture
def demo(db):
    _load("load_demo", "load_demo_seminar", "load_demo_questions")


def test_every_demo_date_is_before_the_districts_and_cccd_ended(demo):
    assert DEMO_TERM_YEAR == 2023
    seminar = Seminar.objects.get()
    dates = [seminar.starts_at, seminar.ends_at]
    dates += list(Question.objects.values_list("created_at", flat=True))
    dates += list(Answer.objects.values_list("created_at", flat=True))
    assert len(dates) > 4
    assert all(moment < CCCD_RENAMED < DISTRICTS_DISSOLVED for moment in dates)
    assert timezone.localtime(seminar.starts_at).date() == datetime.date(2023, 9, 6)
    assert Unit.objects.filter(slug__in=["caq-thot-not", "caq-thanh-khe"]).count() == 2


def test_the_2023_term_is_current_while_no_later_term_is_recorded(demo):
    assert timezone.localdate().year > DEMO_TERM_YEAR  # the demo runs after its year
    term = Cluster.objects.get().current_term()
    assert (term.year, term.head_unit.slug) == (DEMO_TERM_YEAR, "catp-can-tho")
    assert term.member_units.count() == 5


def test_the_home_page_names_the_head_of_2023_and_badges_it(client, demo):
    html = client.get(reverse("home")).content.decode()
    assert f"{DEMO_TERM_YEAR}: <strong>Công an thành phố Cần Thơ</strong>" in html
    can_tho = html.index(">Công an thành phố Cần Thơ</a></h3>")
    assert html.count('class="badge head"') == 1
    assert html.index('class="badge head"', can_tho) < html.index("</li>", can_tho)


def test_escalations_go_to_the_2023_head_unit_or_else_the_cluster_admins(demo):
    ha_noi = Unit.objects.get(slug="catp-ha-noi")
    # Cần Thơ's demo administrator (who reviews the award nominations) is escalated to.
    assert [user.email for user in head_unit_admins(ha_noi)] == ["quantri.cantho@demo.invalid"]
    # Without an administrator in the head unit, the cluster administrator is.
    Membership.objects.filter(unit__slug="catp-can-tho", role=Role.ADMIN).update(
        archived_at=timezone.now()
    )
    assert [user.email for user in head_unit_admins(ha_noi)] == [CLUSTER_ADMIN[0]]
    head_admin = MembershipFactory(unit=Unit.objects.get(slug="catp-can-tho"), role=Role.ADMIN)
    assert head_unit_admins(ha_noi) == [head_admin.user]


def test_a_term_recorded_for_this_year_takes_over(demo):
    cluster = Cluster.objects.get()
    this_year = ClusterTerm.objects.create(
        cluster=cluster,
        year=timezone.localdate().year,
        head_unit=Unit.objects.get(slug="catp-hai-phong"),
    )
    assert cluster.current_term() == this_year
    _load("load_demo")  # a second load leaves a real term alone
    assert cluster.current_term() == this_year


def test_reloading_drops_a_demo_term_of_an_older_demo_year(db):
    _load("load_demo")
    cluster = Cluster.objects.get()
    term = ClusterTerm.objects.get()
    ClusterTerm.objects.create(cluster=cluster, year=2025, head_unit=term.head_unit, is_demo=True)
    _load("load_demo")
    assert list(ClusterTerm.objects.values_list("year", flat=True)) == [DEMO_TERM_YEAR]
