"""The seminar's Q&A page: open questions ranked by votes then age, votes withdrawable, the
chair or an organizer marks a question answered live, and a fragment for the page's script."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from seminars.enums import NoticeKind, QuestionState
from seminars.notices.models import Notice
from seminars.qa.models import Question
from tests.pages import DENIED_EN, redirects, shows

pytestmark = pytest.mark.django_db


def _in_seminar(qa, title, minutes_ago):
    question = qa.ask(title=title, seminar=qa.seminar)
    Question.objects.filter(pk=question.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
    )
    return question


def _vote(qa, question, *roles):
    for role in roles:
        qa.client(role).post(reverse("question_vote", args=[question.pk]), {"vote": "up"})


def _order(html, titles):
    return sorted(titles, key=html.index)


def test_open_questions_rank_by_votes_then_age(qa):
    oldest = _in_seminar(qa, "Câu hỏi cũ nhất", 30)
    newer = _in_seminar(qa, "Câu hỏi mới hơn", 20)
    popular = _in_seminar(qa, "Câu hỏi được quan tâm", 10)
    _vote(qa, popular, "owner_member", "other_member")
    _vote(qa, newer, "owner_member")
    url = reverse("seminar_questions", args=[qa.seminar.pk])
    html = qa.client("owner_member").get(url).content.decode()
    assert _order(html, ["Câu hỏi cũ nhất", "Câu hỏi mới hơn", "Câu hỏi được quan tâm"]) == [
        "Câu hỏi được quan tâm",
        "Câu hỏi mới hơn",
        "Câu hỏi cũ nhất",
    ]
    # Same votes: the older first.
    _vote(qa, oldest, "other_member")
    html = qa.client("owner_member").get(url).content.decode()
    assert _order(html, ["Câu hỏi cũ nhất", "Câu hỏi mới hơn"]) == [
        "Câu hỏi cũ nhất",
        "Câu hỏi mới hơn",
    ]
    # Withdrawing a vote moves it down again; the page offers the right button to each voter.
    qa.client("other_member").post(
        reverse("question_vote", args=[popular.pk]), {"vote": "withdraw", "next": url}
    )
    popular.refresh_from_db()
    assert popular.vote_count == 1
    voter_page = qa.client("owner_member").get(url).content.decode()
    assert "Withdraw my vote" in voter_page


def test_vote_from_the_seminar_page_comes_back_to_it(qa):
    question = _in_seminar(qa, "Câu hỏi A", 5)
    url = reverse("seminar_questions", args=[qa.seminar.pk])
    response = qa.client("other_member").post(
        reverse("question_vote", args=[question.pk]), {"vote": "up", "next": url}
    )
    assert response["Location"] == url
    evil = qa.client("other_member").post(
        reverse("question_vote", args=[question.pk]),
        {"vote": "withdraw", "next": "https://evil.test/"},
    )
    assert evil["Location"] == question.get_absolute_url()


def test_answered_live_moves_down_with_the_note(qa, django_capture_on_commit_callbacks):
    first = _in_seminar(qa, "Câu hỏi một", 30)
    _in_seminar(qa, "Câu hỏi hai", 20)
    _vote(qa, first, "owner_member", "other_member")
    url = reverse("seminar_questions", args=[qa.seminar.pk])
    organizer = qa.client("organizer")
    assert "Mark as answered live" in organizer.get(url).content.decode()
    assert "Mark as answered live" not in qa.client("owner_member").get(url).content.decode()

    live_url = reverse("question_answered_live", args=[first.pk])
    response = organizer.post(live_url, {"note": "", "next": url})
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = organizer.post(
            live_url, {"note": "CATP Hà Nội trả lời tại hội trường.", "next": url}
        )
    assert response["Location"] == url
    first.refresh_from_db()
    assert first.state == QuestionState.ANSWERED and first.answered_live_by
    assert Notice.objects.filter(user=qa.people["asker"], kind=NoticeKind.ANSWERED_LIVE).exists()
    html = qa.client("owner_member").get(url).content.decode()
    assert _order(html, ["Câu hỏi một", "Câu hỏi hai"]) == ["Câu hỏi hai", "Câu hỏi một"]
    assert "CATP Hà Nội trả lời tại hội trường." in html
    # A member may not; nor twice.
    shows(
        qa.client("owner_member").post(live_url, {"note": "x"}),
        403,
        DENIED_EN,
        "Only the seminar&#x27;s chair or its organizers mark a question as answered live.",
    )
    shows(
        organizer.post(live_url, {"note": "lần hai"}),
        400,
        "This question is already marked as answered live.",
        "lần hai",  # what was typed is kept
    )


def test_the_chair_account_may_mark_answered_live(qa):
    qa.seminar.chair_user = qa.people["other_member"]
    qa.seminar.save(update_fields=["chair_user"])
    question = _in_seminar(qa, "Câu hỏi cho chủ trì", 5)
    response = qa.client("other_member").post(
        reverse("question_answered_live", args=[question.pk]), {"note": "Đã trả lời."}
    )
    redirects(response, question.get_absolute_url())
    question.refresh_from_db()
    assert question.is_answered_live


def test_fragment_is_the_list_alone_and_the_page_loads_the_script(qa):
    _in_seminar(qa, "Câu hỏi trong danh sách", 5)
    client = qa.client("owner_member")
    page = client.get(reverse("seminar_questions", args=[qa.seminar.pk])).content.decode()
    assert "js/qa.js" in page and 'data-refresh-url="/hoi-dap/hoi-nghi/' in page
    fragment = client.get(reverse("seminar_questions_fragment", args=[qa.seminar.pk]))
    html = fragment.content.decode()
    assert "Câu hỏi trong danh sách" in html and "<html" not in html
    assert "no-cache" in fragment["Cache-Control"] or "max-age=0" in fragment["Cache-Control"]


def test_question_shows_in_the_model_page_and_the_seminar_page(qa):
    _in_seminar(qa, "Câu hỏi ở hai nơi", 5)
    client = qa.client("other_member")
    assert "Câu hỏi ở hai nơi" in client.get(qa.model.get_absolute_url()).content.decode()
    seminar_page = reverse("seminar_questions", args=[qa.seminar.pk])
    assert "Câu hỏi ở hai nơi" in client.get(seminar_page).content.decode()
    detail = client.get(qa.seminar.get_absolute_url()).content.decode()
    assert seminar_page in detail
