"""Every Q&A page costs the same number of queries with one row as with three or more."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from seminars.qa import moderation
from seminars.qa import services as qa_services
from tests.factories import AnswerFactory, CommentFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _answer(qa, question, role, official=False):
    answer = AnswerFactory(
        question=question,
        author=qa.people[role],
        is_official=official,
        official_unit=question.owner_unit if official else None,
    )
    CommentFactory(question=question, answer=answer, author=qa.people["asker"])
    CommentFactory(question=question, author=qa.people["other_member"])
    return answer


@pytest.mark.parametrize("role", ["asker", "owner_editor", "cluster_admin"])
def test_thread_queries_do_not_grow_with_answers(qa, role):
    question = qa.ask(seminar=qa.seminar)
    client = qa.client(role)
    url = question.get_absolute_url()
    _answer(qa, question, "owner_editor", official=True)
    client.get(url)  # warm the per-process caches (content types, sessions)
    one = _queries(client, url)
    for author in ("other_member", "owner_member", "asker_editor", "head_admin"):
        _answer(qa, question, author)
    answer = _answer(qa, question, "owner_member")
    qa_services.answer_accept(answer=answer, actor=qa.people["asker"])
    moderation.post_hide(
        post=question.answers.first(),
        question=question,
        moderator=qa.people["owner_admin"],
        reason="Thử.",
    )
    assert _queries(client, url) == one


def _ask_many(qa, count):
    for _ in range(count):
        question = QuestionFactory(
            exemplary_model=qa.model,
            asking_unit=qa.asker_unit,
            author=qa.people["asker"],
            seminar=qa.seminar,
        )
        AnswerFactory(question=question, author=qa.people["other_member"])


@pytest.mark.parametrize(
    "name,args",
    [
        ("unit_inbox", ["ha-noi"]),
        ("unit_asked", ["da-nang"]),
        ("question_search", []),
        ("seminar_questions", None),
        ("seminar_questions_fragment", None),
        ("model_questions", "model"),
        ("notice_list", []),
        ("notification_preferences", []),
    ],
)
def test_list_pages_queries_do_not_grow_with_rows(qa, name, args):
    if args is None:
        args = [qa.seminar.pk]
    elif args == "model":
        args = [qa.model.slug]
    url = reverse(name, args=args)
    client = qa.client("owner_editor")
    _ask_many(qa, 1)
    qa_services.follow_set(user=qa.people["owner_editor"], exemplary_model=qa.model, follow=True)
    client.get(url)
    one = _queries(client, url)
    _ask_many(qa, 3)
    qa_services.follow_set(user=qa.people["owner_editor"], unit=qa.asker_unit, follow=True)
    assert _queries(client, url) == one


def test_search_queries_do_not_grow_with_matches(qa):
    url = reverse("question_search") + "?q=tuan+tra"
    client = qa.client("asker")
    qa.ask(title="Tuần tra ban đêm 1")
    client.get(url)
    one = _queries(client, url)
    qa.ask(title="Tuần tra ban đêm 2")
    qa.ask(title="Tuần tra ban đêm 3")
    assert _queries(client, url) == one


@pytest.mark.parametrize("role", ["asker", "owner_editor"])
def test_model_and_unit_pages_stay_constant_with_questions(qa, role):
    client = qa.client(role)
    urls = [qa.model.get_absolute_url(), qa.owner.get_absolute_url()]
    _ask_many(qa, 1)
    for url in urls:
        client.get(url)
    before = [_queries(client, url) for url in urls]
    _ask_many(qa, 6)
    assert [_queries(client, url) for url in urls] == before
