"""A long thread: its answers 50 a page (the accepted and official ones first), their HTML
rendered once when saved, one comment form object per page, and links that find their page."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from seminars.qa import moderation
from seminars.qa import services as qa_services
from seminars.qa.models import Answer, Comment
from seminars.qa.views.threads import ANSWERS_PER_PAGE
from tests.factories import AnswerFactory
from tests.pages import shows

pytestmark = pytest.mark.django_db


def _long_thread(qa, extra=3):
    """A question with ANSWERS_PER_PAGE + ``extra`` answers, "Trả lời số N" in time order."""
    question = qa.ask()
    answers = [
        AnswerFactory(question=question, author=qa.people["other_member"], body=f"Trả lời số {n}")
        for n in range(ANSWERS_PER_PAGE + extra)
    ]
    return question, answers


def test_post_html_is_stored_at_save_and_sanitised(qa):
    question = qa.ask(body="**Đậm** và <script>alert(1)</script> [x](javascript:alert(1))")
    assert "<strong>Đậm</strong>" in question.body_html
    assert "<script" not in question.body_html and "href" not in question.body_html
    answer, _created = qa_services.answer_create(
        question=question, author=qa.people["other_member"], body="*Nghiêng*"
    )
    assert answer.body_html == "<p><em>Nghiêng</em></p>\n"
    moderation.post_edit(
        post=answer, question=question, editor=qa.people["other_member"], body="**Sửa**"
    )
    answer.refresh_from_db()
    assert answer.body_html == "<p><strong>Sửa</strong></p>\n"


def test_thread_renders_posts_written_without_stored_html(qa):
    question = qa.ask()
    answer = AnswerFactory(question=question, body="**Viết hàng loạt**")
    Answer.objects.filter(pk=answer.pk).update(body_html="")  # as a bulk COPY leaves it
    shows(
        qa.client("asker").get(question.get_absolute_url()),
        200,
        "<strong>Viết hàng loạt</strong>",
    )


def test_render_post_bodies_fills_the_empty_ones(qa):
    question = qa.ask()
    answer = AnswerFactory(question=question, body="**Đậm**")
    Answer.objects.filter(pk=answer.pk).update(body_html="")
    call_command("render_post_bodies", batch=1, stdout=io.StringIO())
    answer.refresh_from_db()
    assert answer.body_html == "<p><strong>Đậm</strong></p>\n"


def test_thread_shows_its_answers_a_page_at_a_time(qa):
    question, answers = _long_thread(qa)
    client = qa.client("asker")
    html = shows(client.get(question.get_absolute_url()), 200, f"{len(answers)} answers")
    assert "Trả lời số 0<" in html and f"Trả lời số {ANSWERS_PER_PAGE - 1}<" in html
    assert f"Trả lời số {ANSWERS_PER_PAGE}<" not in html
    assert 'rel="next"' in html
    html = shows(client.get(question.get_absolute_url() + "?page=2"), 200, "Page 2 of 2")
    assert f"Trả lời số {ANSWERS_PER_PAGE}<" in html and "Trả lời số 0<" not in html


def test_thread_puts_the_accepted_and_official_answers_on_the_first_page(qa):
    question, answers = _long_thread(qa)
    last = answers[-1]
    qa_services.answer_accept(answer=last, actor=qa.people["asker"])
    html = shows(qa.client("asker").get(question.get_absolute_url()), 200)
    assert html.index(f"Trả lời số {len(answers) - 1}<") < html.index("Trả lời số 0<")


def test_thread_link_to_an_answer_or_comment_opens_its_page(qa):
    question, answers = _long_thread(qa)
    late = answers[-1]
    comment, _created = qa_services.comment_create(
        question=question, answer=late, author=qa.people["asker"], body="Bình luận muộn."
    )
    client = qa.client("asker")
    url = question.get_absolute_url()
    shows(client.get(f"{url}?tra-loi={late.pk}"), 200, "Page 2 of 2", f'id="tra-loi-{late.pk}"')
    shows(client.get(f"{url}?binh-luan={comment.pk}"), 200, "Page 2 of 2", "Bình luận muộn.")
    # garbage, or an answer of another thread: the first page
    for wanted in ("tra-loi=abc", "tra-loi=999999", "binh-luan=x", "page=0", "page=99"):
        shows(client.get(f"{url}?{wanted}"), 200, f"{len(answers)} answers")


def test_comment_on_an_answer_through_its_light_form(qa):
    question, answers = _long_thread(qa, extra=0)
    client = qa.client("asker")
    html = shows(client.get(question.get_absolute_url()), 200)
    target = answers[7]
    marker = 'name="token" value="'
    start = html.index(marker, html.index(f'id="tra-loi-{target.pk}"')) + len(marker)
    token = html[start : html.index('"', start)]
    assert token.endswith(f"-{target.pk}")
    data = {"body": "Xin hỏi thêm.", "answer": str(target.pk), "token": token}
    for _ in range(2):  # sent twice: one comment
        response = client.post(reverse("comment_create", args=[question.pk]), data)
        assert response.status_code == 302
    assert list(Comment.objects.filter(answer=target).values_list("body", flat=True)) == [
        "Xin hỏi thêm."
    ]


def test_refused_comment_on_a_later_answer_comes_back_on_its_page(qa):
    question, answers = _long_thread(qa)
    late = answers[-1]
    data = {"body": "", "answer": str(late.pk), "token": "t-late"}
    response = qa.client("asker").post(reverse("comment_create", args=[question.pk]), data)
    html = shows(response, 400, "Page 2 of 2", f'id="tra-loi-{late.pk}"')
    assert f'id="id_comment_{late.pk}_body"' in html
    assert "Your comment is not published" in html
