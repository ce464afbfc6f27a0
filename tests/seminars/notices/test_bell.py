"""The bell counts what the notice list shows: one rule for both (``notices.selectors``)."""

import pytest
from django.urls import reverse

from emulation_cluster.enums import Visibility
from seminars.notices.selectors import unread_count, visible_notices
from seminars.qa import services as qa_services
from tests.pages import shows

pytestmark = pytest.mark.django_db
BELL = '<span class="count-badge">1<span class="visually-hidden"> unread</span>'


def test_the_bell_stops_counting_a_notice_about_a_question_that_became_restricted(qa):
    question = qa.ask(title="Câu hỏi rồi bị hạn chế")
    reader = qa.people["other_member"]
    qa_services.follow_set(user=reader, question=question, follow=True)
    qa_services.answer_create(question=question, author=qa.people["owner_editor"], body="Đáp.")
    client = qa.client("other_member")
    shows(client.get(reverse("home")), 200, BELL)
    assert unread_count(reader) == visible_notices(reader).filter(read_at=None).count() == 1

    qa.model.visibility = Visibility.RESTRICTED
    qa.model.save(update_fields=["visibility"])
    reader = type(reader).objects.get(pk=reader.pk)  # a new request: no per-request memo
    assert unread_count(reader) == visible_notices(reader).count() == 0
    for url in (reverse("home"), reverse("notice_list")):
        html = shows(client.get(url), 200)
        assert "count-badge" not in html, url
        assert "Câu hỏi rồi bị hạn chế" not in html, url


def test_the_bell_counts_once_per_request(qa, django_assert_num_queries):
    reader = qa.people["other_member"]
    unread_count(reader)
    with django_assert_num_queries(0):
        assert unread_count(reader) == 0


def test_opening_the_question_of_a_notice_marks_it_read(qa):
    question = qa.ask(title="Câu hỏi có thông báo")
    client = qa.client("owner_editor")
    shows(client.get(reverse("home")), 200, BELL)
    shows(client.get(question.get_absolute_url()), 200, f"<h1>{question.title}</h1>")
    assert "count-badge" not in shows(client.get(reverse("home")), 200)
    assert unread_count(qa.people["owner_editor"]) == 0
