"""Nothing is left unanswered: the inbox (oldest first, waiting times), the unit page's figures,
the asking unit's list with states, and the reminder command run twice."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from seminars.enums import NoticeKind, QuestionState, ReminderKind
from seminars.notices.models import Notice, NotificationPreference
from seminars.qa import moderation
from seminars.qa import services as qa_services
from seminars.qa.models import Question, QuestionReminder
from tests.factories import QuestionFactory, SubUnitFactory

pytestmark = pytest.mark.django_db


def _aged(question, days, hours=0):
    when = timezone.now() - datetime.timedelta(days=days, hours=hours)
    Question.objects.filter(pk=question.pk).update(created_at=when)
    question.refresh_from_db()
    return question


def test_inbox_lists_what_the_unit_owes_oldest_first_with_waiting_times(qa):
    recent = _aged(qa.ask(title="Câu hỏi hôm qua"), 1)
    old = _aged(qa.ask(title="Câu hỏi chín ngày"), 9)
    oldest = _aged(qa.ask(title="Câu hỏi hai mươi ngày"), 20)
    answered = qa.ask(title="Câu hỏi đã trả lời")
    qa_services.answer_create(question=answered, author=qa.people["owner_editor"], body="Đáp.")
    html = qa.client("owner_member").get(reverse("unit_inbox", args=["ha-noi"])).content.decode()
    titles = [oldest.title, old.title, recent.title]
    assert sorted(titles, key=html.index) == titles
    assert "Câu hỏi đã trả lời" not in html
    assert "waiting for 20 days" in html and "waiting for 1 day" in html
    assert "escalated" in html and "overdue" in html
    # The answered ones are under their own tab.
    answered_tab = reverse("unit_inbox", args=["ha-noi"]) + "?trang-thai=answered"
    assert "Câu hỏi đã trả lời" in qa.client("owner_member").get(answered_tab).content.decode()


def test_a_city_inbox_includes_its_sub_units_questions(qa):
    ward = SubUnitFactory(parent=qa.owner, name="Công an phường Hàng Bạc", slug="hang-bac")
    QuestionFactory(
        exemplary_model__owner_unit=ward,
        asking_unit=qa.asker_unit,
        title="Câu hỏi gửi phường Hàng Bạc",
    )
    html = qa.client("owner_editor").get(reverse("unit_inbox", args=["ha-noi"])).content.decode()
    assert "Câu hỏi gửi phường Hàng Bạc" in html


def test_asking_unit_sees_each_state(qa):
    open_question = qa.ask(title="Câu hỏi còn mở")
    answered = qa.ask(title="Câu hỏi đã có trả lời")
    qa_services.answer_create(question=answered, author=qa.people["owner_editor"], body="Đáp.")
    accepted = qa.ask(title="Câu hỏi đã chấp nhận")
    answer, _new = qa_services.answer_create(
        question=accepted, author=qa.people["owner_editor"], body="Đáp."
    )
    qa_services.answer_accept(answer=answer, actor=qa.people["asker"])
    closed = qa.ask(title="Câu hỏi đã khóa")
    moderation.question_lock(question=closed, moderator=qa.people["owner_admin"])
    url = reverse("unit_asked", args=["da-nang"])
    html = qa.client("asker").get(url).content.decode()
    for question, label in [
        (open_question, "Open"),
        (answered, "Answered"),
        (accepted, "Accepted"),
        (closed, "Closed"),
    ]:
        assert question.title in html
        assert (
            f'question-state-{question.__class__.objects.get(pk=question.pk).state}">{label}'
            in html
        )
    only_open = qa.client("asker").get(url + "?trang-thai=open").content.decode()
    assert "Câu hỏi còn mở" in only_open and "Câu hỏi đã khóa" not in only_open


def test_unit_page_shows_the_median_time_to_a_first_official_answer_and_open_count(qa):
    for days, hours in [(3, 0), (1, 0), (5, 0)]:
        question = _aged(qa.ask(), days)
        qa_services.answer_create(question=question, author=qa.people["owner_editor"], body="Đáp.")
        Question.objects.filter(pk=question.pk).update(
            first_official_answer_at=question.created_at
            + datetime.timedelta(days=days, hours=hours)
        )
    qa.ask(title="Còn mở 1")
    qa.ask(title="Còn mở 2")
    html = qa.client("other_member").get(qa.owner.get_absolute_url()).content.decode()
    assert "Median time to a first official answer" in html
    assert "3 days" in html  # median of 1, 3 and 5 days
    assert "<dt>Open questions</dt><dd><strong>2</strong>" in html
    assert reverse("unit_inbox", args=["ha-noi"]) in html
    # Visitors see no figures (questions are the members' side).
    from django.test import Client

    assert "Open questions" not in Client().get(qa.owner.get_absolute_url()).content.decode()


def test_reminder_command_twice_sends_one_email_then_escalates(qa, mailoutbox, settings):
    settings.QUESTION_REMINDER_AFTER_DAYS = 7
    settings.QUESTION_ESCALATION_AFTER_DAYS = 14
    fresh = _aged(qa.ask(title="Câu hỏi mới"), 2)
    waiting = _aged(qa.ask(title="Câu hỏi tám ngày"), 8)
    answered = _aged(qa.ask(title="Câu hỏi đã trả lời"), 9)
    qa_services.answer_create(question=answered, author=qa.people["owner_editor"], body="Đáp.")
    mailoutbox.clear()

    call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sorted(message.to[0] for message in mailoutbox) == [
        "owner_admin@police.test",
        "owner_editor@police.test",
    ]
    assert all("Câu hỏi tám ngày" in message.subject for message in mailoutbox)
    reminder = QuestionReminder.objects.get()
    assert (reminder.question, reminder.kind, reminder.recipients) == (
        waiting,
        ReminderKind.REMINDER,
        2,
    )
    assert sorted(reminder.sent_to) == ["owner_admin@police.test", "owner_editor@police.test"]

    # Run again: nothing more.
    mailoutbox.clear()
    call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mailoutbox == []

    # A week later it is escalated to the head unit's admins (once).
    _aged(waiting, 15)
    call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [message.to for message in mailoutbox] == [["head_admin@police.test"]]
    assert "Escalated" in mailoutbox[0].subject
    assert Notice.objects.filter(user=qa.people["head_admin"], kind=NoticeKind.ESCALATION).exists()
    assert not fresh.reminders.exists() and not answered.reminders.exists()
    assert QuestionReminder.objects.count() == 2
    assert waiting.state == QuestionState.OPEN


def test_a_user_who_turned_reminder_emails_off_gets_the_notice_only(qa, mailoutbox):
    NotificationPreference.objects.create(
        user=qa.people["owner_admin"], kind=NoticeKind.REMINDER, email=False
    )
    _aged(qa.ask(title="Câu hỏi chờ lâu"), 8)
    mailoutbox.clear()
    call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [message.to for message in mailoutbox] == [["owner_editor@police.test"]]
    assert Notice.objects.filter(user=qa.people["owner_admin"], kind=NoticeKind.REMINDER).exists()


def test_escalation_without_head_unit_admins_goes_to_the_cluster_admins(qa, mailoutbox):
    qa.people["head_admin"].memberships.update(archived_at=timezone.now())
    _aged(qa.ask(title="Câu hỏi quá hạn"), 15)
    mailoutbox.clear()
    call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    escalations = [m.to[0] for m in mailoutbox if "Escalated" in m.subject]
    assert escalations == ["cluster_admin@police.test"]


def test_escalation_of_a_restricted_question_goes_to_those_who_may_see_it(
    qa, restricted_question, mailoutbox
):
    _aged(restricted_question, 15)
    call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    escalations = [m.to[0] for m in mailoutbox if "Escalated" in m.subject]
    assert escalations == ["cluster_admin@police.test"]  # the head unit's admin may not see it
    reminders = sorted(m.to[0] for m in mailoutbox if "Waiting" in m.subject)
    assert reminders == ["owner_admin@police.test", "owner_editor@police.test"]
