"""The demo seminar of the article: its facts, and a second run that changes nothing."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from emulation_cluster.models import Unit
from models_registry.models import ExemplaryModel
from seminars.enums import AgendaItemKind, SeminarStatus
from seminars.models import AgendaItem, Seminar, SeminarInvitation
from tests.seminars.conftest import english_client

pytestmark = pytest.mark.django_db


def _quiet(command):
    call_command(command, stdout=open("/dev/null", "w"))  # noqa: SIM115 - discard output


@pytest.fixture
def demo(db):
    _quiet("load_demo")
    _quiet("load_demo_seminar")
    return Seminar.objects.get()


def test_demo_seminar_follows_the_article(demo):
    start = timezone.localtime(demo.starts_at)
    assert (start.year, start.month, start.day, start.hour) == (2023, 9, 6, 14)  # afternoon
    assert demo.host_unit.slug == "catp-ha-noi"
    assert "Thiếu tướng Đào Thanh Hải" in demo.chair_name and "Phó Giám đốc" in demo.chair_name
    assert demo.is_demo and "minh họa" in demo.description and "2023" in demo.description
    assert demo.status == SeminarStatus.HELD
    opening = demo.agenda_items.get(kind=AgendaItemKind.OPENING)
    assert "Đại tá Nguyễn Văn Thuận" in opening.speaker and "Cần Thơ" in opening.speaker
    assert opening.presenting_unit.slug == "catp-can-tho"
    presentations = demo.agenda_items.filter(kind=AgendaItemKind.PRESENTATION)
    assert presentations.count() == 6 == ExemplaryModel.objects.count()
    for item in presentations.select_related("exemplary_model"):
        assert item.presenting_unit_id == item.exemplary_model.owner_unit_id
        assert not item.is_guest_presentation
    assert set(demo.invitations.values_list("unit__slug", flat=True)) == set(
        Unit.objects.filter(parent__isnull=True).values_list("slug", flat=True)
    )
    assert SeminarInvitation.objects.count() == 5


def test_demo_loader_twice_changes_nothing(demo):
    def snapshot():
        return (
            list(Seminar.objects.values()),
            list(AgendaItem.objects.order_by("pk").values()),
            list(SeminarInvitation.objects.order_by("pk").values()),
        )

    before = snapshot()
    _quiet("load_demo_seminar")
    assert snapshot() == before


def test_demo_loader_keeps_what_the_organizer_did(demo):
    Seminar.objects.filter(pk=demo.pk).update(status=SeminarStatus.CLOSED, minutes="Đã sửa.")
    _quiet("load_demo_seminar")
    demo.refresh_from_db()
    assert (demo.status, demo.minutes) == (SeminarStatus.CLOSED, "Đã sửa.")


def test_demo_seminar_pages_for_the_demo_people(demo):
    from django.contrib.auth import get_user_model

    organizer = get_user_model().objects.get(email="tochuc.hanoi@demo.invalid")
    client = english_client(organizer)
    html = client.get(demo.get_absolute_url()).content.decode()
    assert "Đại tá Nguyễn Văn Thuận" in html and "Mệnh lệnh 01" in html
    assert "Record minutes, lessons and solutions" in html
    minutes = client.get(reverse("minutes_page", args=[demo.pk])).content.decode()
    assert "Demo data: not a real record." in minutes
    model = ExemplaryModel.objects.get(slug="camera-giam-sat-an-ninh-xuan-ha")
    assert demo.title in client.get(model.get_absolute_url()).content.decode()


def test_demo_seminar_loader_needs_the_demo_first(db):
    with pytest.raises(CommandError, match="load_demo"):
        _quiet("load_demo_seminar")


def test_every_member_unit_has_a_demo_account_that_replies_and_the_readme_lists_them(demo):
    from pathlib import Path

    from emulation_cluster.models import Cluster
    from models_registry.management.commands.load_demo import CLUSTER_ADMIN, USERS
    from seminars.notifications import unit_reaches

    term = Cluster.objects.get().current_term()
    for unit in term.member_units.all():
        reach = unit_reaches([unit.pk])[unit.pk]
        assert not reach.stand_in, f"{unit} has nobody to reply to an invitation"
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    for email in [email for email, *_rest in USERS] + [CLUSTER_ADMIN[0]]:
        assert f"`{email}`" in readme, email
