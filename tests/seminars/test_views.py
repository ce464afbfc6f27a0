import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from seminars.enums import Reply, SeminarStatus
from seminars.models import AgendaItem, Seminar, SeminarInvitation, SeminarMaterial, Solution
from seminars.notices.models import Notice
from tests.factories import (
    AgendaItemFactory,
    DraftSeminarFactory,
    LessonFactory,
    SeminarFactory,
)
from tests.pages import DENIED_EN, NOT_FOUND_EN, redirects, serves, shows, to_login
from tests.seminars.conftest import english_client, ics_attachment, local_input, seminar_form

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# --- bad input: refused with a clear message, nothing typed is lost ---------------------------


def test_create_with_end_before_start_keeps_what_was_typed(world, organizer_client):
    start = timezone.localtime() + datetime.timedelta(days=3)
    data = seminar_form(world, start, ends_at=local_input(start - HOUR))
    response = organizer_client.post(reverse("seminar_create"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "The seminar must end after it starts." in html
    assert "Tọa đàm mô hình hay Cụm thi đua số 1" in html
    assert "Thiếu tướng Đào Thanh Hải" in html
    assert not Seminar.objects.exists()


def test_create_without_venue_or_link_is_refused(world, organizer_client):
    start = timezone.localtime() + datetime.timedelta(days=3)
    response = organizer_client.post(
        reverse("seminar_create"), seminar_form(world, start, venue="")
    )
    assert response.status_code == 400
    assert "Give a venue or an online meeting link." in response.content.decode()


def test_overlap_with_the_hosts_seminar_warns_then_saves_when_confirmed(
    world, seminar, organizer_client
):
    data = seminar_form(world, timezone.localtime(seminar.starts_at) + HOUR)
    response = organizer_client.post(reverse("seminar_create"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "already holds “Tọa đàm nhân rộng mô hình camera”" in html
    assert 'name="confirm_overlap"' in html
    assert Seminar.objects.count() == 1
    response = organizer_client.post(reverse("seminar_create"), {**data, "confirm_overlap": "on"})
    assert Seminar.objects.count() == 2
    redirects(response, Seminar.objects.latest("pk").get_absolute_url())


def test_chair_account_is_found_by_email_or_refused(world, organizer_client):
    start = timezone.localtime() + datetime.timedelta(days=3)
    unknown = seminar_form(world, start, chair_email="khong-co@police.test")
    response = organizer_client.post(reverse("seminar_create"), unknown)
    assert response.status_code == 400
    assert "No portal account uses this email" in response.content.decode()
    known = seminar_form(world, start, chair_email="QUANTRI.CUM@police.test")
    response = organizer_client.post(reverse("seminar_create"), known)
    redirects(response, Seminar.objects.get().get_absolute_url())
    assert Seminar.objects.get().chair_user == world.people["cluster_admin"]


def test_host_unit_choices_are_the_organizers_units(world, organizer_client):
    start = timezone.localtime() + datetime.timedelta(days=3)
    response = organizer_client.post(
        reverse("seminar_create"), seminar_form(world, start, host_unit=world.invited.pk)
    )
    assert response.status_code == 400
    assert "host_unit" in response.context["form"].errors


def test_agenda_item_outside_hours_keeps_what_was_typed(seminar, organizer_client):
    response = organizer_client.post(
        reverse("agenda_item_create", args=[seminar.pk]),
        {
            "starts_at": local_input(seminar.ends_at + HOUR),
            "kind": "discussion",
            "title": "Thảo luận sau giờ",
            "speaker": "Trung tá Lê Văn E",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "outside the seminar&#x27;s hours" in html
    assert "Thảo luận sau giờ" in html and "Trung tá Lê Văn E" in html
    assert not AgendaItem.objects.exists()


def test_guest_presentation_is_refused_unflagged_then_shown_flagged(
    world, seminar, organizer_client
):
    url = reverse("agenda_item_create", args=[seminar.pk])
    data = {
        "starts_at": local_input(seminar.starts_at),
        "kind": "presentation",
        "title": "Hà Nội giới thiệu camera của Đà Nẵng",
        "presenting_unit": world.host.pk,
        "exemplary_model": world.model.pk,
    }
    response = organizer_client.post(url, data)
    assert response.status_code == 400
    assert "does not own" in response.content.decode()
    response = organizer_client.post(url, {**data, "is_guest_presentation": "on"})
    redirects(response, f"{seminar.get_absolute_url()}#agenda")
    html = organizer_client.get(seminar.get_absolute_url()).content.decode()
    assert "Guest presentation" in html


def test_reply_from_a_unit_not_invited_is_refused(world, seminar):
    client = world.client("other_organizer")  # Hải Phòng: not invited to this seminar
    url = reverse("invitation_reply", args=[seminar.pk])
    assert "Your unit was not invited" in client.get(url).content.decode()
    response = client.post(
        url, {"unit": world.other.pk, "reply": Reply.ATTENDING, "delegation_size": "2"}
    )
    assert response.status_code == 400
    assert "was not invited to this seminar" in response.content.decode()
    assert not SeminarInvitation.objects.filter(unit=world.other).exists()


def test_reply_after_the_deadline_is_refused_and_keeps_the_names(world, seminar):
    seminar.reply_deadline = timezone.now() - HOUR
    seminar.save()
    response = world.client("invited_admin").post(
        reverse("invitation_reply", args=[seminar.pk]),
        {
            "unit": world.invited.pk,
            "reply": Reply.ATTENDING,
            "delegation_size": "2",
            "delegation_names": "Đại úy Võ Văn F",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "The reply deadline" in html and "has passed" in html
    assert "Đại úy Võ Văn F" in html
    assert seminar.invitations.get().reply == ""


def test_attending_reply_needs_the_number_of_delegates(world, seminar):
    response = world.client("invited_admin").post(
        reverse("invitation_reply", args=[seminar.pk]),
        {"unit": world.invited.pk, "reply": Reply.ATTENDING},
    )
    assert response.status_code == 400
    assert "Say how many delegates will come." in response.content.decode()


def test_closing_needs_confirmation_and_minutes(world, seminar, organizer_client):
    Seminar.objects.filter(pk=seminar.pk).update(status=SeminarStatus.HELD)
    url = reverse("seminar_close", args=[seminar.pk])
    response = organizer_client.post(url, follow=True)
    assert "Tick the box to confirm" in response.content.decode()
    response = organizer_client.post(url, {"confirm": "1"}, follow=True)
    assert "Record the minutes before closing" in response.content.decode()
    assert Seminar.objects.get().status == SeminarStatus.HELD


def test_marking_held_before_the_start_is_refused(seminar, organizer_client):
    response = organizer_client.post(reverse("seminar_mark_held", args=[seminar.pk]), follow=True)
    assert "The seminar has not started yet." in response.content.decode()
    assert Seminar.objects.get().status == SeminarStatus.SCHEDULED


def test_cancelling_tells_the_invited_units_and_bumps_the_sequence(
    world, seminar, organizer_client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        organizer_client.post(reverse("seminar_cancel", args=[seminar.pk]), {"confirm": "1"})
    seminar.refresh_from_db()
    assert (seminar.status, seminar.sequence) == (SeminarStatus.CANCELLED, 1)
    assert [m.to for m in mailoutbox] == [["quantri.danang@police.test"]]
    _filename, _type, calendar = ics_attachment(mailoutbox[0])
    assert str(calendar.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"
    html = world.client("member").get(seminar.get_absolute_url()).content.decode()
    assert "Cancelled" in html and reverse("seminar_edit", args=[seminar.pk]) not in html


def test_unknown_seminar_is_a_404_in_the_portal_style(world):
    response = world.client("member").get(reverse("seminar_detail", args=[999999]))
    shows(response, 404, NOT_FOUND_EN, "The page you are looking for does not exist")


# --- agenda reordering ------------------------------------------------------------------------


def test_agenda_reorders_with_buttons_without_javascript(seminar, organizer_client):
    first = AgendaItemFactory(seminar=seminar, position=1, title="Khai mạc")
    second = AgendaItemFactory(
        seminar=seminar, position=2, title="Hỏi đáp", starts_at=seminar.starts_at + HOUR
    )
    html = organizer_client.get(seminar.get_absolute_url()).content.decode()
    assert html.index("Khai mạc") < html.index("Hỏi đáp")
    assert 'name="direction" value="down"' in html
    organizer_client.post(
        reverse("agenda_item_move", args=[seminar.pk, second.pk]), {"direction": "up"}
    )
    html = organizer_client.get(seminar.get_absolute_url()).content.decode()
    assert html.index("Hỏi đáp") < html.index("Khai mạc")
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.starts_at == seminar.starts_at and first.starts_at == seminar.starts_at + HOUR


# --- lists, month, home -----------------------------------------------------------------------


def test_upcoming_and_past_lists_split_by_time(world, seminar):
    past = SeminarFactory(
        host_unit=world.host,
        title="Hội nghị tháng trước",
        starts_at=timezone.now() - datetime.timedelta(days=30),
        ends_at=timezone.now() - datetime.timedelta(days=30) + HOUR,
        status=SeminarStatus.CLOSED,
    )
    client = world.client("member")
    upcoming = client.get(reverse("seminar_list")).content.decode()
    earlier = client.get(reverse("seminar_past_list")).content.decode()
    assert seminar.title in upcoming and past.title not in upcoming
    assert past.title in earlier and seminar.title not in earlier


def test_list_shows_an_invited_admin_that_a_reply_is_awaited(world, seminar):
    html = world.client("invited_admin").get(reverse("seminar_list")).content.decode()
    assert "your reply is awaited" in html
    assert f"{reverse('invitation_reply', args=[seminar.pk])}?don-vi=da-nang" in html


def test_drafts_are_listed_only_for_their_organizers(world):
    draft = DraftSeminarFactory(host_unit=world.host, title="Bản nháp hội nghị")
    assert (
        draft.title in world.client("host_organizer").get(reverse("seminar_list")).content.decode()
    )
    for role in ("member", "other_organizer", "invited_admin"):
        html = world.client(role).get(reverse("seminar_list")).content.decode()
        assert draft.title not in html, role
        html = (
            world.client(role)
            .get(reverse("seminar_month") + f"?month={draft.starts_at:%Y-%m}")
            .content.decode()
        )
        assert draft.title not in html, role


def test_month_view_places_the_seminar_on_its_day(world, seminar):
    month = timezone.localtime(seminar.starts_at).strftime("%Y-%m")
    response = world.client("member").get(reverse("seminar_month"), {"month": month})
    html = response.content.decode()
    assert response.status_code == 200
    day = next(d for week in response.context["weeks"] for d in week if seminar in d.seminars)
    assert day.date == timezone.localdate(seminar.starts_at)
    assert f"14:00 {seminar.title}" in html
    assert 'rel="prev"' in html and 'rel="next"' in html


def test_month_view_of_a_garbage_month_says_so_and_shows_this_month(world):
    response = world.client("member").get(reverse("seminar_month"), {"month": "2025-13"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "is not a month" in html
    assert response.context["month"] == timezone.localdate().replace(day=1)
    this_month = date_format(timezone.localdate(), "F Y")
    for garbage in ("abc", "1899-01", "2025-9-1", ""):
        response = world.client("member").get(reverse("seminar_month"), {"month": garbage})
        html = shows(response, 200 if garbage == "" else 400, f"Seminars in {this_month}")
        refusal = f"“{garbage}” is not a month (write it as 2025-09): this month is shown instead."
        assert (refusal in html) == (garbage != ""), garbage


def test_home_page_shows_the_next_seminar_to_members_only(world, seminar):
    html = world.client("member").get(reverse("home")).content.decode()
    assert seminar.title in html
    assert seminar.title not in english_client().get(reverse("home")).content.decode()


def test_model_page_lists_seminars_and_lessons_for_members_only(world, seminar):
    AgendaItemFactory(seminar=seminar, presenting_unit=world.invited, exemplary_model=world.model)
    LessonFactory(seminar=seminar, text="Bài học về trực camera", models=[world.model])
    member_html = world.client("member").get(world.model.get_absolute_url()).content.decode()
    assert seminar.title in member_html and "Bài học về trực camera" in member_html
    visitor_html = english_client().get(world.model.get_absolute_url()).content.decode()
    assert seminar.title not in visitor_html and "Bài học về trực camera" not in visitor_html


def test_model_page_lists_presentations_lessons_and_solutions_newest_seminar_first(world, seminar):
    earlier = SeminarFactory(
        host_unit=world.host,
        title="Hội nghị năm trước",
        starts_at=seminar.starts_at - datetime.timedelta(days=365),
        ends_at=seminar.ends_at - datetime.timedelta(days=365),
    )
    cancelled = SeminarFactory(host_unit=world.host, title="Hội nghị bị hủy", status="cancelled")
    for each in (seminar, earlier, cancelled):
        AgendaItemFactory(seminar=each, presenting_unit=world.invited, exemplary_model=world.model)
    LessonFactory(seminar=cancelled, text="Bài học của hội nghị bị hủy", models=[world.model])
    LessonFactory(seminar=earlier, text="Bài học không nói về mô hình")
    Solution.objects.create(seminar=earlier, text="Giải pháp năm trước").exemplary_models.add(
        world.model
    )
    html = world.client("member").get(world.model.get_absolute_url()).content.decode()
    section = html[html.index('id="seminars-heading"') :]
    presented = section.split("<h3>")[1]
    # Presented at the two seminars not cancelled, by CATP Đà Nẵng, the newest first.
    assert presented.index(seminar.title) < presented.index("Hội nghị năm trước")
    assert "Hội nghị bị hủy" not in presented and "Công an thành phố Đà Nẵng" in presented
    # A cancelled seminar's lessons still count; its agenda does not.
    assert "Bài học của hội nghị bị hủy" in section and "Giải pháp năm trước" in section
    assert "Bài học không nói về mô hình" not in html


# --- materials --------------------------------------------------------------------------------


def test_material_is_checked_attached_to_an_item_and_served_with_access_checks(
    world, seminar, organizer_client
):
    item = AgendaItemFactory(seminar=seminar, title="Giới thiệu camera")
    url = reverse("material_create", args=[seminar.pk])
    bad = SimpleUploadedFile("slides.pdf", b"MZ\x90\x00binary", "application/pdf")
    response = organizer_client.post(url, {"title": "Bài trình bày", "file": bad})
    assert response.status_code == 400 and "does not match" in response.content.decode()
    assert not SeminarMaterial.objects.exists()
    good = SimpleUploadedFile("trinh-bay.pdf", PDF, "application/pdf")
    response = organizer_client.post(
        url, {"title": "Bài trình bày", "file": good, "agenda_item": item.pk}
    )
    redirects(response, f"{seminar.get_absolute_url()}#materials")
    material = SeminarMaterial.objects.get()
    assert material.agenda_item == item
    html = world.client("member").get(seminar.get_absolute_url()).content.decode()
    assert "Bài trình bày" in html
    response = world.client("member").get(material.get_absolute_url())
    assert b"".join(response.streaming_content) == PDF
    assert "trinh-bay.pdf" in response["Content-Disposition"]
    to_login(english_client().get(material.get_absolute_url()), material.get_absolute_url())
    shows(world.client("outsider").get(material.get_absolute_url()), 403, DENIED_EN)


def test_oversize_material_is_refused_before_writing(seminar, organizer_client, settings, tmp_path):
    settings.ATTACHMENT_MAX_BYTES = 1024
    big = SimpleUploadedFile("lon.pdf", PDF + b"0" * 2048, "application/pdf")
    response = organizer_client.post(
        reverse("material_create", args=[seminar.pk]), {"title": "Lớn", "file": big}
    )
    shows(response, 400, "The file is 2.0\xa0KB; the limit is 1.0\xa0KB.", 'value="Lớn"')
    assert not SeminarMaterial.objects.exists()
    assert not (tmp_path / "media").exists()


def test_material_of_a_draft_is_hidden_like_the_draft(world, organizer_client):
    draft = DraftSeminarFactory(host_unit=world.host)
    organizer_client.post(
        reverse("material_create", args=[draft.pk]),
        {"title": "Dự thảo", "file": SimpleUploadedFile("du-thao.pdf", PDF, "application/pdf")},
    )
    material = SeminarMaterial.objects.get()
    shows(world.client("member").get(material.get_absolute_url()), 404, NOT_FOUND_EN)
    serves(organizer_client.get(material.get_absolute_url()), PDF)


# --- notices ----------------------------------------------------------------------------------


def test_notices_list_and_mark_read(world):
    user = world.people["invited_admin"]
    Notice.objects.create(user=user, text="Thư mời hội nghị A", url="/hoi-nghi/1/")
    other = Notice.objects.create(user=user, text="Thư mời hội nghị B", url="/hoi-nghi/2/")
    Notice.objects.create(user=world.people["member"], text="Của người khác")
    client = world.client("invited_admin")
    html = client.get(reverse("notice_list")).content.decode()
    assert "Thư mời hội nghị A" in html and "Của người khác" not in html
    assert 'class="count-badge"' in html
    client.post(reverse("notice_mark_read"), {"notice": other.pk})
    assert Notice.objects.filter(user=user, read_at__isnull=True).count() == 1
    client.post(reverse("notice_mark_read"))
    assert not Notice.objects.filter(user=user, read_at__isnull=True).exists()
    assert Notice.objects.get(text="Của người khác").read_at is None
