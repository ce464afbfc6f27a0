"""Moderation by a cluster admin or the owner unit's admin: hide with a reason (audit log), lock,
merge a duplicate. Others may not."""

import pytest
from django.urls import reverse

from emulation_cluster.models import AuditEntry
from seminars.enums import NoticeKind, QuestionState
from seminars.notices.models import Notice
from seminars.qa import moderation
from seminars.qa import services as qa_services
from seminars.qa.models import Answer, Follow, Question, Vote
from tests.pages import DENIED_EN, redirects, shows

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(qa):
    question = qa.ask(title="Câu hỏi cần kiểm duyệt")
    answer, _new = qa_services.answer_create(
        question=question, author=qa.people["other_member"], body="Lời lẽ không phù hợp."
    )
    return question, answer


@pytest.mark.parametrize("role", ["owner_admin", "cluster_admin"])
def test_moderator_hides_a_post_with_a_reason_kept_in_the_audit_log(
    qa, thread, role, django_capture_on_commit_callbacks
):
    question, answer = thread
    client = qa.client(role)
    url = reverse("post_hide", args=["tra-loi", answer.pk])
    shows(client.get(url), 200, "<h1>Hide a post</h1>", "Lời lẽ không phù hợp.")
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400 and "Give the reason for hiding" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Ngôn từ thiếu chuẩn mực."})
    redirects(response, f"{question.get_absolute_url()}#tra-loi-{answer.pk}")
    answer.refresh_from_db()
    assert answer.is_hidden and answer.hidden_by == qa.people[role]
    entry = AuditEntry.objects.get(action="hide")
    assert entry.note == "Ngôn từ thiếu chuẩn mực." and entry.actor == qa.people[role]
    notice = Notice.objects.get(user=qa.people["other_member"], kind=NoticeKind.MODERATION)
    assert "Ngôn từ thiếu chuẩn mực." in notice.text

    reader = qa.client("asker").get(question.get_absolute_url()).content.decode()
    assert "Hidden by a moderator: Ngôn từ thiếu chuẩn mực." in reader
    assert "Lời lẽ không phù hợp." not in reader
    history = qa.client("asker").get(reverse("question_history", args=[question.pk]))
    assert "Lời lẽ không phù hợp." not in history.content.decode()
    moderator_view = client.get(question.get_absolute_url()).content.decode()
    assert "Lời lẽ không phù hợp." in moderator_view  # moderators can still read it

    # Shown again.
    client.post(url, {"reason": ""})
    answer.refresh_from_db()
    assert not answer.is_hidden


@pytest.mark.parametrize("role", ["owner_editor", "owner_member", "asker", "other_member"])
def test_others_may_not_moderate(qa, thread, role):
    question, answer = thread
    client = qa.client(role)
    hide = client.post(reverse("post_hide", args=["tra-loi", answer.pk]), {"reason": "x"})
    shows(
        hide,
        403,
        DENIED_EN,
        "Only the administrators of Công an thành phố Hà Nội and of the cluster moderate this"
        " thread.",
    )
    lock = client.post(reverse("question_lock", args=[question.pk]))
    shows(
        lock,
        403,
        DENIED_EN,
        "Only the administrators of the owner unit and of the cluster lock a thread.",
    )
    merge = client.get(reverse("question_merge", args=[question.pk]))
    shows(
        merge,
        403,
        DENIED_EN,
        "Only the administrators of the owner unit and of the cluster merge questions.",
    )
    answer.refresh_from_db()
    question.refresh_from_db()
    assert not answer.is_hidden and not question.is_locked


def test_lock_closes_the_thread_and_unlock_reopens_it(qa, thread):
    question, _answer = thread
    admin = qa.client("owner_admin")
    admin.post(reverse("question_lock", args=[question.pk]), {"reason": "Đã đủ thông tin."})
    question.refresh_from_db()
    assert question.is_locked and question.state == QuestionState.CLOSED
    html = qa.client("asker").get(question.get_absolute_url()).content.decode()
    assert "Locked by a moderator" in html and "This thread takes no more answers." in html
    assert "Vote for it" not in html
    response = qa.client("asker").post(
        reverse("comment_create", args=[question.pk]), {"body": "Còn câu hỏi nữa."}
    )
    assert response.status_code == 400 and "Còn câu hỏi nữa." in response.content.decode()
    admin.post(reverse("question_lock", args=[question.pk]), {"lock": "0"})
    question.refresh_from_db()
    assert not question.is_locked and question.state == QuestionState.OPEN


def test_merge_moves_votes_and_followers_and_closes_the_duplicate(qa, thread):
    original, _answer = thread
    duplicate = qa.ask(role="asker_editor", title="Câu hỏi trùng lặp")
    for role in ("owner_member", "other_member"):
        qa_services.vote_cast(question=duplicate, voter=qa.people[role])
    qa_services.vote_cast(question=original, voter=qa.people["owner_member"])
    admin = qa.client("cluster_admin")
    url = reverse("question_merge", args=[duplicate.pk])
    assert "Câu hỏi cần kiểm duyệt" in admin.get(url).content.decode()
    response = admin.post(url, {"into": original.pk})
    assert response["Location"] == original.get_absolute_url()
    duplicate.refresh_from_db()
    original.refresh_from_db()
    assert duplicate.merged_into == original and duplicate.state == QuestionState.CLOSED
    assert original.vote_count == 2 == Vote.objects.filter(question=original).count()
    assert Follow.objects.filter(user=qa.people["asker_editor"], question=original).exists()
    html = qa.client("asker").get(duplicate.get_absolute_url()).content.decode()
    assert "Merged as a duplicate into" in html and original.get_absolute_url() in html
    assert (
        "Câu hỏi trùng lặp" in qa.client("asker").get(original.get_absolute_url()).content.decode()
    )
    # Answering the merged one is refused with a pointer to the kept one.
    response = qa.client("owner_editor").post(
        reverse("answer_create", args=[duplicate.pk]), {"body": "Đáp."}
    )
    assert response.status_code == 400 and "merged into" in response.content.decode()
    assert not Answer.objects.filter(question=duplicate).exists()


def test_merge_refuses_a_question_about_another_model(qa, thread):
    original, _answer = thread
    from tests.factories import ExemplaryModelFactory

    other_model = ExemplaryModelFactory(owner_unit=qa.owner, title="Mô hình khác")
    other = qa.ask(exemplary_model=other_model, title="Câu hỏi về mô hình khác")
    with pytest.raises(Exception, match="same model"):
        moderation.question_merge(
            duplicate=other, into=original, moderator=qa.people["cluster_admin"]
        )
    assert Question.objects.get(pk=other.pk).merged_into is None
