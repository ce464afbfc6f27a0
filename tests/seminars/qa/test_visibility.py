"""A question on a restricted model is seen only by those who may see the model: in every list,
search, inbox, count, seminar page and notice. Questions are the members' side of the portal."""

import pytest
from django.urls import reverse

from emulation_cluster.enums import Visibility
from seminars.enums import NoticeKind
from seminars.notices.models import Notice
from seminars.qa import services as qa_services
from tests.pages import DENIED_EN, NOT_FOUND_EN, shows, to_login
from tests.seminars.qa.conftest import RESTRICTED_TITLE

pytestmark = pytest.mark.django_db
SECRET = "Câu hỏi kín về Quyết Thắng"
HIDDEN_PAGES = ("question_detail", "question_history", "question_attachment")


@pytest.fixture
def secret(qa, restricted_question):
    restricted_question.seminar = qa.seminar
    restricted_question.save(update_fields=["seminar"])
    return restricted_question


def _pages(qa, question):
    return {
        "search": reverse("question_search"),
        "search_words": reverse("question_search") + "?q=quyet+thang",
        "inbox": reverse("unit_inbox", args=["ha-noi"]),
        "seminar": reverse("seminar_questions", args=[qa.seminar.pk]),
        "fragment": reverse("seminar_questions_fragment", args=[qa.seminar.pk]),
        "unit_page": qa.owner.get_absolute_url(),
        "notices": reverse("notice_list"),
        "preferences": reverse("notification_preferences"),
    }


@pytest.mark.parametrize("role", ["asker", "other_member", "head_admin"])
def test_restricted_question_never_shows_to_those_who_may_not_see_the_model(qa, secret, role):
    client = qa.client(role)
    for name, url in _pages(qa, secret).items():
        html = client.get(url).content.decode()
        assert SECRET not in html and RESTRICTED_TITLE not in html, name
    refusals = [client.get(reverse(name, args=[secret.pk])) for name in HIDDEN_PAGES]
    refusals.append(client.post(reverse("question_vote", args=[secret.pk])))
    refusals.append(client.get(reverse("model_questions", args=[qa.restricted.slug])))
    for response in refusals:
        html = shows(response, 404, NOT_FOUND_EN)
        assert SECRET not in html and RESTRICTED_TITLE not in html
    # The unit's figures count only what the reader may see.
    html = client.get(qa.owner.get_absolute_url()).content.decode()
    assert "<dt>Open questions</dt><dd><strong>0</strong>" in html


@pytest.mark.parametrize("role", ["owner_member", "owner_editor", "cluster_admin"])
def test_those_who_may_see_the_model_see_its_questions(qa, secret, role):
    client = qa.client(role)
    pages = _pages(qa, secret)
    for name in ("search", "search_words", "inbox", "seminar"):
        assert SECRET in client.get(pages[name]).content.decode(), name
    shows(client.get(secret.get_absolute_url()), 200, f"<h1>{SECRET}</h1>")


def test_followers_who_may_not_see_the_model_are_not_told(qa, restricted_question):
    qa_services.follow_set(user=qa.people["other_member"], unit=qa.owner, follow=True)
    qa_services.follow_set(user=qa.people["owner_member"], unit=qa.owner, follow=True)
    qa_services.answer_create(
        question=restricted_question, author=qa.people["owner_editor"], body="Đáp kín."
    )
    assert not Notice.objects.filter(user=qa.people["other_member"]).exists()
    assert Notice.objects.filter(user=qa.people["owner_member"]).exists()


def test_notices_disappear_when_the_model_becomes_restricted(qa):
    question = qa.ask(title="Câu hỏi trước khi hạn chế")
    other = qa.people["other_member"]
    qa_services.follow_set(user=other, question=question, follow=True)
    qa_services.answer_create(question=question, author=qa.people["owner_editor"], body="Đáp.")
    assert Notice.objects.filter(user=other, kind=NoticeKind.FOLLOWED).exists()
    client = qa.client("other_member")
    assert "Câu hỏi trước khi hạn chế" in client.get(reverse("notice_list")).content.decode()
    qa.model.visibility = Visibility.RESTRICTED
    qa.model.save(update_fields=["visibility"])
    for url in (reverse("notice_list"), reverse("question_search"), reverse("home")):
        assert "Câu hỏi trước khi hạn chế" not in client.get(url).content.decode(), url
    html = shows(client.get(question.get_absolute_url()), 404, NOT_FOUND_EN)
    assert "Câu hỏi trước khi hạn chế" not in html


def test_visitors_and_people_of_no_unit_see_no_question(qa):
    question = qa.ask(title="Câu hỏi của thành viên")
    anonymous, outsider = qa.client("anonymous"), qa.client("outsider")
    to_login(anonymous.get(question.get_absolute_url()), question.get_absolute_url())
    html = shows(
        outsider.get(question.get_absolute_url()),
        403,
        DENIED_EN,
        "Questions and answers are for the members of the cluster.",
    )
    assert "Câu hỏi của thành viên" not in html
    # The model is readable by every signed-in member; its page shows no question to others.
    qa.model.visibility = Visibility.PUBLIC
    qa.model.save(update_fields=["visibility"])
    for client in (anonymous, outsider):
        html = client.get(qa.model.get_absolute_url()).content.decode()
        assert "Câu hỏi của thành viên" not in html
    assert "after logging in" in anonymous.get(qa.model.get_absolute_url()).content.decode()
