"""The weekly digest: what is new for each person (only what they may see), once a week, never
empty, never to someone who turned it off; a constant number of queries per person."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from emulation_cluster.enums import Visibility
from emulation_cluster.outbox.models import MessageKind, OutgoingMessage
from seminars import digest
from seminars.enums import NoticeKind, QuestionState
from seminars.notices import services as notice_services
from seminars.notices.models import DigestSent
from seminars.qa.models import Follow
from seminars.tasks import send_weekly_digests
from tests.factories import (
    DraftModelFactory,
    ExemplaryModelFactory,
    MembershipFactory,
    QuestionFactory,
    SeminarFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(world, seminar):
    """What the administrator of CATP Đà Nẵng should read, and what they should not."""
    reader = world.people["invited_admin"]
    topic = TopicFactory(name="Camera an ninh")
    world.model.topics.add(topic)  # Đà Nẵng's own model gives the reader a topic
    Follow.objects.create(user=reader, unit=world.other)
    week_ago = timezone.now() - datetime.timedelta(days=10)
    shown = {
        "followed_unit": ExemplaryModelFactory(owner_unit=world.other, title="Mô hình Hải Phòng"),
        "topic": ExemplaryModelFactory(owner_unit=world.host, title="Camera phố Hà Nội"),
        "question": QuestionFactory(
            exemplary_model=world.model, asking_unit=world.host, title="Camera lắp ở đâu?"
        ),
        "seminar": seminar,
    }
    shown["topic"].topics.add(topic)
    hidden = {
        "restricted": ExemplaryModelFactory(
            owner_unit=world.other, title="Mô hình kín Hải Phòng", visibility=Visibility.RESTRICTED
        ),
        "old": ExemplaryModelFactory(
            owner_unit=world.other, title="Mô hình cũ Hải Phòng", published_at=week_ago
        ),
        "draft": DraftModelFactory(owner_unit=world.other, title="Bản nháp Hải Phòng"),
        "unrelated": ExemplaryModelFactory(owner_unit=world.host, title="Mô hình không liên quan"),
        "answered": QuestionFactory(
            exemplary_model=world.model,
            asking_unit=world.host,
            title="Câu hỏi đã trả lời",
            state=QuestionState.ANSWERED,
        ),
        "far_seminar": SeminarFactory(
            host_unit=world.host,
            title="Hội nghị tháng sau",
            starts_at=timezone.now() + datetime.timedelta(days=20),
            ends_at=timezone.now() + datetime.timedelta(days=20, hours=3),
        ),
    }
    return reader, shown, hidden


def _digests(mailoutbox, email):
    return [message for message in mailoutbox if message.to == [email]]


def test_the_digest_says_what_is_new_and_visible_only(world, news, mailoutbox):
    reader, shown, hidden = news
    mailoutbox.clear()
    lines = digest.digests_send(now=timezone.now(), base_url=settings.PORTAL_URL)
    assert any(reader.email in line for line in lines)
    (message,) = _digests(mailoutbox, reader.email)
    body = message.body
    for thing in shown.values():
        assert thing.title in body
        assert f"{settings.PORTAL_URL}{thing.get_absolute_url()}" in body
    for thing in hidden.values():
        assert thing.title not in body
    assert world.model.title not in body  # the reader's own unit's model: not news to them
    assert OutgoingMessage.objects.filter(recipient=reader.email).get().kind == MessageKind.DIGEST
    assert DigestSent.objects.get(user=reader).items == 4


def test_a_restricted_model_reaches_its_own_readers_only(world, news, mailoutbox):
    reader, _shown, hidden = news
    # A cluster administrator following Hải Phòng may read its restricted model; Đà Nẵng may not.
    admin = world.people["cluster_admin"]
    Follow.objects.create(user=admin, unit=world.other)
    digest.digests_send(now=timezone.now(), base_url="")
    assert hidden["restricted"].title in _digests(mailoutbox, admin.email)[0].body
    assert hidden["restricted"].title not in _digests(mailoutbox, reader.email)[0].body


def test_run_twice_sends_one_digest_a_week(world, news, mailoutbox):
    reader, _shown, _hidden = news
    now = timezone.now()
    digest.digests_send(now=now, base_url="")
    assert send_weekly_digests(timestamp=0) == 0  # the periodic job again: nothing more
    assert digest.digest_send(reader, now=now, base_url="") is None  # the row is there
    assert DigestSent.objects.filter(user=reader).count() == 1
    assert len(_digests(mailoutbox, reader.email)) == 1
    next_week = now + datetime.timedelta(days=7)
    assert digest.digest_send(reader, now=next_week, base_url="") is not None
    assert DigestSent.objects.filter(user=reader).count() == 2


def test_the_digest_turned_off_sends_nothing(world, news, mailoutbox):
    reader, _shown, _hidden = news
    on = {kind for kind in NoticeKind.values if kind != NoticeKind.DIGEST}
    notice_services.preferences_save(user=reader, email_on=on)
    digest.digests_send(now=timezone.now(), base_url="")
    assert not _digests(mailoutbox, reader.email)
    assert not DigestSent.objects.filter(user=reader).exists()


def test_the_preference_is_on_the_settings_page(world):
    client = world.client("invited_admin")
    url = reverse("notification_preferences")
    assert 'name="digest"' in client.get(url).content.decode()
    client.post(url, {"question_new": "on"})
    preference = world.people["invited_admin"].notification_preferences.get(kind="digest")
    assert preference.email is False


def test_nothing_to_say_sends_nothing(world, mailoutbox):
    # No seminar ahead, nothing followed, no question: an empty week.
    lines = digest.digests_send(now=timezone.now(), base_url="")
    assert lines == [] and not mailoutbox and not DigestSent.objects.exists()


def test_a_constant_number_of_queries_per_person(world, news):
    """The same count with more of everything: no query per item."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    reader, _shown, _hidden = news
    now = timezone.now()

    def count(user):
        fresh = type(user).objects.get(pk=user.pk)  # no permission cache carried over
        with CaptureQueriesContext(connection) as queries:
            assert digest.digest_send(fresh, now=now, base_url="")
        return len(queries)

    first = count(reader)
    other = UserFactory(email="quantri2.danang@police.test")
    MembershipFactory(user=other, unit=world.invited, role="admin")
    Follow.objects.create(user=other, unit=world.other)
    for n in range(3):
        ExemplaryModelFactory(owner_unit=world.other)
        QuestionFactory(exemplary_model=world.model, asking_unit=world.host)
        SeminarFactory(host_unit=world.host, title=f"Hội nghị {n}")
    assert count(other) == first


def test_a_followed_topic_brings_its_new_models(world, mailoutbox):
    """Follow a topic on the settings page: its new models (and only they) reach the digest."""
    reader = world.people["member"]  # of Hà Nội; the model is Hải Phòng's
    topic = TopicFactory(name="Phòng cháy chữa cháy")
    in_topic = ExemplaryModelFactory(owner_unit=world.other, title="Tổ liên gia chữa cháy")
    in_topic.topics.add(topic)
    ExemplaryModelFactory(owner_unit=world.other, title="Mô hình khác lĩnh vực")
    client = world.client("member")
    settings_page = reverse("notification_preferences")
    assert topic.slug in client.get(settings_page).content.decode()  # offered
    response = client.post(reverse("topic_follow"), {"topic": topic.slug})
    assert response.status_code == 302 and Follow.objects.filter(user=reader, topic=topic).exists()
    page = client.get(settings_page).content.decode()
    assert "Phòng cháy chữa cháy" in page and f'value="{topic.slug}"' in page  # followed, stop
    digest.digests_send(now=timezone.now(), base_url="")
    (message,) = _digests(mailoutbox, reader.email)
    assert "Tổ liên gia chữa cháy" in message.body and "Mô hình khác lĩnh vực" not in message.body
    client.post(reverse("topic_follow"), {"topic": topic.slug, "follow": "0"})
    assert not Follow.objects.filter(user=reader, topic=topic).exists()


@pytest.mark.parametrize("topic", ["", "khong-co", "x" * 5000])
def test_following_a_topic_that_is_not_there_is_a_404(world, topic):
    response = world.client("member").post(reverse("topic_follow"), {"topic": topic})
    assert response.status_code == 404 and not Follow.objects.filter(topic__isnull=False).exists()


def test_outsiders_do_not_follow_topics(world):
    topic = TopicFactory(name="Giao thông")
    response = world.client("outsider").post(reverse("topic_follow"), {"topic": topic.slug})
    assert response.status_code == 403 and not Follow.objects.exists()
