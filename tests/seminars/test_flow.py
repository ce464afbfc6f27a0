"""The organizer's whole flow through the pages: create → agenda → schedule → invite → replies →
change of time → attendance → held → minutes, lessons, solutions → closed → the minutes."""

import datetime
import io

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from seminars.enums import Attendance, Reply, SeminarStatus
from seminars.models import AgendaItem, Lesson, Seminar, SeminarInvitation
from seminars.notices.models import Notice
from tests.pages import NOT_FOUND_EN, redirects, shows
from tests.seminars.conftest import ics_attachment, local_input, seminar_form

pytestmark = pytest.mark.django_db


def _post(client, url, data, capture):
    """POST as the browser does; emails leave when the request's transaction commits."""
    with capture(execute=True):
        return client.post(url, data)


def test_organizer_runs_a_seminar_from_draft_to_closed_minutes(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    organizer = world.client("host_organizer")
    member = world.client("member")
    start = (timezone.localtime() + datetime.timedelta(days=14)).replace(
        hour=14, minute=0, second=0, microsecond=0
    )

    # Create: a draft only the organizers see.
    assert "Host unit" in organizer.get(reverse("seminar_create")).content.decode()
    response = _post(organizer, reverse("seminar_create"), seminar_form(world, start), capture)
    seminar = Seminar.objects.get()
    assert response.status_code == 302 and response["Location"] == seminar.get_absolute_url()
    assert seminar.status == SeminarStatus.DRAFT and seminar.cluster == world.cluster
    assert seminar.created_by == world.people["host_organizer"]
    html = organizer.get(seminar.get_absolute_url()).content.decode()
    assert "only the organizers see it" in html and "<strong>mô hình</strong>" in html
    html = shows(member.get(seminar.get_absolute_url()), 404, NOT_FOUND_EN)
    assert seminar.title not in html

    # Agenda: an opening speech, a presentation of Đà Nẵng's model, questions and answers.
    agenda_url = reverse("agenda_item_create", args=[seminar.pk])
    for minutes, kind, title, unit, model in [
        (0, "opening", "Phát biểu khai mạc", world.host, None),
        (90, "questions", "Hỏi đáp", world.host, None),
        (15, "presentation", "Camera giám sát an ninh", world.invited, world.model),
    ]:
        response = _post(
            organizer,
            agenda_url,
            {
                "starts_at": local_input(start + datetime.timedelta(minutes=minutes)),
                "kind": kind,
                "title": title,
                "presenting_unit": unit.pk,
                "speaker": "Đại tá Nguyễn Văn Thuận",
                "exemplary_model": model.pk if model else "",
            },
            capture,
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    assert list(seminar.agenda_items.values_list("title", flat=True)) == [
        "Phát biểu khai mạc",
        "Camera giám sát an ninh",
        "Hỏi đáp",
    ]

    # Schedule: every member of the cluster sees it now.
    _post(organizer, reverse("seminar_schedule", args=[seminar.pk]), {}, capture)
    html = member.get(seminar.get_absolute_url()).content.decode()
    assert "Camera giám sát an ninh" in html and "Scheduled" in html

    # Invite all member units of the term in one click (the host organizes, it is not invited):
    # each unit's admins and organizers are told.
    response = _post(
        organizer, reverse("invitation_manage", args=[seminar.pk]), {"all": "1"}, capture
    )
    redirects(response, f"{seminar.get_absolute_url()}#invitations")
    assert set(SeminarInvitation.objects.values_list("unit__slug", flat=True)) == {
        "da-nang",
        "hai-phong",
    }
    assert sorted(address for message in mailoutbox for address in message.to) == [
        "quantri.danang@police.test",
        "tochuc.haiphong@police.test",
    ]
    assert not any("Hà Nội invites Công an thành phố Hà Nội" in m.body for m in mailoutbox)
    invitation_email = next(m for m in mailoutbox if m.to == ["quantri.danang@police.test"])
    assert seminar.title in invitation_email.subject
    assert "Công an thành phố Đà Nẵng" in invitation_email.body
    assert "tra-loi/?don-vi=da-nang" in invitation_email.body
    filename, content_type, calendar = ics_attachment(invitation_email)
    assert filename == f"hoi-nghi-{seminar.pk}.ics"
    assert content_type.startswith("text/calendar") and 'method="PUBLISH"' in content_type
    assert str(calendar.walk("VEVENT")[0]["UID"]) == str(seminar.uid)
    assert Notice.objects.filter(user=world.people["invited_admin"]).count() == 1
    mailoutbox.clear()

    # Replies: Đà Nẵng attends with three delegates, Hải Phòng does not: every unit has replied.
    invited_admin = world.client("invited_admin")
    reply_url = reverse("invitation_reply", args=[seminar.pk])
    assert "Send the reply" in invited_admin.get(reply_url).content.decode()
    response = invited_admin.post(
        reply_url,
        {
            "unit": world.invited.pk,
            "reply": Reply.ATTENDING,
            "delegation_size": "3",
            "delegation_names": "Đại tá Lê Văn B\nTrung tá Trần Thị C\nThiếu tá Phạm D",
        },
    )
    redirects(response, seminar.get_absolute_url())
    world.client("other_organizer").post(
        reply_url, {"unit": world.other.pk, "reply": Reply.NOT_ATTENDING}
    )
    html = organizer.get(seminar.get_absolute_url()).content.decode()
    assert "Trung tá Trần Thị C" in html  # the organizer sees the delegation
    assert "Not replied yet" not in html
    member_html = member.get(seminar.get_absolute_url()).content.decode()
    assert "Trung tá Trần Thị C" not in member_html  # other members see replies, not names
    assert "Attending" in member_html

    # A change of time: the invited units are told again, calendars get a new SEQUENCE.
    later = start + datetime.timedelta(hours=1)
    response = _post(
        organizer,
        reverse("seminar_edit", args=[seminar.pk]),
        seminar_form(world, later),
        capture,
    )
    redirects(response, seminar.get_absolute_url())
    seminar.refresh_from_db()
    assert seminar.sequence == 1
    assert len(mailoutbox) == 2  # the two invited units
    assert all(seminar.title in m.subject and "15:00" in m.body for m in mailoutbox)
    _filename, _type, calendar = ics_attachment(mailoutbox[0])
    assert calendar.walk("VEVENT")[0]["SEQUENCE"] == 1
    assert seminar.agenda_items.first().starts_at == later  # the agenda moved with it

    # The day comes (the clock is moved back instead).
    shift = datetime.timedelta(days=15)
    Seminar.objects.filter(pk=seminar.pk).update(
        starts_at=F("starts_at") - shift, ends_at=F("ends_at") - shift
    )
    AgendaItem.objects.update(starts_at=F("starts_at") - shift)
    invitations = list(seminar.invitations.order_by("unit__name_sort_key"))
    attendance = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    marks = [Attendance.PRESENT, Attendance.EXCUSED]  # Đà Nẵng, Hải Phòng
    for index, (invitation, mark) in enumerate(zip(invitations, marks, strict=True)):
        attendance[f"form-{index}-id"] = invitation.pk
        attendance[f"form-{index}-attendance"] = mark
    response = organizer.post(reverse("attendance_edit", args=[seminar.pk]), attendance)
    redirects(response, f"{seminar.get_absolute_url()}#invitations")
    assert seminar.invitations.get(unit=world.other).attendance == Attendance.EXCUSED

    # Held, then the outcome: minutes, questions and answers, a lesson on the model, a solution.
    organizer.post(reverse("seminar_mark_held", args=[seminar.pk]))
    seminar.refresh_from_db()
    assert seminar.status == SeminarStatus.HELD
    outcome_url = reverse("outcome_edit", args=[seminar.pk])
    outcome_page = organizer.get(outcome_url).content.decode()
    assert "Camera giám sát an ninh" in outcome_page
    assert "<h1>Minutes, lessons and solutions</h1>" in outcome_page
    assert "Attendance is saved." in outcome_page
    response = organizer.post(
        outcome_url,
        {
            "minutes": "Các đơn vị đã trình bày và thảo luận sôi nổi.",
            "questions_and_answers": "- Hỏi: kinh phí lắp camera?\n- Đáp: xã hội hóa.",
            **_formset("lessons", [("Camera cần có người trực theo dõi.", [world.model.pk])]),
            **_formset("solutions", [("Nhân rộng mô hình camera ra các phường.", [])]),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == f"{seminar.get_absolute_url()}#outcome"
    lesson = Lesson.objects.get()
    assert list(lesson.exemplary_models.all()) == [world.model]

    # Closed: the record is final.
    organizer.post(reverse("seminar_close", args=[seminar.pk]), {"confirm": "1"})
    seminar.refresh_from_db()
    assert seminar.status == SeminarStatus.CLOSED

    # The minutes compile it all, on a page and as a .docx.
    html = member.get(reverse("minutes_page", args=[seminar.pk])).content.decode()
    for text in [
        "MINUTES",
        "Thiếu tướng Đào Thanh Hải",
        "Công an thành phố Đà Nẵng",
        "Excused",
        "Camera giám sát an ninh",
        "Các đơn vị đã trình bày",
        "kinh phí lắp camera",
        "Camera cần có người trực theo dõi.",
        "Nhân rộng mô hình camera ra các phường.",
        "Hà Nội, ",
    ]:
        assert text in html, text
    response = member.get(reverse("minutes_download", args=[seminar.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    from docx import Document

    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "MINUTES" in text and "Camera cần có người trực theo dõi." in text
    assert "Trung tá Trần Thị C" in cells and "Excused" in cells

    # The model's page lists the seminar and the lesson, for members.
    model_html = member.get(world.model.get_absolute_url()).content.decode()
    assert seminar.title in model_html and "Camera cần có người trực theo dõi." in model_html

    # Editing a closed seminar is refused, and what was typed comes back.
    response = organizer.get(reverse("seminar_edit", args=[seminar.pk]), follow=True)
    assert "closed" in response.content.decode()
    response = organizer.post(
        reverse("seminar_edit", args=[seminar.pk]),
        seminar_form(world, start, title="Tên gõ sau khi đóng"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "This seminar is closed" in html and "Tên gõ sau khi đóng" in html
    assert Seminar.objects.get().title == "Tọa đàm mô hình hay Cụm thi đua số 1"


def _formset(prefix, rows):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "50",
    }
    for index, (text, model_ids) in enumerate(rows):
        data[f"{prefix}-{index}-text"] = text
        data[f"{prefix}-{index}-exemplary_models"] = [str(pk) for pk in model_ids]
    return data
