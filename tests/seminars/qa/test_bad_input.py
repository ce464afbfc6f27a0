"""Bad input is refused or neutralised with a clear message, and nothing typed is lost."""

import pytest
from django.urls import reverse

from seminars.enums import QuestionState
from seminars.qa import moderation
from seminars.qa import services as qa_services
from seminars.qa.models import Answer, Question, Vote

pytestmark = pytest.mark.django_db


def _ask_data(qa, **overrides):
    data = {
        "asking_unit": qa.asker_unit.pk,
        "title": "Bố trí lực lượng thế nào?",
        "body": "CATP Đà Nẵng muốn biết.",
        "token": "mot-lan-duy-nhat",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("title", "   ", "This field is required."),
        ("body", "", "This field is required."),
        ("title", "x" * 201, "at most 200 characters"),
        ("body", "x" * 10001, "at most 10000 characters"),
    ],
)
def test_empty_or_oversize_question_is_refused_and_the_text_kept(qa, field, value, message):
    data = _ask_data(qa, **{field: value})
    response = qa.client("asker").post(reverse("question_ask", args=[qa.model.slug]), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html and "Please correct the fields marked below." in html
    kept = "body" if field == "title" else "title"
    assert data[kept] in html
    assert not Question.objects.exists()


def test_double_submission_creates_one_question(qa):
    client = qa.client("asker")
    url = reverse("question_ask", args=[qa.model.slug])
    first = client.post(url, _ask_data(qa))
    second = client.post(url, _ask_data(qa))
    question = Question.objects.get()
    assert first["Location"] == second["Location"] == question.get_absolute_url()
    assert "already sent" in client.get(second["Location"]).content.decode()
    # Another rendering of the form (another token) is another question.
    client.post(url, _ask_data(qa, token="lan-khac"))
    assert Question.objects.count() == 2


def test_double_submission_of_an_answer_creates_one(qa):
    question = qa.ask()
    client = qa.client("owner_editor")
    url = reverse("answer_create", args=[question.pk])
    for _ in range(2):
        client.post(url, {"body": "Trả lời.", "token": "tra-loi-1"})
    assert Answer.objects.count() == 1


def test_the_owner_unit_cannot_ask_itself(qa):
    client = qa.client("owner_editor")
    response = client.get(reverse("question_ask", args=[qa.model.slug]))
    assert response.status_code == 403
    assert "Your unit owns this model" in response.content.decode()
    response = qa.client("asker").post(
        reverse("question_ask", args=[qa.model.slug]), _ask_data(qa, asking_unit=qa.owner.pk)
    )
    assert response.status_code == 400 and not Question.objects.exists()
    html = response.content.decode()
    assert "Select a valid choice. That choice is not one of the available choices." in html
    assert "Bố trí lực lượng thế nào?" in html  # what was typed is kept


def test_voting_twice_counts_one_vote_and_says_so(qa):
    question = qa.ask()
    client = qa.client("owner_member")
    url = reverse("question_vote", args=[question.pk])
    client.post(url, {"vote": "up"})
    response = client.post(url, {"vote": "up"}, follow=True)
    assert "You have already voted for this question." in response.content.decode()
    question.refresh_from_db()
    assert question.vote_count == 1 == Vote.objects.count()
    client.post(url, {"vote": "withdraw"})
    response = client.post(url, {"vote": "withdraw"}, follow=True)
    assert "You have not voted for this question." in response.content.decode()
    question.refresh_from_db()
    assert question.vote_count == 0 == Vote.objects.count()


def test_voting_on_a_closed_question_is_refused(qa):
    question = qa.ask()
    moderation.question_lock(question=question, moderator=qa.people["owner_admin"])
    response = qa.client("owner_member").post(
        reverse("question_vote", args=[question.pk]), {"vote": "up"}, follow=True
    )
    assert "closed by a moderator" in response.content.decode()
    assert not Vote.objects.exists()


def test_accepting_as_someone_not_of_the_asking_unit_is_forbidden(qa):
    question = qa.ask()
    answer, _new = qa_services.answer_create(
        question=question, author=qa.people["owner_editor"], body="Đáp."
    )
    for role in ("owner_editor", "other_member", "owner_admin"):
        response = qa.client(role).post(reverse("answer_accept", args=[answer.pk]))
        assert response.status_code == 403
        assert "Only the asker or the editors of Công an thành phố Đà Nẵng" in (
            response.content.decode()
        )
    question.refresh_from_db()
    assert question.accepted_answer is None and question.state == QuestionState.ANSWERED
    # The asking unit's editor (not the asker) may.
    qa.client("asker_editor").post(reverse("answer_accept", args=[answer.pk]))
    question.refresh_from_db()
    assert question.accepted_answer == answer


def test_answering_a_locked_thread_is_refused_and_the_answer_kept(qa):
    question = qa.ask()
    moderation.question_lock(question=question, moderator=qa.people["cluster_admin"])
    response = qa.client("owner_editor").post(
        reverse("answer_create", args=[question.pk]), {"body": "Câu trả lời dài đã gõ."}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "closed by a moderator" in html and "Câu trả lời dài đã gõ." in html
    assert not Answer.objects.exists()


def test_oversize_answer_and_comment_are_refused_with_the_text_kept(qa):
    question = qa.ask()
    client = qa.client("owner_member")
    response = client.post(reverse("answer_create", args=[question.pk]), {"body": "y" * 10001})
    assert response.status_code == 400 and "at most 10000 characters" in response.content.decode()
    response = client.post(
        reverse("comment_create", args=[question.pk]), {"body": "Bình luận " + "z" * 2000}
    )
    html = response.content.decode()
    assert response.status_code == 400 and "at most 2000 characters" in html
    assert "Bình luận zzz" in html
    assert not question.answers.exists() and not question.comments.exists()


def test_html_and_script_in_bodies_are_neutralised(qa):
    question = qa.ask(
        title="<script>alert('tieu-de')</script>",
        body='<script>alert("x")</script><img src=x onerror=alert(1)> [link](javascript:alert(2))',
    )
    qa_services.answer_create(
        question=question,
        author=qa.people["other_member"],
        body="<iframe src='https://evil.test'></iframe>**đậm**",
    )
    html = qa.client("owner_member").get(question.get_absolute_url()).content.decode()
    # Raw HTML is shown as text, never as tags; unsafe links are not links.
    assert "<script>alert" not in html and "<img src=x" not in html and "<iframe" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert 'href="javascript:' not in html
    assert "&lt;script&gt;alert(&#x27;tieu-de&#x27;)" in html  # the title, escaped
    assert "<strong>đậm</strong>" in html
