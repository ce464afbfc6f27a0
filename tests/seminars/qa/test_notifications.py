"""Notices in the portal (bell, list, mark read), emails per kind on or off, and follows."""

import pytest
from django.urls import reverse

from seminars.enums import EMAIL_CHOICE_KINDS, NoticeKind
from seminars.notices.models import Notice, NotificationPreference
from seminars.qa import services as qa_services
from seminars.qa.models import Follow
from tests.pages import redirects

pytestmark = pytest.mark.django_db


def _asked(qa, capture, **values):
    with capture(execute=True):
        return qa.ask(**values)


def test_bell_counts_unread_notices_and_the_list_marks_them_read(
    qa, django_capture_on_commit_callbacks
):
    _asked(qa, django_capture_on_commit_callbacks, title="Câu hỏi A")
    _asked(qa, django_capture_on_commit_callbacks, title="Câu hỏi B")
    client = qa.client("owner_editor")
    home = client.get(reverse("home")).content.decode()
    assert '<span class="count-badge">2<span class="visually-hidden"> unread</span>' in home
    assert reverse("notice_list") in home
    page = client.get(reverse("notice_list")).content.decode()
    assert "Câu hỏi A" in page and "Câu hỏi B" in page
    assert reverse("notification_preferences") in page
    client.post(reverse("notice_mark_read"))
    home = client.get(reverse("home")).content.decode()
    assert "count-badge" not in home
    # Visitors have no bell.
    from django.test import Client

    assert "notice-bell" not in Client().get(reverse("home")).content.decode()


def test_preferences_turn_emails_off_per_kind(qa, mailoutbox, django_capture_on_commit_callbacks):
    client = qa.client("owner_editor")
    page = client.get(reverse("notification_preferences"))
    html = page.content.decode()
    assert "A question addressed to my unit" in html and "checked" in html
    on = {kind.value: "on" for kind in EMAIL_CHOICE_KINDS if kind != NoticeKind.QUESTION_NEW}
    response = client.post(reverse("notification_preferences"), on)
    redirects(response, reverse("notification_preferences"))
    assert list(
        NotificationPreference.objects.filter(user=qa.people["owner_editor"]).values_list(
            "kind", "email"
        )
    ) == [(NoticeKind.QUESTION_NEW, False)]
    html = client.get(reverse("notification_preferences")).content.decode()
    assert f'name="{NoticeKind.QUESTION_NEW.value}" id=' in html
    assert "Your notification settings are saved." in html

    _asked(qa, django_capture_on_commit_callbacks)
    assert [message.to for message in mailoutbox] == [["owner_admin@police.test"]]
    # The notice still comes.
    assert Notice.objects.filter(
        user=qa.people["owner_editor"], kind=NoticeKind.QUESTION_NEW
    ).exists()


def test_following_a_model_a_unit_and_a_question(
    qa, mailoutbox, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    other = qa.client("other_member")
    other.post(reverse("model_follow", args=[qa.model.slug]))
    head = qa.client("head_admin")
    head.post(reverse("unit_follow", args=["ha-noi"]))
    assert Follow.objects.filter(user=qa.people["other_member"], exemplary_model=qa.model).exists()

    question = _asked(qa, capture, title="Câu hỏi được theo dõi")
    for role in ("other_member", "head_admin"):
        notice = Notice.objects.get(user=qa.people[role])
        assert notice.kind == NoticeKind.FOLLOWED and "Câu hỏi được theo dõi" in notice.text

    # Someone follows the question itself; an answer reaches every follower and the asker.
    owner_member = qa.client("owner_member")
    owner_member.post(reverse("question_follow", args=[question.pk]))
    mailoutbox.clear()
    with capture(execute=True):
        qa_services.answer_create(question=question, author=qa.people["owner_editor"], body="Đáp.")
    told = sorted(message.to[0] for message in mailoutbox)
    assert told == [
        "asker@police.test",
        "head_admin@police.test",
        "other_member@police.test",
        "owner_member@police.test",
    ]
    # One notice each, whatever the number of reasons; none for the one who answered.
    assert (
        Notice.objects.filter(user=qa.people["owner_editor"], kind=NoticeKind.FOLLOWED).count() == 0
    )
    assert Notice.objects.filter(user=qa.people["asker"]).count() == 1

    # Unfollowing from the settings page.
    page = other.get(reverse("notification_preferences")).content.decode()
    assert qa.model.title in page
    other.post(reverse("model_follow", args=[qa.model.slug]), {"follow": "0"})
    assert not Follow.objects.filter(user=qa.people["other_member"]).exists()


def test_comment_tells_the_author_of_the_post(qa, django_capture_on_commit_callbacks):
    question = qa.ask()
    with django_capture_on_commit_callbacks(execute=True):
        qa.client("owner_member").post(
            reverse("comment_create", args=[question.pk]), {"body": "Hỏi lại chút."}
        )
    notice = Notice.objects.get(user=qa.people["asker"], kind=NoticeKind.COMMENT)
    assert question.title in notice.text and notice.url == question.get_absolute_url()
