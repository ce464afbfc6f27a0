"""A question's ``answer_count`` (its shown answers, what the lists show) stays right after
every write that adds, hides, shows, merges or deletes, and the lists show it."""

import pytest
from django.urls import reverse

from seminars.qa import moderation
from seminars.qa import services as qa_services
from seminars.qa.models import Answer, Question
from tests.pages import shows

pytestmark = pytest.mark.django_db


def _counted(question) -> int:
    question.refresh_from_db(fields=["answer_count"])
    assert question.answer_count == question.answers.filter(hidden_at__isnull=True).count()
    return question.answer_count


def _answer(qa, question, role="other_member", body="Đơn vị xin trả lời như sau."):
    answer, _created = qa_services.answer_create(
        question=question, author=qa.people[role], body=body
    )
    return answer


def test_answer_count_follows_answers_created(qa):
    question = qa.ask()
    assert _counted(question) == 0
    _answer(qa, question)
    _answer(qa, question, "owner_editor")
    assert _counted(question) == 2


def test_answer_count_follows_answers_hidden_and_shown_again(qa):
    question = qa.ask()
    answer = _answer(qa, question)
    _answer(qa, question, "owner_editor")
    moderator = qa.people["owner_admin"]
    moderation.post_hide(post=answer, question=question, moderator=moderator, reason="Lạc đề.")
    assert _counted(question) == 1
    moderation.post_hide(post=answer, question=question, moderator=moderator, hide=False)
    assert _counted(question) == 2


def test_answer_count_of_both_questions_stays_right_after_a_merge(qa):
    duplicate, into = qa.ask(title="Câu hỏi trùng?"), qa.ask(title="Câu hỏi gốc?")
    _answer(qa, duplicate)
    _answer(qa, into)
    _answer(qa, into, "owner_editor")
    moderation.question_merge(duplicate=duplicate, into=into, moderator=qa.people["owner_admin"])
    assert (_counted(duplicate), _counted(into)) == (1, 2)


def test_answer_count_follows_answers_deleted_one_by_one_or_in_bulk(qa):
    question = qa.ask()
    first, _second, _third = (_answer(qa, question) for _ in range(3))
    first.delete()  # as the admin's delete page does
    assert _counted(question) == 2
    Answer.objects.filter(question=question).delete()  # the admin's "delete selected"
    assert _counted(question) == 0


def test_answer_count_is_not_touched_by_a_repeated_form(qa):
    question = qa.ask()
    for _ in range(2):
        qa_services.answer_create(
            question=question, author=qa.people["other_member"], body="Một lần.", token="t-1"
        )
    assert _counted(question) == 1


def test_lists_show_the_stored_answer_count(qa):
    question = qa.ask()
    _answer(qa, question)
    hidden = _answer(qa, question, "owner_editor")
    moderation.post_hide(
        post=hidden, question=question, moderator=qa.people["owner_admin"], reason="Lạc đề."
    )
    for url in (
        reverse("question_search"),
        reverse("unit_inbox", args=[qa.owner.slug]) + "?trang-thai=",
        reverse("model_questions", args=[qa.model.slug]),
    ):
        shows(qa.client("asker").get(url), 200, question.title, "1 answer")
    assert Question.objects.get(pk=question.pk).answer_count == 1
