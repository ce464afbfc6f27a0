"""A unit's questions exported: to it and asked by it, as its inbox and "asked" pages list them."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from seminars.enums import QuestionState
from seminars.qa import services as qa_services
from tests.exports import column, read_csv, read_xlsx
from tests.factories import AnswerFactory, ExemplaryModelFactory, QuestionFactory

pytestmark = pytest.mark.django_db

DIRECTION, TITLE, MODEL, ASKING, OWNER, SEMINAR, STATE, ASKED_AT, VOTES, ANSWERS = range(10)
OFFICIAL, OFFICIAL_AT, LINK = 10, 11, 12
SECRET = "Câu hỏi kín về Quyết Thắng"


def _export(client, slug="ha-noi", fmt="xlsx", **params):
    return client.get(reverse("unit_questions_export", args=[slug, fmt]), params)


@pytest.fixture
def threads(qa, restricted_question):
    answered = qa.ask(title="Tổ chức tuần tra ban đêm thế nào?", seminar=qa.seminar)
    official, _new = qa_services.answer_create(
        question=answered, author=qa.people["owner_editor"], body="Đơn vị xin trả lời như sau."
    )
    qa_services.answer_create(question=answered, author=qa.people["other_member"], body="Thêm ý.")
    qa_services.vote_cast(question=answered, voter=qa.people["other_member"])
    waiting = qa.ask(title="Kinh phí lắp camera bao nhiêu?")
    # Hà Nội asks Đà Nẵng too: that is its "asked" sheet.
    asked = QuestionFactory(
        exemplary_model=ExemplaryModelFactory(owner_unit=qa.asker_unit),
        asking_unit=qa.owner,
        author=qa.people["owner_member"],
        title="Đà Nẵng chia sẻ kinh nghiệm được không?",
    )
    return {"answered": answered, "official": official, "waiting": waiting, "asked": asked}


def test_xlsx_has_two_sheets_with_state_dates_votes_and_the_official_answer(qa, threads):
    sheets = read_xlsx(_export(qa.client("owner_member"), **{"trang-thai": ""}))
    received, asked = sheets.values()
    assert list(sheets) == ["Questions to the unit", "Questions the unit asked"]
    assert received[0][TITLE] == "Question" and len(received[0]) == 13
    by_title = {row[TITLE]: row for row in received[1:]}
    row = by_title["Tổ chức tuần tra ban đêm thế nào?"]
    assert row[ASKING] == "Công an thành phố Đà Nẵng" and row[OWNER] == "Công an thành phố Hà Nội"
    assert row[SEMINAR] == "Tọa đàm mô hình hay"
    assert row[STATE] == "Answered"
    assert (row[VOTES], row[ANSWERS]) == (1, 2)  # numbers
    assert row[OFFICIAL] == "Đơn vị xin trả lời như sau."
    assert row[OFFICIAL_AT].strftime("%d/%m/%Y %H:%M") == _local(
        threads["official"].made_official_at
    )
    assert row[ASKED_AT].strftime("%d/%m/%Y") == _local(threads["answered"].created_at)[:10]
    assert row[LINK] == "http://testserver" + threads["answered"].get_absolute_url()
    waiting = by_title["Kinh phí lắp camera bao nhiêu?"]
    assert waiting[STATE] == "Open" and waiting[OFFICIAL] is None and waiting[OFFICIAL_AT] is None
    # Hà Nội's ward asked the restricted question: the unit's tree asked it.
    assert set(column(asked, TITLE)) == {"Đà Nẵng chia sẻ kinh nghiệm được không?", SECRET}


def _local(moment):
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def test_csv_is_one_table_the_direction_column_telling_the_two_apart(qa, threads):
    rows = read_csv(_export(qa.client("owner_member"), fmt="csv", **{"trang-thai": ""}))
    assert rows[0][DIRECTION] == "Direction"
    directions = {row[TITLE]: row[DIRECTION] for row in rows[1:]}
    assert directions["Đà Nẵng chia sẻ kinh nghiệm được không?"] == "Asked by the unit"
    assert directions["Kinh phí lắp camera bao nhiêu?"] == "To the unit"
    answered = next(row for row in rows if row[TITLE] == "Tổ chức tuần tra ban đêm thế nào?")
    assert answered[OFFICIAL_AT] == _local(threads["official"].made_official_at)
    assert answered[VOTES] == "1"


def test_the_state_of_the_page_filters_both_sheets(qa, threads):
    sheets = read_xlsx(_export(qa.client("owner_member"), **{"trang-thai": QuestionState.OPEN}))
    received, asked = sheets.values()
    assert SECRET in column(received, TITLE)
    assert "Tổ chức tuần tra ban đêm thế nào?" not in column(received, TITLE)
    # Hà Nội's ward asked the restricted question: the unit's tree asked it.
    assert set(column(asked, TITLE)) == {"Đà Nẵng chia sẻ kinh nghiệm được không?", SECRET}
    everything = read_xlsx(_export(qa.client("owner_member")))  # no state named: all of them
    assert "Tổ chức tuần tra ban đêm thế nào?" in column(list(everything.values())[0], TITLE)
    garbage = read_xlsx(_export(qa.client("owner_member"), **{"trang-thai": "<x>"}))
    assert garbage == everything


def test_the_inbox_page_links_its_state_to_the_export(qa, threads):
    html = qa.client("owner_member").get(reverse("unit_inbox", args=["ha-noi"])).content.decode()
    assert reverse("unit_questions_export", args=["ha-noi", "xlsx"]) + "?trang-thai=open" in html
    assert reverse("unit_questions_export", args=["ha-noi", "csv"]) + "?trang-thai=open" in html


@pytest.mark.parametrize("fmt,read", [("xlsx", read_xlsx), ("csv", read_csv)])
@pytest.mark.parametrize("role", ["other_member", "asker"])
def test_a_question_on_a_restricted_model_stays_with_those_who_see_the_model(
    qa, threads, fmt, read, role
):
    assert SECRET not in str(read(_export(qa.client(role), fmt=fmt, **{"trang-thai": ""})))
    assert SECRET in str(read(_export(qa.client("owner_member"), fmt=fmt)))


def test_outsiders_and_visitors_get_no_export(qa, threads):
    assert _export(qa.client("outsider")).status_code == 403
    assert _export(qa.client("anonymous")).status_code == 302


def test_the_cap_sends_back_to_the_inbox_with_the_reason(qa, threads, settings):
    settings.EXPORT_MAX_ROWS = 2
    response = _export(qa.client("owner_member"), **{"trang-thai": ""})
    assert response.status_code == 302
    assert response["Location"] == reverse("unit_inbox", args=["ha-noi"]) + "?trang-thai="
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["error"]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_queries_do_not_grow_with_rows(qa, fmt, django_assert_num_queries):
    client = qa.client("owner_editor")

    def export_with(count):
        for _ in range(count):
            question = QuestionFactory(
                exemplary_model=qa.model, asking_unit=qa.asker_unit, author=qa.people["asker"]
            )
            AnswerFactory(
                question=question,
                author=qa.people["owner_editor"],
                is_official=True,
                official_unit=qa.owner,
                made_official_at=timezone.now(),
            )
        # The session, the user, whether a cluster admin, the roles and the units below, the
        # request's savepoint and release, the unit, two counts and the rows of each sheet from
        # its cursor (the official answer inside).
        with django_assert_num_queries(10):
            response = _export(client, fmt=fmt, **{"trang-thai": ""})
        assert response.status_code == 200

    export_with(1)
    export_with(4)
