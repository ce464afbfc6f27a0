"""One presenter of an audit entry's changes for every history page: local times, choice
labels, Có/Không, “–” for nothing, long texts cut; and the history pages that use it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from emulation_cluster import audit
from emulation_cluster.audit_log.display import NOTHING, change_rows, value_text
from emulation_cluster.enums import AuditAction, Role
from emulation_cluster.models import AuditEntry, Membership
from models_registry.models import ExemplaryModel
from tests.factories import ExemplaryModelFactory, MembershipFactory, QuestionFactory
from tests.pages import shows

EVENING_TEXT = "2026-12-02 21:06:00.909822+00:00"  # what str() of a UTC datetime gives


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


@pytest.mark.parametrize(
    "value, shown",
    [
        (EVENING_TEXT, "04:06 03/12/2026"),
        ("2026-12-02T21:06:00+00:00", "04:06 03/12/2026"),
        ("2026-12-02 21:06:00Z", "04:06 03/12/2026"),
        ("2026-12-03", "03/12/2026"),
        ("2026-12-03 08:30:00", "08:30 03/12/2026"),  # naive: the cluster's clock
        ("2026-13-45 99:99:00+00:00", "2026-13-45 99:99:00+00:00"),  # not a time: as it is
        ("Hội nghị 2026-12-03", "Hội nghị 2026-12-03"),
        (None, NOTHING),
        ("", NOTHING),
        ([], NOTHING),
        (["Phòng chống ma túy", "An toàn giao thông"], "Phòng chống ma túy; An toàn giao thông"),
        (7, "7"),
    ],
)
def test_a_value_as_people_read_it(value, shown):
    assert value_text(value) == shown


def test_yes_and_no_in_the_readers_language():
    assert value_text(True) == gettext("Yes") == "Có"
    assert value_text(False) == gettext("No") == "Không"


def test_long_text_is_cut_when_a_limit_is_given():
    text = "Nội dung rất dài. " * 50
    assert value_text(text, limit=100).endswith("…")
    assert len(value_text(text, limit=100)) == 100
    assert value_text(text) == text


@pytest.mark.django_db
def test_rows_name_the_fields_and_show_choice_labels(unit):
    membership = MembershipFactory(unit=unit, role=Role.EDITOR)
    entry = audit.record(
        actor=None,
        action=AuditAction.CHANGE,
        target=membership,
        changes={
            "role": [Role.MEMBER, Role.EDITOR],
            "archived_at": [None, EVENING_TEXT],
            "no_such_field": ["a", "b"],
            "odd": "not a pair",
        },
    )
    rows = {row.label: row for row in change_rows(entry)}
    role = rows[str(Membership._meta.get_field("role").verbose_name)]
    assert (role.before, role.after) == (Role.MEMBER.label, Role.EDITOR.label)
    archived = rows[str(Membership._meta.get_field("archived_at").verbose_name)]
    assert (archived.before, archived.after) == (NOTHING, "04:06 03/12/2026")
    assert (rows["no such field"].before, rows["no such field"].after) == ("a", "b")
    assert (rows["odd"].before, rows["odd"].after) == (NOTHING, "not a pair")


# --- the history pages ----------------------------------------------------------------------


def _evening(entry):
    evening = datetime.datetime(2026, 12, 2, 21, 6, tzinfo=datetime.UTC)
    AuditEntry.objects.filter(pk=entry.pk).update(created_at=evening)


@pytest.mark.django_db
def test_the_model_history_shows_hanoi_times(editor_client, unit):
    model = ExemplaryModelFactory(owner_unit=unit)
    _evening(
        audit.record(
            actor=None,
            action=AuditAction.PUBLISH,
            target=model,
            changes={"published_at": [None, EVENING_TEXT], "title": ["Cũ", "Mới"]},
        )
    )
    html = shows(
        editor_client.get(reverse("model_history", args=[model.slug])),
        200,
        "04:06 03/12/2026",
        str(ExemplaryModel._meta.get_field("published_at").verbose_name).capitalize(),
        'class="audit-changes"',
    )
    assert "+00:00" not in html and "21:06" not in html
    assert html.count("04:06 03/12/2026") == 2  # when it happened, and the value


@pytest.mark.django_db
def test_the_question_history_shows_hanoi_times_and_whole_texts(cluster_admin_client):
    question = QuestionFactory()
    body = "Đoạn văn dài của câu hỏi. " * 40
    _evening(
        audit.record(
            actor=None,
            action=AuditAction.CHANGE,
            target=question,
            changes={"locked_at": [None, EVENING_TEXT], "body": ["Cũ", body]},
        )
    )
    html = shows(
        cluster_admin_client.get(reverse("question_history", args=[question.pk])),
        200,
        "04:06 03/12/2026",
        body.strip(),  # the thread's history keeps every version whole
        'class="audit-change-long"',
    )
    assert "+00:00" not in html
