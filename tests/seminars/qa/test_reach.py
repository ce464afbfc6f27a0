"""A question for a unit with no editor reaches the administrators above it (the one fallback of
``seminars.notices.reach``), and its reminder is recorded only once someone was told."""

import datetime

import pytest
from django.utils import timezone

from seminars.enums import ReminderKind
from seminars.qa.models import Question, QuestionReminder
from seminars.reminders import question_reminder_send
from tests.factories import ExemplaryModelFactory, MembershipFactory, SubUnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ward_model(qa):
    """A model of a district of CATP Hà Nội, which has no editor of its own."""
    district = SubUnitFactory(parent=qa.owner, name="Công an quận Hoàn Kiếm", slug="hoan-kiem")
    return ExemplaryModelFactory(owner_unit=district, title="Mô hình phố đi bộ an toàn")


def _aged(question, days):
    Question.objects.filter(pk=question.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )
    question.refresh_from_db()
    return question


def test_a_question_to_a_unit_with_no_editor_goes_to_the_parent_administrators(
    qa, ward_model, mailoutbox
):
    mailoutbox.clear()
    qa.ask(exemplary_model=ward_model, title="Phân luồng phố đi bộ thế nào?")
    # The administrators of CATP Hà Nội, not its editors: the fallback is the administrators'.
    assert [message.to for message in mailoutbox] == [["owner_admin@police.test"]]


def test_a_question_reminder_reaches_the_parent_administrators(qa, ward_model, mailoutbox):
    question = _aged(qa.ask(exemplary_model=ward_model), 10)
    mailoutbox.clear()
    reminder = question_reminder_send(question=question, kind=ReminderKind.REMINDER, base_url="")
    assert reminder.recipients == 1
    assert [message.to for message in mailoutbox] == [["owner_admin@police.test"]]


def test_a_question_reminder_to_nobody_is_not_recorded_until_someone_joins(
    qa, ward_model, mailoutbox
):
    question = _aged(qa.ask(exemplary_model=ward_model), 10)
    qa.people["owner_admin"].memberships.update(archived_at=timezone.now())
    qa.cluster.administrators.clear()
    mailoutbox.clear()
    send = lambda: question_reminder_send(  # noqa: E731
        question=question, kind=ReminderKind.REMINDER, base_url=""
    )
    assert send() is None
    assert not QuestionReminder.objects.exists() and not mailoutbox
    editor = UserFactory(email="bientap.hoankiem@police.test")
    MembershipFactory(user=editor, unit=ward_model.owner_unit, role="editor")
    assert send().recipients == 1
    assert QuestionReminder.objects.get().sent_to == ["bientap.hoankiem@police.test"]
    assert send() is None  # once
