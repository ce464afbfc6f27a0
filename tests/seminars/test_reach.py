"""Messages reach someone: a unit with nobody to receive them is reached through the
administrators above it (or the cluster's), the organizers are told so on the page and when they
invite, and a reminder that told nobody is not recorded until someone is there to be told."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from emulation_cluster.enums import Role
from seminars import services
from seminars.enums import NotifyReason
from seminars.models import Seminar, SeminarReminder
from seminars.notices import reach
from seminars.notifications import notify_units
from seminars.reminders import seminar_reminder_send
from tests.factories import MembershipFactory, SubUnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ward(world):
    """A ward of CATP Đà Nẵng (through a district) whose only person is an editor."""
    district = SubUnitFactory(parent=world.invited, name="Công an quận Sơn Trà", slug="son-tra")
    ward = SubUnitFactory(
        parent=district, kind="ward", name="Công an phường An Hải Bắc", slug="an-hai-bac"
    )
    MembershipFactory(user=UserFactory(email="bientap.anhai@police.test"), unit=ward, role="editor")
    return ward


def _soon(seminar):
    Seminar.objects.filter(pk=seminar.pk).update(
        starts_at=timezone.now() + datetime.timedelta(hours=20),
        ends_at=timezone.now() + datetime.timedelta(hours=23),
    )
    seminar.refresh_from_db()
    return seminar


def test_reach_walks_up_to_the_nearest_administrators_then_the_cluster(world, ward):
    organizers = {Role.ORGANIZER, Role.ADMIN}
    found = reach.reach([ward.pk, world.invited.pk, world.other.pk], organizers)
    # The ward's editor does not count (editors do not reply to invitations); the district has
    # nobody; the city's administrator stands in.
    assert found[ward.pk].reason == reach.PARENT
    assert found[ward.pk].through == world.invited
    assert [u.email for u in found[ward.pk].users] == ["quantri.danang@police.test"]
    assert found[world.invited.pk].reason == reach.OWN
    assert not found[world.invited.pk].stand_in
    # Hải Phòng has an organizer but no administrator above it: its own organizer.
    assert found[world.other.pk].reason == reach.OWN
    world.people["invited_admin"].memberships.update(archived_at=timezone.now())
    found = reach.reach([ward.pk], organizers)
    assert found[ward.pk].reason == reach.CLUSTER
    assert [u.email for u in found[ward.pk].users] == ["quantri.cum@police.test"]
    world.cluster.administrators.clear()
    assert reach.reach([ward.pk], organizers)[ward.pk].reason == reach.NOBODY


def test_reach_asks_three_queries_whatever_the_number_of_units(
    world, ward, django_assert_num_queries
):
    world.cluster.administrators.add(UserFactory())
    with django_assert_num_queries(2):  # the cluster's administrators are not needed
        reach.reach([ward.pk], {Role.ORGANIZER, Role.ADMIN})
    world.people["invited_admin"].memberships.update(archived_at=timezone.now())
    units = [ward.pk, ward.parent_id, SubUnitFactory(parent=world.other).pk]
    with django_assert_num_queries(3):
        reach.reach(units, {Role.ORGANIZER, Role.ADMIN})


def test_an_invitation_to_a_unit_with_nobody_goes_to_the_parent_administrators(
    world, ward, seminar, mailoutbox
):
    mailoutbox.clear()
    services.invitations_create(seminar=seminar, units=[ward], actor=world.people["host_organizer"])
    assert [message.to for message in mailoutbox] == [["quantri.danang@police.test"]]
    body = mailoutbox[0].body
    assert "Công an phường An Hải Bắc" in body and "Công an thành phố Đà Nẵng" in body
    assert "?don-vi=an-hai-bac" in body  # the stand-in replies for the ward


def test_the_page_and_the_invitation_warn_the_organizer(world, ward, seminar):
    client = world.client("host_organizer")
    response = client.post(
        reverse("invitation_manage", args=[seminar.pk]), {"units": [ward.pk]}, follow=True
    )
    assert response.status_code == 200
    warnings = [m for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1 and "Công an phường An Hải Bắc" in warnings[0].message
    html = response.content.decode()
    assert 'data-unit="an-hai-bac" data-reason="parent"' in html
    assert "the administrators of Công an thành phố Đà Nẵng are told instead" in html
    assert "invited_admin" in html  # the stand-in's name
    assert 'data-unit="da-nang"' not in html  # Đà Nẵng has its own administrator
    # Members who do not organize the seminar are not shown who stands in.
    assert (
        'data-reason="parent"'
        not in world.client("member").get(seminar.get_absolute_url()).content.decode()
    )


def test_inviting_units_that_have_people_warns_nobody(world, seminar):
    response = world.client("host_organizer").post(
        reverse("invitation_manage", args=[seminar.pk]), {"units": [world.other.pk]}, follow=True
    )
    assert not [m for m in response.context["messages"] if m.level_tag == "warning"]
    assert "stand-ins" not in response.content.decode()


def test_a_reminder_reaches_the_parent_administrators(world, ward, seminar, mailoutbox):
    seminar.invitations.all().delete()
    services.invitations_create(seminar=seminar, units=[ward])
    mailoutbox.clear()
    reminder = seminar_reminder_send(seminar=_soon(seminar), base_url="http://portal.test")
    assert reminder.recipients == 1
    assert [message.to for message in mailoutbox] == [["quantri.danang@police.test"]]


def test_a_reminder_that_told_nobody_is_not_recorded_then_is_once_someone_joins(
    world, ward, seminar, mailoutbox, caplog
):
    seminar.invitations.all().delete()
    services.invitations_create(seminar=seminar, units=[ward])
    world.people["invited_admin"].memberships.update(archived_at=timezone.now())
    world.cluster.administrators.clear()
    seminar = _soon(seminar)
    mailoutbox.clear()
    assert seminar_reminder_send(seminar=seminar, base_url="") is None
    assert not SeminarReminder.objects.exists()
    assert not mailoutbox
    assert "nobody to tell" in caplog.text
    MembershipFactory(
        user=UserFactory(email="tochuc.anhai@police.test"), unit=ward, role="organizer"
    )
    reminder = seminar_reminder_send(seminar=seminar, base_url="")
    assert reminder.recipients == 1 and SeminarReminder.objects.get() == reminder
    assert [message.to for message in mailoutbox] == [["tochuc.anhai@police.test"]]
    assert seminar_reminder_send(seminar=seminar, base_url="") is None  # sent once


def test_a_change_to_units_without_anyone_goes_to_the_cluster_administrators(
    world, ward, seminar, mailoutbox
):
    world.people["invited_admin"].memberships.update(archived_at=timezone.now())
    mailoutbox.clear()
    told = notify_units(
        seminar=seminar, unit_ids=[ward.pk], reason=NotifyReason.CHANGE, base_url=""
    )
    assert [user.email for user in told] == ["quantri.cum@police.test"]
    assert "nhận thay với tư cách quản trị viên Cụm" in mailoutbox[0].body  # the portal's language
