"""The lists of questions at any size: pages cut on the ids in the list's own order, every page
reachable (deep ones read from the end), and an exact total stored until the questions change
(``seminars/qa/list_counts.py``)."""

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from emulation_cluster.enums import Visibility
from seminars.enums import QuestionState
from seminars.qa import moderation
from seminars.qa import services as qa_services
from seminars.qa.models import Question
from tests.factories import QuestionFactory
from tests.pages import shows

pytestmark = pytest.mark.django_db


def _questions(qa, count, model=None):
    return [
        QuestionFactory(
            exemplary_model=model or qa.model,
            asking_unit=qa.asker_unit,
            author=qa.people["asker"],
            title=f"Câu hỏi thứ {number:02d}",
        )
        for number in range(count)
    ]


def _generation() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM seminars_question_generation")
        return cursor.fetchone()[0]


def _total(client, url=None) -> None:
    html = shows(client.get(url or reverse("question_search")), 200)
    return html.split('<p class="count">', 1)[1].split("</p>", 1)[0]


def _open_count(qa) -> int:
    return Question.objects.filter(hidden_at__isnull=True, state=QuestionState.OPEN).count()


def test_list_total_follows_every_write(qa):
    questions = _questions(qa, 30)
    client = qa.client("asker")
    assert _total(client) == "30 questions"
    assert _total(client) == "30 questions"  # stored, read again
    QuestionFactory(exemplary_model=qa.model, asking_unit=qa.asker_unit)
    assert _total(client) == "31 questions"
    moderator = qa.people["owner_admin"]
    moderation.post_hide(
        post=questions[0], question=questions[0], moderator=moderator, reason="Trùng lặp"
    )
    assert _total(client) == "30 questions"
    moderation.post_hide(post=questions[0], question=questions[0], moderator=moderator, hide=False)
    assert _total(client) == "31 questions"
    open_url = reverse("question_search") + f"?state={QuestionState.OPEN}"
    assert _total(client, open_url) == "31 questions"
    moderation.question_merge(duplicate=questions[1], into=questions[2], moderator=moderator)
    assert _total(client, open_url) == f"{_open_count(qa)} questions"
    questions[4].refresh_from_db()
    questions[4].state = QuestionState.ANSWERED
    questions[4].save()
    assert _total(client, open_url) == f"{_open_count(qa)} questions"
    assert _open_count(qa) == 29
    questions[5].delete()
    assert _total(client) == "30 questions"


def test_list_total_is_each_readers_own(qa):
    _questions(qa, 26)
    _questions(qa, 3, model=qa.restricted)  # only Hà Nội's people may read these
    assert _total(qa.client("owner_member")) == "29 questions"
    assert _total(qa.client("asker")) == "26 questions"
    assert _total(qa.client("owner_editor")) == "29 questions"
    qa.model.visibility = Visibility.RESTRICTED
    qa.model.save()
    html = shows(qa.client("asker").get(reverse("question_search")), 200)
    assert 'class="question-row"' not in html and '<p class="count">' not in html
    assert _total(qa.client("owner_member")) == "29 questions"


def test_list_total_stays_stored_through_votes_and_answers(qa):
    questions = _questions(qa, 26)
    before = _generation()
    qa_services.vote_cast(question=questions[0], voter=qa.people["other_member"])
    qa_services.answer_create(question=questions[0], author=qa.people["owner_member"], body="Có.")
    assert _generation() == before
    questions[0].hidden_at = timezone.now()
    questions[0].save()
    assert _generation() > before


def test_list_every_page_reachable_in_order(qa):
    questions = _questions(qa, 60)  # newest first: the last made comes first
    titles = [question.title for question in reversed(questions)]
    client = qa.client("asker")
    url = reverse("question_search")
    seen = []
    for number in (1, 2, 3):  # page 3 is past the middle: read from the end
        html = shows(client.get(f"{url}?page={number}"), 200, "60 questions", f"Page {number} of 3")
        on_page = [title for title in titles if title in html]
        assert [html.index(title) for title in on_page] == sorted(html.index(t) for t in on_page)
        seen += on_page
    assert seen == titles  # each once, in the list's order, the oldest last


@pytest.mark.parametrize(
    "raw", ["abc", "0", "-3", "2.5", "99999999999999999999999999", "%00", "", "1e3"]
)
def test_list_page_garbage_gives_a_page(qa, raw):
    _questions(qa, 30)
    html = shows(qa.client("asker").get(f"{reverse('question_search')}?page={raw}"), 200)
    assert "30 questions" in html and html.count('class="question-row"') in (25, 5)


def test_list_pages_of_the_inbox_reach_the_oldest(qa):
    questions = _questions(qa, 27)
    client = qa.client("owner_editor")
    url = reverse("unit_inbox", args=[qa.owner.slug])  # oldest first
    last = shows(client.get(f"{url}?page=2"), 200, "27 questions", "Page 2 of 2")
    assert questions[25].title in last and questions[26].title in last
    assert last.index(questions[25].title) < last.index(questions[26].title)


def test_list_total_costs_one_query_counted_or_stored(qa, django_assert_num_queries):
    """The total is one statement whether it is stored or counted again, on a page read from
    the start as on one read from the end; a short first page needs none."""
    questions = _questions(qa, 1)
    client = qa.client("asker")
    url = reverse("question_search")
    client.get(url)
    with django_assert_num_queries(9):  # as tests/seminars/qa/test_queries.py: no count
        shows(client.get(url), 200, questions[0].title)
    questions += _questions(qa, 59)
    client.get(f"{url}?page=2")
    for number, title in ((2, questions[30].title), (3, questions[0].title)):
        with django_assert_num_queries(10):  # stored
            shows(client.get(f"{url}?page={number}"), 200, f"{58 + number} questions", title)
        QuestionFactory(exemplary_model=qa.model, asking_unit=qa.asker_unit)
        with django_assert_num_queries(10):  # counted again after a new question
            shows(client.get(f"{url}?page={number}"), 200, f"{59 + number} questions")
