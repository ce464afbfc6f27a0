"""The cluster's audit page: who may read it, every filter and what garbage in them does, the
links to the objects, local times, and a fixed number of queries whatever a page holds."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from emulation_cluster import audit
from emulation_cluster.enums import AuditAction, Role
from emulation_cluster.models import AuditEntry
from models_registry.models import ExemplaryModel
from tests.conftest import enrol_totp
from tests.factories import (
    AgendaItemFactory,
    AnswerFactory,
    ExemplaryModelFactory,
    MembershipFactory,
    QuestionFactory,
    SeminarFactory,
    SubUnitFactory,
    UserFactory,
)
from tests.pages import shows, to_login

pytestmark = pytest.mark.django_db

URL = reverse("audit_log")
UTC = datetime.UTC
# 21:06 UTC on 2 December is 04:06 on 3 December in Hà Nội.
EVENING_UTC = datetime.datetime(2026, 12, 2, 21, 6, tzinfo=UTC)
EVENING_TEXT = "2026-12-02 21:06:00.909822+00:00"


def _at(entry, moment):
    AuditEntry.objects.filter(pk=entry.pk).update(created_at=moment)
    return entry


def _rows(response) -> int:
    return response.content.decode().count("<tr>\n    <td data-label=")


@pytest.fixture
def people(unit, other_unit):
    return {
        "lan": UserFactory(first_name="Lan", last_name="Trần Thị", email="lan.tran@police.test"),
        "hung": UserFactory(first_name="Hùng", last_name="Lê Văn", email="hung.le@police.test"),
    }


@pytest.fixture
def log(unit, other_unit, people):
    """One entry of each kind, on different days, in Hà Nội, a ward of Hà Nội and Đà Nẵng."""
    lan, hung = people["lan"], people["hung"]
    ward = SubUnitFactory(parent=unit, name="Công an phường Hoàn Kiếm", slug="hoan-kiem")
    model = ExemplaryModelFactory(owner_unit=unit, title="Mô hình Camera an ninh")
    ward_model = ExemplaryModelFactory(owner_unit=ward, title="Mô hình Tổ tự quản")
    seminar = SeminarFactory(host_unit=other_unit, title="Hội nghị Đà Nẵng")
    question = QuestionFactory(exemplary_model=model, title="Câu hỏi về camera")
    answer = AnswerFactory(question=question)
    membership = MembershipFactory(unit=other_unit, role=Role.EDITOR)
    entries = {
        "model": audit.record(
            actor=lan,
            action=AuditAction.CHANGE,
            target=model,
            unit=unit,
            changes={"title": ["Mô hình cũ", model.title], "published_at": [None, EVENING_TEXT]},
        ),
        "ward": audit.record(actor=hung, action=AuditAction.PUBLISH, target=ward_model, unit=ward),
        "seminar": audit.record(
            actor=hung,
            action=AuditAction.CHANGE,
            target=seminar,
            unit=other_unit,
            changes={"venue": ["Hội trường A", "Hội trường B"]},
        ),
        "hide": audit.record(
            actor=lan,
            action=AuditAction.HIDE,
            target=answer,
            subject=question,
            unit=unit,
            changes={"hidden_reason": ["", "Lạc đề"]},
            note="Lạc đề",
        ),
        "membership": audit.record(
            actor=hung,
            action=AuditAction.CHANGE,
            target=membership,
            unit=other_unit,
            changes={"role": [Role.MEMBER, Role.EDITOR]},
        ),
    }
    for day, entry in enumerate(entries.values(), start=1):
        _at(entry, datetime.datetime(2026, 11, day, 3, 0, tzinfo=UTC))
    return entries


def _client(user):
    client = Client()
    client.force_login(user)
    return client


# --- who may read it ---------------------------------------------------------------------


def test_only_cluster_administrators_read_the_audit_log(
    client, unit, member_client, cluster_admin_client
):
    to_login(client.get(URL), URL)
    assert member_client.get(URL).status_code == 403
    unit_admin = MembershipFactory(unit=unit, role=Role.ADMIN).user
    enrol_totp(unit_admin)
    assert _client(unit_admin).get(URL).status_code == 403
    shows(cluster_admin_client.get(URL), 200, 'class="audit-filters"')


def test_the_profile_of_a_cluster_administrator_links_to_the_audit_log(
    cluster_admin_client, member_client
):
    link = f'href="{URL}"'
    shows(cluster_admin_client.get(reverse("profile")), 200, link)
    assert link not in member_client.get(reverse("profile")).content.decode()


# --- the rows -------------------------------------------------------------------------------


def test_every_kind_of_entry_shows_newest_first_with_its_link_and_unit(cluster_admin_client, log):
    html = shows(cluster_admin_client.get(URL), 200)
    order = ["Hội nghị Đà Nẵng", "Mô hình Tổ tự quản", "Mô hình Camera an ninh"]
    positions = [html.index(f">{title}</a>") for title in order]
    assert positions == sorted(positions)  # seminar (3 Nov) before ward (2 Nov) before model
    model = ExemplaryModel.objects.get(pk=log["model"].target_id)
    assert f'href="{model.get_absolute_url()}"' in html
    answer_id, question_id = log["hide"].target_id, log["hide"].subject_id
    assert f'href="{reverse("question_detail", args=[question_id])}#tra-loi-{answer_id}"' in html
    assert f'href="{reverse("seminar_detail", args=[log["seminar"].target_id])}"' in html
    assert f'href="{reverse("unit_members", args=["da-nang"])}"' in html
    assert "Lạc đề" in html
    assert _rows(cluster_admin_client.get(URL)) == 5


def test_a_removed_object_is_named_without_a_link_and_a_sub_item_links_to_its_seminar(
    cluster_admin_client, admin_user, other_unit
):
    seminar = SeminarFactory(host_unit=other_unit)
    item = AgendaItemFactory(seminar=seminar, title="Tham luận đã bỏ")
    audit.record(actor=admin_user, action=AuditAction.DELETE, target=item, subject=seminar)
    item.delete()
    gone = ExemplaryModelFactory(title="Mô hình đã xóa")
    audit.record(actor=admin_user, action=AuditAction.CHANGE, target=gone)
    gone_id = gone.pk
    gone.delete()
    html = shows(cluster_admin_client.get(URL), 200, "Tham luận đã bỏ", "Mô hình đã xóa")
    assert re.search(
        rf'href="{reverse("seminar_detail", args=[seminar.pk])}">\s*Tham luận đã bỏ', html
    )
    assert ">Mô hình đã xóa</a>" not in html
    assert AuditEntry.objects.filter(target_id=gone_id).exists()


def test_times_and_changed_datetimes_are_hanoi_time(cluster_admin_client, log):
    _at(log["model"], EVENING_UTC)
    html = shows(cluster_admin_client.get(URL), 200, "04:06 03/12/2026")
    assert "+00:00" not in html
    assert "21:06" not in html


def test_choices_are_shown_by_their_labels(cluster_admin_client, log):
    html = shows(cluster_admin_client.get(URL), 200)
    assert f"{Role.MEMBER.label}</span>" in html and f"{Role.EDITOR.label}</span>" in html
    assert ">member</span>" not in html


# --- the filters ----------------------------------------------------------------------------


def _titles(client, **query) -> set[str]:
    html = shows(client.get(URL, query), 200)
    titles = {"model", "ward", "seminar", "hide", "membership"}
    marks = {
        "model": "Mô hình Camera an ninh</a>",
        "ward": "Mô hình Tổ tự quản</a>",
        "seminar": "Hội nghị Đà Nẵng</a>",
        "hide": "#tra-loi-",
        "membership": reverse("unit_members", args=["da-nang"]) + '">',
    }
    return {name for name in titles if marks[name] in html}


def test_a_unit_includes_its_sub_units(cluster_admin_client, log):
    assert _titles(cluster_admin_client, unit="ha-noi") == {"model", "ward", "hide"}
    assert _titles(cluster_admin_client, unit="hoan-kiem") == {"ward"}
    assert _titles(cluster_admin_client, unit="da-nang") == {"seminar", "membership"}


def test_a_person_by_part_of_a_name_or_an_email(cluster_admin_client, log):
    assert _titles(cluster_admin_client, person="lan") == {"model", "hide"}
    hung = {"ward", "seminar", "membership"}
    assert _titles(cluster_admin_client, person="Lê Văn Hùng") == hung
    assert _titles(cluster_admin_client, person="HUNG.LE@police") == hung
    assert _titles(cluster_admin_client, person="nobody") == set()
    # Accents and capitals do not matter, as in every search of the portal.
    assert _titles(cluster_admin_client, person="le van hung") == hung
    assert _titles(cluster_admin_client, person="LÊ hùng") == hung


def test_a_kind_and_an_action(cluster_admin_client, log):
    assert _titles(cluster_admin_client, kind="models_registry.exemplarymodel") == {"model", "ward"}
    assert _titles(cluster_admin_client, kind="seminars.seminar") == {"seminar"}
    assert _titles(cluster_admin_client, kind="seminars.question") == {"hide"}
    assert _titles(cluster_admin_client, kind="emulation_cluster.membership") == {"membership"}
    assert _titles(cluster_admin_client, action="hide") == {"hide"}
    changed_in_da_nang = _titles(cluster_admin_client, action="change", unit="da-nang")
    assert changed_in_da_nang == {"seminar", "membership"}
    html = cluster_admin_client.get(URL).content.decode()
    assert 'value="seminars.answer"' in html and 'value="hide"' in html


@pytest.mark.parametrize("start, end", [("02/11/2026", "03/11/2026"), ("2026-11-02", "2026-11-03")])
def test_a_date_range_in_the_vietnamese_or_the_iso_format(cluster_admin_client, log, start, end):
    assert _titles(cluster_admin_client, date_from=start, date_to=end) == {"ward", "seminar"}
    assert _titles(cluster_admin_client, date_from=end) == {"seminar", "hide", "membership"}
    assert _titles(cluster_admin_client, date_to=start) == {"model", "ward"}


def test_the_days_are_hanoi_days(cluster_admin_client, log):
    # 21:06 UTC on 2 December is 3 December in Hà Nội.
    _at(log["model"], EVENING_UTC)
    assert "model" in _titles(cluster_admin_client, date_from="03/12/2026", date_to="03/12/2026")
    assert "model" not in _titles(cluster_admin_client, date_to="02/12/2026")


# --- garbage in every filter ---------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        {"unit": "abc"},
        {"date_from": "32/13/2026"},
        {"date_to": "hôm qua"},
        {"date_from": "01/01/0001"},
        {"date_to": "31/12/9999"},
        {"person": "x" * 5000},
        {"kind": "auth.permission"},
        {"action": "explode"},
    ],
)
def test_garbage_in_a_filter_is_reported_and_left_out(cluster_admin_client, log, query):
    response = cluster_admin_client.get(URL, query)
    field = next(iter(query))
    shows(response, 200, f'id="id_{field}_error"', 'role="alert"')
    assert _rows(response) == 5  # left out: the whole log shows


def test_an_inverted_range_says_so_and_shows_everything(cluster_admin_client, log):
    response = cluster_admin_client.get(URL, {"date_from": "03/11/2026", "date_to": "01/11/2026"})
    shows(response, 200, 'role="alert"', "03/11/2026", "01/11/2026")
    assert _rows(response) == 5


@pytest.mark.parametrize("page", ["x", "0", "-1", "999", "1" * 40])
def test_any_page_number_gives_a_page(cluster_admin_client, log, page):
    response = cluster_admin_client.get(URL, {"page": page})
    assert response.status_code == 200
    assert _rows(response) == 5  # the one page there is


def test_valid_filters_apply_beside_a_bad_one(cluster_admin_client, log):
    assert _titles(cluster_admin_client, unit="da-nang", date_from="32/13/2026") == {
        "seminar",
        "membership",
    }


# --- queries --------------------------------------------------------------------------------


def _many_entries(unit, other_unit, count):
    actor = UserFactory()
    seminar = SeminarFactory(host_unit=other_unit)
    question = QuestionFactory()
    for number in range(count):
        kind = number % 4
        if kind == 0:
            target, subject = ExemplaryModelFactory(owner_unit=unit), None
        elif kind == 1:
            target, subject = AgendaItemFactory(seminar=seminar), seminar
        elif kind == 2:
            target, subject = AnswerFactory(question=question), question
        else:
            target, subject = MembershipFactory(unit=other_unit), None
        audit.record(
            actor=actor,
            action=AuditAction.CHANGE,
            target=target,
            subject=subject,
            unit=unit,
            changes={"title": ["a", "b"], "starts_at": [None, EVENING_TEXT]},
        )


def _queries(client, query=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, query or {}).status_code == 200
    return len(captured)


def test_a_page_costs_the_same_queries_with_one_entry_or_sixty(
    cluster_admin_client, unit, other_unit
):
    _many_entries(unit, other_unit, 1)
    one = _queries(cluster_admin_client)
    filtered_one = _queries(cluster_admin_client, {"unit": "ha-noi", "person": "cán"})
    _many_entries(unit, other_unit, 59)
    assert AuditEntry.objects.count() == 60
    assert _queries(cluster_admin_client) == one
    assert _queries(cluster_admin_client, {"unit": "ha-noi", "person": "cán"}) == filtered_one
    assert _queries(cluster_admin_client, {"page": "2"}) == one
