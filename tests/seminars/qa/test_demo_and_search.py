"""The demo questions (idempotent, marked as demo data) and the diacritic-free search."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from emulation_cluster.outbox.models import MessageKind, MessageState, OutgoingMessage
from seminars.enums import QuestionState
from seminars.notices.models import Notice
from seminars.qa.models import Answer, Question, Vote
from tests.seminars.conftest import english_client

pytestmark = pytest.mark.django_db


def _quiet(command):
    call_command(command, stdout=open("/dev/null", "w"))  # noqa: SIM115 - discard output


@pytest.fixture
def demo(db):
    for command in ("load_demo", "load_demo_seminar", "load_demo_questions"):
        _quiet(command)


def test_demo_questions_follow_the_article(demo):
    questions = Question.objects.select_related("asking_unit", "owner_unit", "exemplary_model")
    assert questions.count() == 4 and all(q.is_demo for q in questions)
    menh_lenh = questions.get(exemplary_model__slug__startswith="menh-lenh-01")
    assert (menh_lenh.asking_unit.slug, menh_lenh.owner_unit.slug) == (
        "catp-da-nang",
        "catp-ha-noi",
    )
    assert menh_lenh.seminar is not None and menh_lenh.state == QuestionState.ANSWERED
    answer = Answer.objects.get()
    assert answer.is_official and answer.official_unit.slug == "catp-ha-noi"
    assert "dữ liệu demo" in answer.body and all("dữ liệu demo" in q.body for q in questions)
    forum = questions.get(exemplary_model__slug="dien-dan-cong-an-lang-nghe-y-kien-nhan-dan")
    assert (forum.asking_unit.slug, forum.owner_unit.slug) == ("catp-ho-chi-minh", "catp-can-tho")
    assert forum.state == QuestionState.OPEN
    # Hà Nội's demo editor finds a notice; the page shows the demo's flag.
    assert Notice.objects.filter(
        user__email="canbo.hanoi@demo.invalid", question=menh_lenh
    ).exists()
    from django.contrib.auth import get_user_model

    editor = get_user_model().objects.get(email="canbo.hanoi@demo.invalid")
    html = english_client(editor).get(menh_lenh.get_absolute_url()).content.decode()
    assert "Official answer of CATP Hà Nội" in html and 'class="badge demo"' in html


def test_demo_loader_twice_changes_nothing(demo):
    def snapshot():
        return (
            list(Question.objects.order_by("pk").values()),
            list(Answer.objects.order_by("pk").values()),
            list(Vote.objects.order_by("pk").values()),
            Notice.objects.count(),
            OutgoingMessage.objects.count(),
        )

    before = snapshot()
    _quiet("load_demo_questions")
    assert snapshot() == before


def test_the_demo_questions_send_their_mails_through_the_outbox(demo, mailoutbox):
    """What `make run` shows a newcomer: the owner units' editors and the asker are emailed."""
    queued = OutgoingMessage.objects.filter(kind=MessageKind.QUESTION)
    assert queued.filter(recipient="canbo.hanoi@demo.invalid").exists()  # asked by Đà Nẵng
    assert queued.filter(recipient="quantri.danang@demo.invalid").exists()  # answered
    assert {row.state for row in queued} == {MessageState.QUEUED}
    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        queued.values_list("recipient", flat=True)
    )
    assert set(queued.values_list("state", flat=True)) == {MessageState.SENT}


def test_demo_loader_needs_the_seminar(db):
    _quiet("load_demo")
    with pytest.raises(CommandError, match="load_demo_seminar"):
        _quiet("load_demo_questions")


def test_search_ignores_diacritics_and_ranks_the_title_first(qa):
    in_title = qa.ask(title="Mệnh lệnh 01: tuần tra ban đêm", body="Nội dung.")
    in_body = qa.ask(title="Một câu hỏi khác", body="Liên quan mệnh lệnh 01 và tuần tra.")
    qa.ask(title="Camera giám sát", body="Không liên quan.")
    client = qa.client("other_member")
    for text in ("menh lenh 01", "Mệnh lệnh", "MENH LENH", "tuan tr"):
        response = client.get(reverse("question_search"), {"q": text})
        found = [question.pk for question in response.context["page"].object_list]
        assert found == [in_title.pk, in_body.pk], text
    response = client.get(reverse("question_search"), {"q": "khong co gi"})
    assert "No question matches" in response.content.decode()
    only_open = client.get(reverse("question_search"), {"q": "menh lenh", "state": "accepted"})
    assert list(only_open.context["page"].object_list) == []
