"""A notice is written when it is read, in the reader's language: it stores what happened (its
message and arguments), not a sentence in the language of the moment it was made."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from seminars.enums import NotifyReason
from seminars.notices.models import Notice
from seminars.notifications import notify_units
from tests.factories import SeminarFactory, SeminarInvitationFactory
from tests.pages import shows

pytestmark = pytest.mark.django_db


def _client(user, language):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(user)
    return client


def test_a_question_notice_reads_in_each_readers_language(qa):
    qa.ask(title="Tuần tra ban đêm thế nào?")
    editor = qa.people["owner_editor"]
    notice = Notice.objects.get(user=editor)
    assert notice.message == "question_to_owner"
    english = shows(_client(editor, "en").get(reverse("notice_list")), 200)
    vietnamese = shows(_client(editor, "vi").get(reverse("notice_list")), 200)
    assert "asks" in english and "about “Mệnh lệnh 01" in english
    assert "hỏi" in vietnamese and "về mô hình “Mệnh lệnh 01" in vietnamese
    assert " asks " not in vietnamese


def test_a_seminar_notice_gives_its_time_in_the_readers_formats(qa):
    start = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=5)
    seminar = SeminarFactory(
        host_unit=qa.other, starts_at=start, ends_at=start + datetime.timedelta(hours=3)
    )
    SeminarInvitationFactory(seminar=seminar, unit=qa.owner)
    notify_units(
        seminar=seminar, unit_ids=[qa.owner.pk], reason=NotifyReason.INVITATION, base_url=""
    )
    reader = Notice.objects.filter(message="seminar_invitation").first().user
    english = shows(_client(reader, "en").get(reverse("notice_list")), 200)
    vietnamese = shows(_client(reader, "vi").get(reverse("notice_list")), 200)
    assert "invites your unit to" in english
    assert "mời đơn vị tham dự" in vietnamese
    day = timezone.localtime(start).strftime("%d/%m/%Y")
    assert day in english and day in vietnamese
