"""A person's account deleted: the Q&A pages that named them still render, with "(account
removed)" where their name was (``{{ user|person }}``; every relation to a person is SET_NULL)."""

import pytest
from django.urls import reverse

from emulation_cluster.enums import Role
from seminars.qa import moderation
from seminars.qa import services as qa_services
from tests.factories import AnswerFactory, CommentFactory, MembershipFactory, UserFactory
from tests.pages import shows

pytestmark = pytest.mark.django_db

REMOVED = "(account removed)"


def _gone(user):
    user.delete()


def test_thread_names_a_deleted_asker_as_removed(qa):
    question = qa.ask()
    _gone(qa.people["asker"])
    html = shows(qa.client("owner_editor").get(question.get_absolute_url()), 200, REMOVED)
    assert "<h1>Tổ chức tuần tra ban đêm thế nào?</h1>" in html


def test_thread_names_a_deleted_answerer_and_commenter_as_removed(qa):
    question = qa.ask()
    answerer = UserFactory(email="gone@police.test", first_name="Gone")
    MembershipFactory(user=answerer, unit=qa.other, role=Role.MEMBER)
    answer = AnswerFactory(question=question, author=answerer, body="Câu trả lời còn lại.")
    CommentFactory(question=question, answer=answer, author=answerer, body="Bình luận còn lại.")
    _gone(answerer)
    html = shows(
        qa.client("asker").get(question.get_absolute_url()),
        200,
        "Câu trả lời còn lại.",
        "Bình luận còn lại.",
    )
    assert html.count(REMOVED) == 2 and "gone@police.test" not in html


def test_thread_names_a_deleted_live_answerer_as_removed(qa):
    question = qa.ask(seminar=qa.seminar)
    chair = UserFactory(email="chutri@police.test")
    MembershipFactory(user=chair, unit=qa.owner, role=Role.ORGANIZER)
    qa_services.question_mark_answered_live(question=question, actor=chair, note="Đã trả lời.")
    _gone(chair)
    shows(
        qa.client("asker").get(question.get_absolute_url()),
        200,
        "Answered live at the seminar",
        f"({REMOVED},",
    )


def test_hide_page_names_a_deleted_author_as_removed(qa):
    question = qa.ask()
    answer = AnswerFactory(question=question, author=qa.people["other_member"])
    _gone(qa.people["other_member"])
    url = reverse("post_hide", args=["tra-loi", answer.pk])
    shows(qa.client("owner_admin").get(url), 200, REMOVED, "Đơn vị xin trả lời như sau.")


def test_hidden_post_of_a_deleted_moderator_still_renders(qa):
    question = qa.ask()
    answer = AnswerFactory(question=question, author=qa.people["other_member"])
    moderator = qa.people["owner_admin"]
    moderation.post_hide(post=answer, question=question, moderator=moderator, reason="Lạc đề.")
    _gone(moderator)
    shows(qa.client("asker").get(question.get_absolute_url()), 200, "Lạc đề.")
