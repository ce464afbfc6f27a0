"""Every seminar URL for every role: the status, and that forbidden writes change nothing.

Roles (tests/seminars/conftest.py): the anonymous visitor; a signed-in person of no unit; a member
of the host unit (CATP Hà Nội); the host's organizer; the organizer of another unit (CATP Hải
Phòng, not invited); the administrator of the invited unit (CATP Đà Nẵng); a cluster administrator.
"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from seminars.enums import SeminarStatus
from seminars.models import AgendaItem, Seminar, SeminarInvitation, SeminarMaterial
from tests.factories import AgendaItemFactory, DraftSeminarFactory, SeminarFactory
from tests.seminars.conftest import ROLES

pytestmark = pytest.mark.django_db

#           anonymous outsider member host_org other_org invited_admin cluster_admin
SIGNED_IN = (302, 200, 200, 200, 200, 200, 200)
POST_ONLY = (302, 405, 405, 405, 405, 405, 405)
MEMBERS = (302, 403, 200, 200, 200, 200, 200)
MANAGE = (302, 403, 403, 200, 403, 403, 200)
DRAFT = (302, 404, 404, 200, 404, 404, 200)
NOBODY = (404,) * 7
HIDDEN = (302,) + (404,) * 6
# Organizers and admins of any unit open the form; it says whether their unit was invited.
REPLY = (302, 403, 403, 200, 200, 200, 403)
REPLY_DRAFT = (302, 404, 404, 403, 404, 404, 403)
BAD_FILTER = (302,) + (400,) * 6
NO_SUCH_FORMAT = (302,) + (404,) * 6


@pytest.fixture
def things(world, seminar):
    draft = DraftSeminarFactory(host_unit=world.host, title="Bản nháp kín")
    past = timezone.now() - datetime.timedelta(days=2)
    held = SeminarFactory(
        host_unit=world.host,
        starts_at=past,
        ends_at=past + datetime.timedelta(hours=3),
        status=SeminarStatus.HELD,
        minutes="Biên bản.",
    )
    item = AgendaItemFactory(seminar=seminar)
    material = SeminarMaterial(
        seminar=seminar,
        title="Bài trình bày",
        original_name="bai.pdf",
        kind="document",
        content_type="application/pdf",
        size=9,
    )
    material.file.save("bai.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    return {"seminar": seminar, "draft": draft, "held": held, "item": item, "material": material}


def matrix(t):
    s, d, h = t["seminar"].pk, t["draft"].pk, t["held"].pk
    return [
        ("seminar_list", reverse("seminar_list"), SIGNED_IN),
        ("seminar_past_list", reverse("seminar_past_list"), SIGNED_IN),
        ("seminar_month", reverse("seminar_month"), SIGNED_IN),
        ("seminar_feed", reverse("seminar_feed"), SIGNED_IN),
        ("seminar_export", reverse("seminar_export", args=["xlsx"]), SIGNED_IN),
        ("seminar_export", reverse("seminar_export", args=["csv"]) + "?nam=2023", SIGNED_IN),
        ("seminar_export", reverse("seminar_export", args=["csv"]) + "?nam=abc", BAD_FILTER),
        ("seminar_export", reverse("seminar_export", args=["ods"]), NO_SUCH_FORMAT),
        ("seminar_feed_private", reverse("seminar_feed_private", args=["gia-mao"]), NOBODY),
        ("feed_key_reset", reverse("feed_key_reset"), POST_ONLY),
        ("notice_list", reverse("notice_list"), SIGNED_IN),
        ("notice_mark_read", reverse("notice_mark_read"), POST_ONLY),
        ("seminar_create", reverse("seminar_create"), (302, 403, 403, 200, 200, 200, 200)),
        ("seminar_detail", reverse("seminar_detail", args=[s]), MEMBERS),
        ("seminar_detail", reverse("seminar_detail", args=[d]), DRAFT),
        ("seminar_detail", reverse("seminar_detail", args=[987654]), HIDDEN),
        ("seminar_ics", reverse("seminar_ics", args=[s]), MEMBERS),
        ("seminar_ics", reverse("seminar_ics", args=[d]), DRAFT),
        ("seminar_edit", reverse("seminar_edit", args=[s]), MANAGE),
        ("seminar_edit", reverse("seminar_edit", args=[d]), DRAFT),
        ("seminar_schedule", reverse("seminar_schedule", args=[d]), POST_ONLY),
        ("seminar_mark_held", reverse("seminar_mark_held", args=[s]), POST_ONLY),
        ("seminar_close", reverse("seminar_close", args=[h]), POST_ONLY),
        ("seminar_cancel", reverse("seminar_cancel", args=[s]), POST_ONLY),
        ("agenda_item_create", reverse("agenda_item_create", args=[s]), MANAGE),
        ("agenda_item_create", reverse("agenda_item_create", args=[d]), DRAFT),
        ("agenda_item_edit", reverse("agenda_item_edit", args=[s, t["item"].pk]), MANAGE),
        ("agenda_item_edit", reverse("agenda_item_edit", args=[d, t["item"].pk]), HIDDEN),
        ("agenda_item_move", reverse("agenda_item_move", args=[s, t["item"].pk]), POST_ONLY),
        ("agenda_item_delete", reverse("agenda_item_delete", args=[s, t["item"].pk]), POST_ONLY),
        ("invitation_manage", reverse("invitation_manage", args=[s]), MANAGE),
        ("invitation_reply", reverse("invitation_reply", args=[s]), REPLY),
        ("invitation_reply", reverse("invitation_reply", args=[d]), REPLY_DRAFT),
        ("attendance_edit", reverse("attendance_edit", args=[s]), MANAGE),
        ("outcome_edit", reverse("outcome_edit", args=[h]), MANAGE),
        ("minutes_page", reverse("minutes_page", args=[s]), MANAGE),
        ("minutes_page", reverse("minutes_page", args=[h]), MEMBERS),
        ("minutes_page", reverse("minutes_page", args=[d]), DRAFT),
        ("minutes_download", reverse("minutes_download", args=[h]), MEMBERS),
        ("material_create", reverse("material_create", args=[s]), MANAGE),
        ("material_download", t["material"].get_absolute_url(), MEMBERS),
        ("material_download", reverse("material_download", args=[d, t["material"].pk]), HIDDEN),
        ("material_delete", reverse("material_delete", args=[s, t["material"].pk]), POST_ONLY),
    ]  # fmt: skip


def test_matrix_covers_every_seminar_url(things, url_names):
    assert url_names("seminars") - {name for name, _url, _expected in matrix(things)} == set()
    assert len(url_names("seminars")) >= 29


@pytest.mark.parametrize("role", ROLES)
def test_every_seminar_url_answers_each_role_with_the_right_status(world, things, role):
    client = world.client(role)
    index = ROLES.index(role)
    wrong = []
    for name, url, expected in matrix(things):
        status = client.get(url).status_code
        if status != expected[index]:
            wrong.append((name, url, status, expected[index]))
    assert wrong == []


@pytest.mark.parametrize("role", ["anonymous", "outsider", "member", "other_organizer"])
def test_drafts_never_leak_in_lists_feeds_or_the_month(world, things, role):
    client = world.client(role)
    month = timezone.localtime(things["draft"].starts_at).strftime("%Y-%m")
    for url in [
        reverse("seminar_list"),
        reverse("seminar_month") + f"?month={month}",
        reverse("seminar_feed"),
        reverse("home"),
    ]:
        assert "Bản nháp kín" not in client.get(url).content.decode(), url


@pytest.mark.parametrize(
    "role,name,key,data",
    [
        ("member", "seminar_schedule", "draft", {}),
        ("other_organizer", "seminar_cancel", "seminar", {"confirm": "1"}),
        ("invited_admin", "seminar_cancel", "seminar", {"confirm": "1"}),
        ("member", "seminar_edit", "seminar", {"title": "Chiếm quyền"}),
        ("other_organizer", "invitation_manage", "seminar", {"all": "1"}),
        ("invited_admin", "agenda_item_create", "seminar", {"title": "Chen ngang"}),
        ("outsider", "invitation_reply", "seminar", {"reply": "attending"}),
        ("member", "seminar_close", "held", {"confirm": "1"}),
    ],
)
def test_forbidden_writes_change_nothing(world, things, role, name, key, data):
    def snapshot():
        return (
            list(Seminar.objects.order_by("pk").values()),
            list(AgendaItem.objects.order_by("pk").values()),
            list(SeminarInvitation.objects.order_by("pk").values()),
        )

    before = snapshot()
    response = world.client(role).post(reverse(name, args=[things[key].pk]), data)
    assert response.status_code in (403, 404)
    assert snapshot() == before


def test_forbidden_agenda_and_material_writes_change_nothing(world, things):
    client = world.client("other_organizer")
    item, material = things["item"], things["material"]
    seminar = things["seminar"]
    responses = [
        client.post(reverse("agenda_item_delete", args=[seminar.pk, item.pk])),
        client.post(reverse("agenda_item_move", args=[seminar.pk, item.pk]), {"direction": "up"}),
        client.post(reverse("material_delete", args=[seminar.pk, material.pk])),
    ]
    assert [response.status_code for response in responses] == [403, 403, 403]
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    assert SeminarMaterial.objects.filter(pk=material.pk).exists()
