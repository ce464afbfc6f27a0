"""Every Q&A URL for every role: the status, and that forbidden writes change nothing.

Roles (tests/seminars/qa/conftest.py): the visitor; a signed-in person of no unit; a member and an
editor of the asking unit (CATP Đà Nẵng); a member, an editor and the admin of the owner unit
(CATP Hà Nội, also the seminar's host); a member of CATP Hải Phòng; a cluster administrator.
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from seminars.qa import services as qa_services
from seminars.qa.models import Answer, Comment, Question, QuestionAttachment, Vote
from tests.factories import DraftSeminarFactory
from tests.seminars.qa.conftest import QA_ROLES

pytestmark = pytest.mark.django_db

#           anonymous outsider asker asker_ed owner_mem owner_ed owner_adm other cluster_adm
SIGNED_IN = (302, 200, 200, 200, 200, 200, 200, 200, 200)
MEMBERS = (302, 403, 200, 200, 200, 200, 200, 200, 200)
POST_ONLY = (302,) + (405,) * 8
RESTRICTED = (302, 403, 404, 404, 200, 200, 200, 404, 200)
MISSING = (302, 403) + (404,) * 7
ASK = (302, 403, 200, 200, 403, 403, 403, 200, 403)
ASK_RESTRICTED = (302, 403, 404, 404, 403, 403, 403, 404, 403)
MODERATE = (302, 403, 403, 403, 403, 403, 200, 403, 200)
EDIT_OWN = (302, 403, 200, 403, 403, 403, 403, 403, 403)
DRAFT_SEMINAR = (302, 403, 404, 404, 404, 404, 200, 404, 200)
MODERATE_RESTRICTED = (302, 403, 404, 404, 403, 403, 200, 404, 200)
# The authors of the answer (CATP Hải Phòng's member) and of the comment (Hà Nội's member).
OTHER_MEMBER_ONLY = (302, 403, 403, 403, 403, 403, 403, 200, 403)
OWNER_MEMBER_ONLY = (302, 403, 403, 403, 200, 403, 403, 403, 403)


@pytest.fixture
def things(qa, restricted_question):
    question = qa.ask(seminar=qa.seminar)
    attached = QuestionAttachment(
        question=question,
        title="ke-hoach.pdf",
        original_name="ke-hoach.pdf",
        kind="document",
        content_type="application/pdf",
        size=9,
    )
    attached.file.save("ke-hoach.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    answer, _new = qa_services.answer_create(
        question=question, author=qa.people["other_member"], body="Đáp."
    )
    comment, _new = qa_services.comment_create(
        question=question, author=qa.people["owner_member"], body="Bình luận."
    )
    return {
        "question": question,
        "answer": answer,
        "comment": comment,
        "secret": restricted_question,
        "draft": DraftSeminarFactory(host_unit=qa.owner),
    }


def export(unit_slug, fmt):
    return reverse("unit_questions_export", args=[unit_slug, fmt])


def matrix(qa, t):
    q, s, a, c = t["question"].pk, t["secret"].pk, t["answer"].pk, t["comment"].pk
    model, restricted, sem = qa.model.slug, qa.restricted.slug, qa.seminar.pk
    return [
        ("question_search", reverse("question_search"), MEMBERS),
        ("notification_preferences", reverse("notification_preferences"), SIGNED_IN),
        ("question_ask", reverse("question_ask", args=[model]), ASK),
        ("question_ask", reverse("question_ask", args=[restricted]), ASK_RESTRICTED),
        ("question_ask", reverse("question_ask", args=["khong-co"]), MISSING),
        ("model_questions", reverse("model_questions", args=[model]), MEMBERS),
        ("model_questions", reverse("model_questions", args=[restricted]), RESTRICTED),
        ("model_follow", reverse("model_follow", args=[model]), POST_ONLY),
        ("unit_inbox", reverse("unit_inbox", args=["ha-noi"]), MEMBERS),
        ("unit_inbox", reverse("unit_inbox", args=["khong-co"]), MISSING),
        ("unit_asked", reverse("unit_asked", args=["da-nang"]), MEMBERS),
        ("unit_questions_export", export("ha-noi", "xlsx"), MEMBERS),
        ("unit_questions_export", export("da-nang", "csv"), MEMBERS),
        ("unit_questions_export", export("khong-co", "csv"), MISSING),
        ("unit_questions_export", export("ha-noi", "pdf"), (302,) + (404,) * 8),
        ("unit_follow", reverse("unit_follow", args=["ha-noi"]), POST_ONLY),
        ("topic_follow", reverse("topic_follow"), POST_ONLY),
        ("seminar_questions", reverse("seminar_questions", args=[sem]), MEMBERS),
        ("seminar_questions", reverse("seminar_questions", args=[t["draft"].pk]), DRAFT_SEMINAR),
        ("seminar_questions_fragment", reverse("seminar_questions_fragment", args=[sem]), MEMBERS),
        ("question_detail", reverse("question_detail", args=[q]), MEMBERS),
        ("question_detail", reverse("question_detail", args=[s]), RESTRICTED),
        ("question_detail", reverse("question_detail", args=[987654]), MISSING),
        ("question_history", reverse("question_history", args=[q]), MEMBERS),
        ("question_history", reverse("question_history", args=[s]), RESTRICTED),
        ("question_attachment", reverse("question_attachment", args=[q]), MEMBERS),
        ("question_answered_live", reverse("question_answered_live", args=[q]), MODERATE),
        ("question_merge", reverse("question_merge", args=[q]), MODERATE),
        ("question_merge", reverse("question_merge", args=[s]), MODERATE_RESTRICTED),
        ("post_edit", reverse("post_edit", args=["cau-hoi", q]), EDIT_OWN),
        ("post_edit", reverse("post_edit", args=["tra-loi", a]), OTHER_MEMBER_ONLY),
        ("post_edit", reverse("post_edit", args=["binh-luan", c]), OWNER_MEMBER_ONLY),
        ("post_edit", reverse("post_edit", args=["khac", q]), (302,) + (404,) * 8),
        ("post_hide", reverse("post_hide", args=["tra-loi", a]), MODERATE),
        ("post_hide", reverse("post_hide", args=["binh-luan", c]), MODERATE),
        ("post_hide", reverse("post_hide", args=["cau-hoi", s]), MODERATE_RESTRICTED),
        ("answer_create", reverse("answer_create", args=[q]), POST_ONLY),
        ("comment_create", reverse("comment_create", args=[q]), POST_ONLY),
        ("question_vote", reverse("question_vote", args=[q]), POST_ONLY),
        ("question_follow", reverse("question_follow", args=[q]), POST_ONLY),
        ("question_lock", reverse("question_lock", args=[q]), POST_ONLY),
        ("answer_accept", reverse("answer_accept", args=[a]), POST_ONLY),
        ("answer_make_official", reverse("answer_make_official", args=[a]), POST_ONLY),
    ]  # fmt: skip


def test_matrix_covers_every_qa_url(qa, things, url_names):
    assert url_names("qa") - {name for name, _url, _expected in matrix(qa, things)} == set()
    assert len(url_names("qa")) >= 24


@pytest.mark.parametrize("role", QA_ROLES)
def test_every_qa_url_answers_each_role_with_the_right_status(qa, things, role):
    client = qa.client(role)
    index = QA_ROLES.index(role)
    wrong = []
    for name, url, expected in matrix(qa, things):
        status = client.get(url).status_code
        if status != expected[index]:
            wrong.append((name, url, status, expected[index]))
    assert wrong == []


def _snapshot():
    return (
        list(Question.objects.order_by("pk").values()),
        list(Answer.objects.order_by("pk").values()),
        list(Comment.objects.order_by("pk").values()),
        list(Vote.objects.order_by("pk").values()),
    )


@pytest.mark.parametrize(
    "role,name,key,data",
    [
        ("owner_editor", "answer_accept", "answer", {}),
        ("other_member", "answer_accept", "answer", {}),
        ("asker", "answer_make_official", "answer", {}),
        ("owner_editor", "question_lock", "question", {}),
        ("asker", "question_merge", "question", {"into": 1}),
        ("owner_member", "question_answered_live", "question", {"note": "Chen ngang"}),
        ("other_member", "answer_create", "secret", {"body": "Đoán mò"}),
        ("asker", "question_vote", "secret", {"vote": "up"}),
        ("asker", "comment_create", "secret", {"body": "Đoán mò"}),
        ("outsider", "answer_create", "question", {"body": "Người ngoài"}),
        ("outsider", "question_vote", "question", {"vote": "up"}),
    ],
)
def test_forbidden_writes_change_nothing(qa, things, role, name, key, data):
    before = _snapshot()
    response = qa.client(role).post(reverse(name, args=[things[key].pk]), data)
    assert response.status_code in (403, 404)
    assert _snapshot() == before


@pytest.mark.parametrize(
    "role,kind,key,data",
    [
        ("owner_editor", "tra-loi", "answer", {"body": "Sửa hộ"}),
        ("other_member", "cau-hoi", "question", {"title": "Sửa hộ", "body": "Sửa hộ"}),
        ("asker", "post_hide", "answer", {"reason": "Không thích"}),
        ("owner_editor", "post_hide", "comment", {"reason": "Không thích"}),
    ],
)
def test_forbidden_edits_and_hides_change_nothing(qa, things, role, kind, key, data):
    before = _snapshot()
    if kind == "post_hide":
        post = things[key]
        url = reverse("post_hide", args=[post.url_kind, post.pk])
    else:
        url = reverse("post_edit", args=[kind, things[key].pk])
    assert qa.client(role).post(url, data).status_code == 403
    assert _snapshot() == before
