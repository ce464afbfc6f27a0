"""The lists of questions at any size: pages cut on the ids in the list's own order, and a count
that stops at ``listing.COUNT_CAP`` ("more than N questions")."""

import pytest
from django.urls import reverse

from seminars.qa.views import listing
from tests.factories import QuestionFactory
from tests.pages import shows

pytestmark = pytest.mark.django_db


def _questions(qa, count):
    return [
        QuestionFactory(
            exemplary_model=qa.model,
            asking_unit=qa.asker_unit,
            author=qa.people["asker"],
            title=f"Câu hỏi thứ {number:02d}",
        )
        for number in range(count)
    ]


def test_list_count_stops_at_the_cap(qa, monkeypatch):
    monkeypatch.setattr(listing, "COUNT_CAP", 30)
    _questions(qa, 31)
    client = qa.client("asker")
    url = reverse("question_search")
    shows(client.get(url), 200, "More than 30 questions", "Page 1 of 2")
    html = shows(client.get(f"{url}?page=9"), 200, "More than 30 questions", "Page 2 of 2")
    assert html.count('class="question-row"') == 5  # rows 26-30 of the first 30


def test_list_count_is_exact_up_to_the_cap(qa, monkeypatch):
    monkeypatch.setattr(listing, "COUNT_CAP", 30)
    _questions(qa, 30)
    html = shows(qa.client("asker").get(reverse("question_search")), 200, "30 questions")
    assert "More than" not in html


def test_list_pages_keep_the_lists_order(qa):
    questions = _questions(qa, 27)  # newest first: the last made comes first
    client = qa.client("asker")
    url = reverse("question_search")
    first = shows(client.get(url), 200, "27 questions")
    titles = [question.title for question in reversed(questions)]
    positions = [first.index(title) for title in titles[:25]]
    assert positions == sorted(positions) and titles[25] not in first
    second = shows(client.get(f"{url}?page=2"), 200)
    assert second.index(titles[25]) < second.index(titles[26])
