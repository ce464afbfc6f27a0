import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from seminars import permissions, services
from seminars.enums import AgendaItemKind, Reply, SeminarStatus
from seminars.models import AgendaItem, Seminar, SeminarInvitation, SeminarReminder
from seminars.notices.models import Notice
from tests.factories import (
    AgendaItemFactory,
    DraftSeminarFactory,
    ExemplaryModelFactory,
    SeminarFactory,
    SeminarInvitationFactory,
    SubUnitFactory,
)
from tests.seminars.conftest import ics_attachment

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


# --- the seminar's own rules ------------------------------------------------------------------


def test_seminar_end_before_start_is_refused_by_clean_and_database(world):
    seminar = SeminarFactory.build(host_unit=world.host, cluster=world.cluster)
    seminar.ends_at = seminar.starts_at - HOUR
    with pytest.raises(ValidationError) as error:
        seminar.full_clean()
    assert "ends_at" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        seminar.save()


def test_seminar_needs_a_venue_or_an_online_link(world):
    seminar = SeminarFactory.build(host_unit=world.host, cluster=world.cluster, venue="")
    with pytest.raises(ValidationError) as error:
        seminar.full_clean()
    assert "venue" in error.value.message_dict
    seminar.online_url = "https://hop.police.test/phong-1"
    seminar.full_clean()


def test_seminar_reply_deadline_may_not_be_after_the_start(world):
    seminar = SeminarFactory.build(host_unit=world.host, cluster=world.cluster)
    seminar.reply_deadline = seminar.starts_at + HOUR
    with pytest.raises(ValidationError) as error:
        seminar.full_clean()
    assert "reply_deadline" in error.value.message_dict


def test_seminar_uid_is_stable_and_sequence_bumps_on_time_or_venue_change(seminar):
    uid = seminar.uid
    seminar.title = "Tên mới"
    services.seminar_save(seminar=seminar)
    assert (seminar.uid, seminar.sequence) == (uid, 0)
    seminar.venue = "Hội trường B"
    services.seminar_save(seminar=seminar)
    seminar.starts_at += HOUR
    seminar.ends_at += HOUR
    services.seminar_save(seminar=seminar)
    seminar.refresh_from_db()
    assert (seminar.uid, seminar.sequence) == (uid, 2)


def test_moving_a_seminar_moves_its_agenda(seminar):
    item = AgendaItemFactory(seminar=seminar, starts_at=seminar.starts_at + HOUR)
    seminar.starts_at += datetime.timedelta(days=1)
    seminar.ends_at += datetime.timedelta(days=1)
    services.seminar_save(seminar=seminar)
    item.refresh_from_db()
    assert item.starts_at == seminar.starts_at + HOUR


def test_shortening_a_seminar_below_its_agenda_is_refused_and_nothing_changes(seminar):
    AgendaItemFactory(seminar=seminar, starts_at=seminar.starts_at + 2 * HOUR, title="Kết luận")
    original_end = seminar.ends_at
    seminar.ends_at = seminar.starts_at + HOUR
    with pytest.raises(ValidationError, match="Kết luận"):
        services.seminar_save(seminar=seminar)
    assert Seminar.objects.get(pk=seminar.pk).ends_at == original_end


def test_editing_does_not_undo_a_change_of_state_made_meanwhile(seminar):
    Seminar.objects.filter(pk=seminar.pk).update(status=SeminarStatus.HELD, minutes="Biên bản")
    seminar.title = "Tên sửa từ một trang mở trước đó"  # the instance still says "scheduled"
    services.seminar_save(seminar=seminar)
    saved = Seminar.objects.get(pk=seminar.pk)
    assert (saved.title, saved.status, saved.minutes) == (
        "Tên sửa từ một trang mở trước đó",
        SeminarStatus.HELD,
        "Biên bản",
    )


def test_closed_seminar_cannot_be_edited(seminar):
    Seminar.objects.filter(pk=seminar.pk).update(status=SeminarStatus.CLOSED)
    seminar.refresh_from_db()
    seminar.title = "Sửa sau khi kết thúc"
    with pytest.raises(ValidationError, match="closed"):
        services.seminar_save(seminar=seminar)
    with pytest.raises(ValidationError):
        services.agenda_item_save(item=AgendaItem(seminar=seminar, starts_at=seminar.starts_at))
    assert Seminar.objects.get(pk=seminar.pk).title != "Sửa sau khi kết thúc"


def test_overlapping_seminars_of_the_host_are_found_but_not_cancelled_ones(seminar, world):
    other = SeminarFactory(
        host_unit=world.host, starts_at=seminar.starts_at + HOUR, ends_at=seminar.ends_at + HOUR
    )
    SeminarFactory(host_unit=world.host, starts_at=seminar.ends_at, ends_at=seminar.ends_at + HOUR)
    SeminarFactory(host_unit=world.invited, starts_at=seminar.starts_at, ends_at=seminar.ends_at)
    SeminarFactory(
        host_unit=world.host,
        starts_at=seminar.starts_at,
        ends_at=seminar.ends_at,
        status=SeminarStatus.CANCELLED,
    )
    assert list(services.overlapping_seminars(seminar)) == [other]


# --- lifecycle --------------------------------------------------------------------------------


def test_seminar_is_held_only_once_started_and_closed_only_with_minutes(seminar):
    with pytest.raises(ValidationError, match="not started"):
        services.seminar_mark_held(seminar=seminar)
    services.seminar_mark_held(seminar=seminar, now=seminar.starts_at + HOUR)
    assert seminar.status == SeminarStatus.HELD
    with pytest.raises(ValidationError, match="minutes"):
        services.seminar_close(seminar=seminar)
    seminar.minutes = "Các đơn vị đã trao đổi."
    services.seminar_close(seminar=seminar)
    assert Seminar.objects.get(pk=seminar.pk).status == SeminarStatus.CLOSED


def test_only_a_draft_is_scheduled(seminar):
    with pytest.raises(ValidationError):
        services.seminar_schedule(seminar=seminar)
    draft = DraftSeminarFactory(host_unit=seminar.host_unit)
    services.seminar_schedule(seminar=draft)
    assert draft.status == SeminarStatus.SCHEDULED


# --- agenda -----------------------------------------------------------------------------------


def test_agenda_item_outside_the_seminar_hours_is_refused(seminar):
    item = AgendaItem(
        seminar=seminar,
        starts_at=seminar.ends_at + HOUR,
        kind=AgendaItemKind.DISCUSSION,
        title="Thảo luận",
    )
    with pytest.raises(ValidationError, match="outside the seminar's hours"):
        services.agenda_item_save(item=item)
    assert not AgendaItem.objects.exists()


def test_presenting_another_units_model_needs_the_guest_flag(seminar, world):
    item = AgendaItem(
        seminar=seminar,
        starts_at=seminar.starts_at,
        kind=AgendaItemKind.PRESENTATION,
        title="Camera",
        presenting_unit=world.host,
        exemplary_model=world.model,
    )
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "is_guest_presentation" in error.value.message_dict
    item.is_guest_presentation = True
    services.agenda_item_save(item=item)
    assert AgendaItem.objects.get().is_guest_presentation


def test_a_city_presents_its_wards_model_as_its_own(seminar, world):
    ward = SubUnitFactory(parent=SubUnitFactory(parent=world.invited), kind="ward")
    item = AgendaItem(
        seminar=seminar,
        starts_at=seminar.starts_at,
        kind=AgendaItemKind.PRESENTATION,
        title="Camera phường",
        presenting_unit=world.invited,
        exemplary_model=ExemplaryModelFactory(owner_unit=ward),
        is_guest_presentation=True,
    )
    item.full_clean()
    assert item.is_guest_presentation is False  # owned through the tree: not a guest


def test_only_a_presentation_presents_a_model(seminar, world):
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(
            seminar=seminar,
            position=1,
            starts_at=seminar.starts_at,
            kind=AgendaItemKind.OPENING,
            title="Khai mạc",
            exemplary_model=world.model,
        )


def test_agenda_items_keep_time_order_and_move_by_swapping_slots(seminar):
    third = AgendaItem(seminar=seminar, starts_at=seminar.starts_at + 2 * HOUR, title="Ba")
    first = AgendaItem(seminar=seminar, starts_at=seminar.starts_at, title="Một")
    second = AgendaItem(seminar=seminar, starts_at=seminar.starts_at + HOUR, title="Hai")
    for item in (third, first, second):
        item.kind = AgendaItemKind.DISCUSSION
        services.agenda_item_save(item=item)
    assert list(seminar.agenda_items.values_list("title", flat=True)) == ["Một", "Hai", "Ba"]
    services.agenda_item_move(item=AgendaItem.objects.get(title="Ba"), direction="up")
    rows = list(seminar.agenda_items.values_list("title", "starts_at"))
    assert [title for title, _ in rows] == ["Một", "Ba", "Hai"]
    assert [start for _, start in rows] == sorted(start for _, start in rows)
    assert (
        services.agenda_item_move(item=AgendaItem.objects.get(title="Một"), direction="up") is None
    )


# --- invitations and replies ------------------------------------------------------------------


def test_invitation_is_unique_per_unit(seminar, world):
    with pytest.raises(IntegrityError), transaction.atomic():
        SeminarInvitationFactory(seminar=seminar, unit=world.invited)


def test_inviting_again_skips_invited_units_and_tells_only_the_new_ones(
    seminar, world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        new = services.invitations_create(
            seminar=seminar, units=[world.invited, world.other], base_url="http://portal.test"
        )
    assert [invitation.unit for invitation in new] == [world.other]
    assert [message.to for message in mailoutbox] == [["tochuc.haiphong@police.test"]]
    assert Notice.objects.get().user == world.people["other_organizer"]


def test_draft_seminar_cannot_invite(world):
    draft = DraftSeminarFactory(host_unit=world.host)
    with pytest.raises(ValidationError, match="Schedule the seminar"):
        services.invitations_create(seminar=draft, units=[world.invited])
    assert not SeminarInvitation.objects.exists()


def test_reply_after_the_deadline_is_refused(seminar, world):
    seminar.reply_deadline = timezone.now() - HOUR
    seminar.save()
    invitation = seminar.invitations.get()
    with pytest.raises(ValidationError, match="deadline"):
        services.invitation_reply(
            invitation=invitation,
            reply=Reply.ATTENDING,
            delegation_size=3,
            delegation_names="",
            user=world.people["invited_admin"],
        )
    invitation.refresh_from_db()
    assert invitation.reply == ""


def test_reply_is_recorded_with_who_and_when(seminar, world):
    invitation = services.invitation_reply(
        invitation=seminar.invitations.get(),
        reply=Reply.ATTENDING,
        delegation_size=3,
        delegation_names="Đại tá Lê Văn B",
        user=world.people["invited_admin"],
    )
    invitation.refresh_from_db()
    assert invitation.replied_by == world.people["invited_admin"]
    assert invitation.replied_at is not None and invitation.delegation_size == 3


# --- permissions ------------------------------------------------------------------------------


def test_rules_per_role(world, seminar):
    draft = DraftSeminarFactory(host_unit=world.host)
    invitation = seminar.invitations.get()
    people = world.people
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert not permissions.can_view_seminar(anonymous, seminar)
    assert not permissions.can_view_seminar(people["outsider"], seminar)
    assert permissions.can_view_seminar(people["member"], seminar)
    assert not permissions.can_view_seminar(people["member"], draft)
    assert not permissions.can_view_seminar(people["other_organizer"], draft)
    assert permissions.can_view_seminar(people["host_organizer"], draft)
    assert permissions.can_view_seminar(people["cluster_admin"], draft)
    assert permissions.can_manage_seminar(people["host_organizer"], seminar)
    assert not permissions.can_manage_seminar(people["other_organizer"], seminar)
    assert not permissions.can_manage_seminar(people["invited_admin"], seminar)
    assert permissions.can_reply_to_invitation(people["invited_admin"], invitation)
    assert not permissions.can_reply_to_invitation(people["other_organizer"], invitation)
    assert not permissions.can_reply_to_invitation(people["member"], invitation)
    assert permissions.can_create_seminar(people["other_organizer"])
    assert not permissions.can_create_seminar(people["member"])


def test_an_organizer_of_a_city_manages_the_seminars_of_its_district(world):
    district = SubUnitFactory(parent=world.host)
    seminar = DraftSeminarFactory(host_unit=district)
    assert permissions.can_manage_seminar(world.people["host_organizer"], seminar)


# --- reminders --------------------------------------------------------------------------------


def _remind():
    call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_reminder_is_sent_once_per_revision_with_agenda_and_ics(seminar, world, mailoutbox):
    Seminar.objects.filter(pk=seminar.pk).update(
        starts_at=timezone.now() + datetime.timedelta(hours=20),
        ends_at=timezone.now() + datetime.timedelta(hours=23),
    )
    seminar.refresh_from_db()
    AgendaItemFactory(seminar=seminar, title="Giới thiệu mô hình camera")
    declined = SeminarInvitationFactory(seminar=seminar, unit=world.other)
    declined.reply, declined.replied_at = Reply.NOT_ATTENDING, timezone.now()
    declined.save()
    _remind()
    _remind()
    assert len(mailoutbox) == 1  # Đà Nẵng's admin; Hải Phòng declined
    message = mailoutbox[0]
    assert message.to == ["quantri.danang@police.test"]
    assert "Giới thiệu mô hình camera" in message.body
    _filename, _type, calendar = ics_attachment(message)
    assert calendar.walk("VEVENT")[0]["SEQUENCE"] == 0
    assert SeminarReminder.objects.get().sequence == 0
    # A new time is a new revision: it earns its own reminder, once.
    seminar.starts_at += HOUR
    seminar.ends_at += HOUR
    services.seminar_save(seminar=seminar)
    mailoutbox.clear()
    _remind()
    _remind()
    assert len(mailoutbox) == 1  # (the change email waits for a commit that tests never make)
    assert SeminarReminder.objects.count() == 2


def test_reminder_skips_far_drafts_and_cancelled_seminars(world, mailoutbox):
    soon = timezone.now() + datetime.timedelta(hours=5)
    for status in (SeminarStatus.DRAFT, SeminarStatus.CANCELLED):
        other = SeminarFactory(
            host_unit=world.host, starts_at=soon, ends_at=soon + HOUR, status=status
        )
        SeminarInvitationFactory(seminar=other, unit=world.invited)
    far = SeminarFactory(host_unit=world.host)  # next week
    SeminarInvitationFactory(seminar=far, unit=world.invited)
    _remind()
    assert mailoutbox == []
    assert not SeminarReminder.objects.exists()
