"""The whole flow through the pages: ask → the owner unit's editors are told → official answer →
the asker is told → the asking unit accepts it."""

import pytest
from django.urls import reverse

from emulation_cluster.models import AuditEntry
from seminars.enums import NoticeKind, QuestionState
from seminars.notices.models import Notice
from seminars.qa.models import Answer, Follow, Question
from tests.pages import DENIED_EN, redirects, serves, shows, to_login
from tests.seminars.qa.conftest import MODEL_TITLE

pytestmark = pytest.mark.django_db


def _post(client, url, data, capture):
    """POST as the browser does; emails leave when the request's transaction commits."""
    with capture(execute=True):
        return client.post(url, data)


def test_a_unit_asks_the_owner_who_answers_officially_and_the_asker_accepts(
    qa, mailoutbox, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    asker, owner_editor = qa.client("asker"), qa.client("owner_editor")

    # The model's page offers to ask the owner unit.
    html = asker.get(qa.model.get_absolute_url()).content.decode()
    assert "Questions to the owner unit" in html and "Ask the owner unit" in html

    # The form: on behalf of the asker's unit, in the seminar's thread.
    ask_url = reverse("question_ask", args=[qa.model.slug])
    form_page = asker.get(ask_url + f"?hoi-nghi={qa.seminar.pk}")
    html = form_page.content.decode()
    assert "Ask Công an thành phố Hà Nội" in html and "Công an thành phố Đà Nẵng" in html
    token = form_page.context["form"].initial["token"]
    response = _post(
        asker,
        ask_url,
        {
            "asking_unit": qa.asker_unit.pk,
            "title": "Tổ chức tuần tra ban đêm theo Mệnh lệnh 01 thế nào?",
            "body": "CATP Đà Nẵng muốn biết cách **bố trí lực lượng**.",
            "seminar": qa.seminar.pk,
            "token": token,
        },
        capture,
    )
    question = Question.objects.get()
    assert response.status_code == 302 and response["Location"] == question.get_absolute_url()
    assert (question.owner_unit, question.asking_unit, question.seminar) == (
        qa.owner,
        qa.asker_unit,
        qa.seminar,
    )
    assert question.state == QuestionState.OPEN
    assert AuditEntry.objects.filter(action="create", target_id=question.pk).exists()
    assert Follow.objects.filter(user=qa.people["asker"], question=question).exists()

    # Hà Nội's editors (editor and admin) are told, by email and in the portal; nobody else.
    told = {message.to[0] for message in mailoutbox}
    assert told == {"owner_editor@police.test", "owner_admin@police.test"}
    assert "Tổ chức tuần tra ban đêm" in mailoutbox[0].subject
    assert question.get_absolute_url() in mailoutbox[0].body
    notice = Notice.objects.get(user=qa.people["owner_editor"])
    assert notice.kind == NoticeKind.QUESTION_NEW and notice.question == question
    assert "CATP Đà Nẵng" in notice.text and MODEL_TITLE in notice.text

    # The editor sees the bell with one unread notice, and the question in the unit's inbox.
    home = owner_editor.get(reverse("home")).content.decode()
    assert 'class="notice-bell"' in home and '<span class="count-badge">1' in home
    inbox = owner_editor.get(reverse("unit_inbox", args=["ha-noi"])).content.decode()
    assert "Tổ chức tuần tra ban đêm theo Mệnh lệnh 01" in inbox and "waiting for" in inbox

    # The thread shows the question, rendered Markdown, in both places.
    html = owner_editor.get(question.get_absolute_url()).content.decode()
    assert "<strong>bố trí lực lượng</strong>" in html
    assert "your answer is published as the unit's official answer" in html
    seminar_page = owner_editor.get(reverse("seminar_questions", args=[qa.seminar.pk]))
    assert "Tổ chức tuần tra ban đêm theo Mệnh lệnh 01" in seminar_page.content.decode()

    # The editor answers: the unit's official answer; the asker is told.
    mailoutbox.clear()
    page = owner_editor.get(question.get_absolute_url())
    response = _post(
        owner_editor,
        reverse("answer_create", args=[question.pk]),
        {
            "body": "Lực lượng **tuần tra** ban đêm.",
            "token": page.context["answer_form"].initial["token"],
        },
        capture,
    )
    answer = Answer.objects.get()
    assert response.status_code == 302 and response["Location"] == answer.get_absolute_url()
    assert answer.is_official and answer.official_unit == qa.owner
    question.refresh_from_db()
    assert question.state == QuestionState.ANSWERED and question.first_official_answer_at
    assert [message.to for message in mailoutbox] == [["asker@police.test"]]
    assert "Official answer" in mailoutbox[0].subject
    assert Notice.objects.get(user=qa.people["asker"]).kind == NoticeKind.ANSWER_OFFICIAL

    # The asker reads it with its badge and accepts it.
    html = asker.get(question.get_absolute_url()).content.decode()
    assert "Official answer of CATP Hà Nội" in html and "Accept: this solved our question" in html
    mailoutbox.clear()
    response = _post(asker, reverse("answer_accept", args=[answer.pk]), {}, capture)
    redirects(response, f"{question.get_absolute_url()}#tra-loi-{answer.pk}")
    question.refresh_from_db()
    assert question.state == QuestionState.ACCEPTED and question.accepted_answer == answer
    assert question.accepted_by == qa.people["asker"]
    assert [message.to for message in mailoutbox] == [["owner_editor@police.test"]]
    html = asker.get(question.get_absolute_url()).content.decode()
    assert "Accepted by CATP Đà Nẵng" in html and "Accept: this solved our question" not in html

    # The asking unit's list shows the state; Hà Nội's inbox no longer owes it.
    asked = asker.get(reverse("unit_asked", args=["da-nang"])).content.decode()
    assert "Tổ chức tuần tra ban đêm theo Mệnh lệnh 01" in asked and "Accepted" in asked
    inbox = owner_editor.get(reverse("unit_inbox", args=["ha-noi"])).content.decode()
    assert "Tổ chức tuần tra ban đêm theo Mệnh lệnh 01" not in inbox
    assert "Nothing is waiting" in inbox


def test_an_answer_from_another_unit_is_not_official_until_an_owner_editor_makes_it(
    qa, mailoutbox, django_capture_on_commit_callbacks
):
    question = qa.ask()
    other = qa.client("other_member")
    with django_capture_on_commit_callbacks(execute=True):
        other.post(reverse("answer_create", args=[question.pk]), {"body": "Kinh nghiệm của HP."})
    answer = Answer.objects.get()
    assert not answer.is_official
    question.refresh_from_db()
    assert question.state == QuestionState.OPEN  # still owed by Hà Nội
    assert Notice.objects.get(user=qa.people["asker"]).kind == NoticeKind.ANSWER_NEW
    html = qa.client("owner_editor").get(question.get_absolute_url()).content.decode()
    assert "Make it the official answer of CATP Hà Nội" in html
    assert "Make it the official" not in other.get(question.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        qa.client("owner_editor").post(reverse("answer_make_official", args=[answer.pk]))
    answer.refresh_from_db()
    question.refresh_from_db()
    assert answer.is_official and answer.made_official_by == qa.people["owner_editor"]
    assert question.state == QuestionState.ANSWERED
    kinds = list(
        Notice.objects.filter(user=qa.people["asker"]).order_by("id").values_list("kind", flat=True)
    )
    assert kinds == [NoticeKind.ANSWER_NEW, NoticeKind.ANSWER_OFFICIAL]


def test_comments_and_edits_keep_their_history(qa, django_capture_on_commit_callbacks):
    question = qa.ask()
    asker = qa.client("asker")
    with django_capture_on_commit_callbacks(execute=True):
        qa.client("owner_editor").post(
            reverse("answer_create", args=[question.pk]), {"body": "Đáp."}
        )
    answer = Answer.objects.get()
    asker.post(reverse("comment_create", args=[question.pk]), {"body": "Hỏi thêm về ca đêm."})
    asker.post(
        reverse("comment_create", args=[question.pk]), {"body": "Cảm ơn.", "answer": answer.pk}
    )
    html = asker.get(question.get_absolute_url()).content.decode()
    assert "Hỏi thêm về ca đêm." in html and "Cảm ơn." in html

    edit_url = reverse("post_edit", args=["cau-hoi", question.pk])
    shows(
        asker.get(edit_url),
        200,
        "<h1>Edit what you wrote</h1>",
        "Tổ chức tuần tra ban đêm thế nào?",
    )
    response = asker.post(edit_url, {"title": "Tuần tra ban đêm: bố trí ra sao?", "body": "Mới."})
    redirects(response, question.get_absolute_url())
    html = asker.get(question.get_absolute_url()).content.decode()
    assert "Tuần tra ban đêm: bố trí ra sao?" in html and ">edited</a>" in html
    history = asker.get(reverse("question_history", args=[question.pk])).content.decode()
    assert "Tổ chức tuần tra ban đêm thế nào?" in history  # before
    assert "Tuần tra ban đêm: bố trí ra sao?" in history  # after
    # Another person may not edit it.
    refused = qa.client("owner_editor").get(edit_url)
    shows(refused, 403, DENIED_EN, "Only the author may edit what they wrote.")


def test_attachment_is_checked_and_served_only_to_readers(qa, restricted_question):
    from django.core.files.uploadedfile import SimpleUploadedFile

    asker = qa.client("asker")
    url = reverse("question_ask", args=[qa.model.slug])
    data = {"asking_unit": qa.asker_unit.pk, "title": "Có tài liệu không?", "body": "Xem tệp."}
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = asker.post(url, {**data, "attachment": fake})
    assert response.status_code == 400 and "does not match its name" in response.content.decode()
    assert "Có tài liệu không?" in response.content.decode()  # what was typed is kept
    pdf = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4\n", content_type="application/pdf")
    asker.post(url, {**data, "attachment": pdf})
    question = Question.objects.get(title="Có tài liệu không?")
    download = reverse("question_attachment", args=[question.pk])
    serves(asker.get(download), b"%PDF-1.4\n")
    refused = qa.client("outsider").get(download)
    shows(refused, 403, DENIED_EN, "Questions and answers are for the members of the cluster.")
    to_login(qa.client("anonymous").get(download), download)
