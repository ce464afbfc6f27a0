"""Every Q&A page costs the same, fixed number of queries with one row as with three or more.

A signed-in person's page always starts with the queries for the person (session, user, "cluster
administrator?", and their roles with the units below them, read once a request; an
administrator's "has a TOTP authenticator?" comes on top), and the request's SAVEPOINT and
RELEASE count as 2 more. The header adds the demo banner ("is any cluster a demo?"), the unread
notices and the person's units. The numbers below are measured with the current code: a change
that adds a query per row, or a query at all, shows up here.
"""

import pytest
from django.urls import reverse

from seminars.qa import moderation
from seminars.qa import services as qa_services
from tests.factories import AnswerFactory, CommentFactory, QuestionFactory
from tests.pages import shows
from tests.seminars.qa.conftest import MODEL_TITLE

pytestmark = pytest.mark.django_db


def _get(client, url, django_assert_num_queries, expected, *texts):
    """The page in exactly ``expected`` queries, showing each of ``texts``."""
    with django_assert_num_queries(expected):
        response = client.get(url)
    shows(response, 200, *texts)


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


# The thread: the question (with "voted?" and "following?"), the merged questions, marking its
# notices read and counting the bell in one statement, the page of answers (with their total),
# the comments on them and on the question, plus the person's roles and the units below them
# (read once a request); the cluster administrator has no memberships.
THREAD_QUERIES = {"asker": 11, "owner_editor": 11, "cluster_admin": 11}


@pytest.mark.parametrize("role", ["asker", "owner_editor", "cluster_admin"])
def test_thread_queries_do_not_grow_with_answers(qa, role, django_assert_num_queries):
    question = qa.ask(seminar=qa.seminar)
    client = qa.client(role)
    url = question.get_absolute_url()
    _answer(qa, question, "owner_editor", official=True)
    client.get(url)  # warm the per-process caches (content types, sessions)
    _get(client, url, django_assert_num_queries, THREAD_QUERIES[role], f"<h1>{question.title}</h1>")
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
    _get(
        client,
        url,
        django_assert_num_queries,
        THREAD_QUERIES[role],
        f"<h1>{question.title}</h1>",
        "Đơn vị xin trả lời như sau.",  # the answers
    )


def _ask_many(qa, count):
    """``count`` questions of the seminar's thread, each with an answer; their titles."""
    titles = []
    for _ in range(count):
        question = QuestionFactory(
            exemplary_model=qa.model,
            asking_unit=qa.asker_unit,
            author=qa.people["asker"],
            seminar=qa.seminar,
        )
        AnswerFactory(question=question, author=qa.people["other_member"])
        titles.append(question.title)
    return titles


# Each list: the ids of its page, then their rows (a first page shorter than a page needs no
# count; see test_full_list_pages_count_once), "following?" with the unit or model, the seminar
# and its agenda where the list belongs to a seminar.
LIST_QUERIES = {
    "unit_inbox": 10,
    "unit_asked": 10,
    "question_search": 9,
    "seminar_questions": 11,
    "seminar_questions_fragment": 8,  # no header: no notices, no units
    "model_questions": 10,
    "notice_list": 7,
    "notification_preferences": 11,  # the topics one may still follow: one query
}
# What each list shows above its rows; the last two list no question.
LIST_HEADINGS = {
    "unit_inbox": "<h1>Questions to Công an thành phố Hà Nội</h1>",
    "unit_asked": "<h1>Questions asked by Công an thành phố Đà Nẵng</h1>",
    "question_search": "<h1>Questions and answers</h1>",
    "seminar_questions": "<h1>Questions of the seminar</h1>",
    "seminar_questions_fragment": '<ol class="question-list ranked"',
    "model_questions": f"<h1>Questions about “{MODEL_TITLE}”</h1>",
    "notice_list": "<h1>Notices</h1>",
    "notification_preferences": "<h1>Notification settings</h1>",
}
LISTS_WITHOUT_QUESTIONS = {"notice_list", "notification_preferences"}


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
def test_list_pages_queries_do_not_grow_with_rows(qa, name, args, django_assert_num_queries):
    if args is None:
        args = [qa.seminar.pk]
    elif args == "model":
        args = [qa.model.slug]
    url = reverse(name, args=args)
    client = qa.client("owner_editor")
    titles = _ask_many(qa, 1)
    qa_services.follow_set(user=qa.people["owner_editor"], exemplary_model=qa.model, follow=True)
    client.get(url)

    def expect():
        rows = [] if name in LISTS_WITHOUT_QUESTIONS else titles
        return LIST_QUERIES[name], LIST_HEADINGS[name], *rows

    _get(client, url, django_assert_num_queries, *expect())
    titles += _ask_many(qa, 3)
    qa_services.follow_set(user=qa.people["owner_editor"], unit=qa.asker_unit, follow=True)
    _get(client, url, django_assert_num_queries, *expect())


def test_full_list_pages_count_once(qa, django_assert_num_queries):
    """A list longer than a page: one query more for its total (stored or counted), on any page."""
    from seminars.qa.views.inbox import QUESTIONS_PER_PAGE

    client = qa.client("owner_editor")
    url = reverse("unit_inbox", args=[qa.owner.slug])
    titles = _ask_many(qa, QUESTIONS_PER_PAGE + 1)
    client.get(url)
    expected = LIST_QUERIES["unit_inbox"] + 1
    _get(client, url, django_assert_num_queries, expected, "26 questions", titles[0])
    _get(client, f"{url}?page=2", django_assert_num_queries, expected, titles[-1])


def test_search_queries_do_not_grow_with_matches(qa, django_assert_num_queries):
    url = reverse("question_search") + "?q=tuan+tra"
    client = qa.client("asker")
    qa.ask(title="Tuần tra ban đêm 1")
    client.get(url)
    _get(client, url, django_assert_num_queries, 9, "Tuần tra ban đêm 1")  # as the list above
    qa.ask(title="Tuần tra ban đêm 2")
    qa.ask(title="Tuần tra ban đêm 3")
    matches = [f"Tuần tra ban đêm {number}" for number in (1, 2, 3)]
    _get(client, url, django_assert_num_queries, 9, *matches)


# (model page, unit page). The model page: the model with its partners, topics and attachments,
# its replications, the figures of both, then its seminars with their agenda, lessons and
# solutions, its questions with their number and its award nominations. The unit page also reads
# the years the unit headed the cluster or was its deputy (without the stored question figures).
MODEL_AND_UNIT_QUERIES = {"asker": (12, 13), "owner_editor": (12, 13)}


@pytest.mark.parametrize("role", ["asker", "owner_editor"])
def test_model_and_unit_pages_stay_constant_with_questions(qa, role, django_assert_num_queries):
    client = qa.client(role)
    urls = [qa.model.get_absolute_url(), qa.owner.get_absolute_url()]
    _ask_many(qa, 1)
    for url in urls:
        client.get(url)
    headings = [f"<h1>{qa.model.title}</h1>", f"<h1>{qa.owner.name}</h1>"]
    pages = list(zip(urls, MODEL_AND_UNIT_QUERIES[role], headings, strict=True))
    for url, expected, heading in pages:
        _get(client, url, django_assert_num_queries, expected, heading)
    _ask_many(qa, 6)
    for url, expected, heading in pages:
        _get(client, url, django_assert_num_queries, expected, heading)
