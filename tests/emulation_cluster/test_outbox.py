"""The outbox: rows written with the write, sent by the job, retried, failed, resent; its page."""

from email.mime.text import MIMEText

import pytest
from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import connection, transaction
from django.urls import reverse
from procrastinate.jobs import Job

from emulation_cluster.enums import Role
from emulation_cluster.outbox import envelope, sending
from emulation_cluster.outbox.models import MessageKind, MessageState, OutgoingMessage
from emulation_cluster.tasks import OutboxRetry
from tests.conftest import enrol_totp
from tests.factories import MembershipFactory
from tests.outbox import run_mail_jobs

pytestmark = pytest.mark.django_db


class Refusing:
    """A mail backend whose server says no."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")


@pytest.fixture
def refusing(settings):
    settings.EMAIL_BACKEND = "tests.emulation_cluster.test_outbox.Refusing"


def _jobs(status="todo") -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (args->>'message_id')::int FROM procrastinate_jobs"
            " WHERE task_name = %s AND status = %s ORDER BY id",
            [sending.SEND_TASK, status],
        )
        return [row[0] for row in cursor.fetchall()]


def _message(**overrides):
    fields = {"subject": "Thư mời", "body": "Kính gửi đồng chí", "to": ["a@police.test"]}
    return EmailMessage(**{**fields, **overrides})


def test_an_email_survives_the_outbox_whole():
    calendar = MIMEText("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "calendar", "utf-8")
    calendar.set_param("method", "PUBLISH")
    calendar.add_header("Content-Disposition", "attachment", filename="hoi-nghi.ics")
    original = EmailMultiAlternatives(
        subject="Thư mời: Hội nghị",
        body="Nội dung có dấu: Đà Nẵng",
        from_email="Cụm thi đua <no-reply@police.test>",
        to=["a@police.test"],
        headers={"Reply-To": "tochuc@police.test"},
        alternatives=[("<p>Nội dung</p>", "text/html")],
    )
    original.attach(calendar)
    original.attach("bang.pdf", b"%PDF-1.4 \x00\xff", "application/pdf")
    [fields] = envelope.columns(original)
    row = OutgoingMessage.objects.create(kind=MessageKind.SEMINAR, **fields)
    row.refresh_from_db()
    copy = envelope.email(row)
    assert (copy.subject, copy.body, copy.from_email, copy.to) == (
        original.subject,
        original.body,
        original.from_email,
        original.to,
    )
    assert copy.extra_headers == {"Reply-To": "tochuc@police.test"}
    assert copy.alternatives[0][:2] == ("<p>Nội dung</p>", "text/html")
    ics, pdf = copy.attachments
    assert ics.get_content_type() == "text/calendar" and ics.get_param("method") == "PUBLISH"
    assert ics.get_filename() == "hoi-nghi.ics"
    assert pdf == ("bang.pdf", b"%PDF-1.4 \x00\xff", "application/pdf")
    assert (
        b'method="PUBLISH"' in copy.message().as_bytes()
        or b"method=PUBLISH" in copy.message().as_bytes()
    )


def test_each_recipient_is_a_row_and_a_job_of_the_same_transaction():
    rows = sending.enqueue(
        [_message(to=["a@police.test", "b@police.test"])], kind=MessageKind.QUESTION
    )
    assert [row.recipient for row in rows] == ["a@police.test", "b@police.test"]
    assert _jobs() == [row.pk for row in rows]
    with pytest.raises(RuntimeError), transaction.atomic():
        sending.enqueue([_message(to=["c@police.test"])], kind=MessageKind.QUESTION)
        raise RuntimeError("the write fails")
    assert OutgoingMessage.objects.count() == 2 and len(_jobs()) == 2  # neither row nor job


def test_a_sent_message_carries_one_message_id_and_is_never_sent_twice(mailoutbox):
    [row] = sending.enqueue([_message()], kind=MessageKind.QUESTION)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].extra_headers["Message-ID"] == sending.message_id(row)
    assert sending.send(row.pk) is None  # a second job for it finds nothing to do
    row.refresh_from_db()
    assert (row.state, row.attempts, row.sent_at is not None) == (MessageState.SENT, 1, True)
    assert len(mailoutbox) == 1


def test_a_refused_message_counts_attempts_then_fails_for_good(refusing, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    [row] = sending.enqueue([_message()], kind=MessageKind.QUESTION)
    for attempt in (1, 2):
        with pytest.raises(sending.SendFailed):
            sending.send(row.pk)
        row.refresh_from_db()
        assert (row.state, row.attempts) == (MessageState.QUEUED, attempt)
        assert row.last_error == "ConnectionRefusedError: [Errno 111] Connection refused"
    assert sending.send(row.pk) == MessageState.FAILED  # the job ends: nothing more to retry
    row.refresh_from_db()
    assert (row.state, row.attempts) == (MessageState.FAILED, 3)


def test_the_back_off_doubles_up_to_its_cap_and_stops_at_the_last_attempt(settings):
    settings.OUTBOX_RETRY_BASE_SECONDS, settings.OUTBOX_RETRY_MAX_SECONDS = 30, 100
    settings.OUTBOX_MAX_ATTEMPTS = 4
    strategy = OutboxRetry()

    def wait(attempts):
        job = Job(
            id=1, queue="mail", lock=None, queueing_lock=None, task_name="t", attempts=attempts
        )
        decision = strategy.get_retry_decision(exception=sending.SendFailed("no"), job=job)
        if decision is None:
            return None
        from django.utils import timezone

        return round((decision.retry_at - timezone.now()).total_seconds())

    assert [wait(attempts) for attempts in range(4)] == [30, 60, 100, None]


def test_resend_queues_a_failed_message_again_with_a_fresh_count(refusing, settings, admin_user):
    settings.OUTBOX_MAX_ATTEMPTS = 1
    [row] = sending.enqueue([_message()], kind=MessageKind.QUESTION)
    run_mail_jobs()
    row.refresh_from_db()
    assert row.state == MessageState.FAILED and _jobs() == []
    assert sending.resend(OutgoingMessage.objects.all(), by=admin_user) == 1
    row.refresh_from_db()
    assert (row.state, row.attempts, row.resent_by) == (MessageState.QUEUED, 0, admin_user)
    assert _jobs() == [row.pk]
    assert sending.resend(OutgoingMessage.objects.all(), by=admin_user) == 0  # not failed now


def test_a_queued_message_whose_job_is_gone_gets_one_again(mailoutbox):
    [row] = sending.enqueue([_message()], kind=MessageKind.QUESTION)
    with connection.cursor() as cursor:  # as if the worker was killed and the job lost
        cursor.execute("DELETE FROM procrastinate_jobs")
    OutgoingMessage.objects.filter(pk=row.pk).update(created_at=row.created_at.replace(year=2025))
    assert sending.requeue_stalled() == 1
    assert sending.requeue_stalled() == 0  # it has one now
    assert _jobs() == [row.pk]
    assert len(mailoutbox) == 1


def test_allauth_mails_leave_through_the_outbox(client, member, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": member.email})
    row = OutgoingMessage.objects.get()
    assert (row.kind, row.recipient) == (MessageKind.ACCOUNT, member.email)
    assert mailoutbox[0].to == [member.email]


# --- the page ---------------------------------------------------------------------------------


@pytest.fixture
def messages_of_each_state(settings):
    rows = sending.enqueue(
        [_message(to=[f"n{i}@police.test"], subject=f"Thư số {i}") for i in range(3)],
        kind=MessageKind.SEMINAR,
    )
    OutgoingMessage.objects.filter(pk=rows[0].pk).update(state=MessageState.SENT)
    OutgoingMessage.objects.filter(pk=rows[1].pk).update(
        state=MessageState.FAILED, attempts=10, last_error="SMTPServerDisconnected: gone"
    )
    return rows


def test_only_cluster_administrators_see_the_outbox(client, member, unit):
    url = reverse("outbox")
    assert client.get(url).status_code == 302
    admin = MembershipFactory(unit=unit, role=Role.ADMIN).user
    enrol_totp(admin)
    for user in (member, admin):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(reverse("outbox_resend"), {"message": "all"}).status_code == 403


def test_the_outbox_page_lists_filters_and_resends(cluster_admin_client, messages_of_each_state):
    sent, failed, queued = messages_of_each_state
    page = cluster_admin_client.get(reverse("outbox")).content.decode()
    assert all(f"Thư số {i}" in page for i in range(3))
    assert "SMTPServerDisconnected: gone" in page and "Gửi lại" in page
    only_failed = cluster_admin_client.get(reverse("outbox"), {"state": "failed"}).content.decode()
    assert "Thư số 1" in only_failed and "Thư số 0" not in only_failed
    response = cluster_admin_client.post(
        reverse("outbox_resend"), {"message": failed.pk}, follow=True
    )
    assert "1 thư được đưa lại vào hàng đợi." in response.content.decode()
    failed.refresh_from_db()
    assert failed.state == MessageState.QUEUED and failed.pk in _jobs()


@pytest.mark.parametrize(
    "query", [{"state": "xoa-het"}, {"kind": "<script>"}, {"page": "abc"}, {"page": "99999"}]
)
def test_garbage_filters_show_a_normal_page(cluster_admin_client, messages_of_each_state, query):
    response = cluster_admin_client.get(reverse("outbox"), query)
    assert response.status_code == 200 and "<script>" not in response.content.decode()


@pytest.mark.parametrize("value", ["", "abc", "-1", "99999999", "1" * 400])
def test_resending_garbage_says_so_and_changes_nothing(
    cluster_admin_client, messages_of_each_state, value
):
    response = cluster_admin_client.post(reverse("outbox_resend"), {"message": value}, follow=True)
    assert response.status_code == 200
    assert OutgoingMessage.objects.filter(state=MessageState.FAILED).count() == 1


def test_the_outbox_page_costs_the_same_queries_however_many_messages(
    cluster_admin_client, messages_of_each_state, django_assert_num_queries
):
    url = reverse("outbox")
    cluster_admin_client.get(url)
    with django_assert_num_queries(12) as few:
        cluster_admin_client.get(url)
    sending.enqueue(
        [_message(to=[f"m{i}@police.test"]) for i in range(40)], kind=MessageKind.QUESTION
    )
    with django_assert_num_queries(len(few.captured_queries)):
        cluster_admin_client.get(url)
    assert mail.outbox == []  # the page sends nothing itself


def test_the_page_says_whether_a_worker_runs(cluster_admin_client, messages_of_each_state):
    url = reverse("outbox")
    warning = "Không có tiến trình nền nào đang chạy"
    assert warning in cluster_admin_client.get(url).content.decode()
    with connection.cursor() as cursor:  # a worker's heartbeat, as Procrastinate writes it
        cursor.execute("INSERT INTO procrastinate_workers (last_heartbeat) VALUES (now())")
    page = cluster_admin_client.get(url).content.decode()
    assert warning not in page and "1 tiến trình nền đang chạy." in page
    assert "Thư chờ lâu nhất đã chờ" in page


def test_sent_messages_are_forgotten_after_the_keeping_time(messages_of_each_state):
    from datetime import timedelta

    from django.utils import timezone

    sent, failed, queued = messages_of_each_state
    OutgoingMessage.objects.filter(pk=sent.pk).update(sent_at=timezone.now() - timedelta(days=400))
    assert sending.forget_sent(older_than=timedelta(days=365)) == 1
    assert set(OutgoingMessage.objects.values_list("pk", flat=True)) == {failed.pk, queued.pk}


def test_in_development_an_email_is_printed_as_a_person_reads_it():
    import io

    from emulation_cluster.outbox.console import ReadableConsoleBackend

    stream = io.StringIO()
    message = _message(subject="Thư mời: Hội nghị Đà Nẵng", body="Kính gửi đồng chí")
    message.attach("hoi-nghi.ics", "BEGIN:VCALENDAR", "text/calendar")
    ReadableConsoleBackend(stream=stream).send_messages([message])
    printed = stream.getvalue()
    assert "Tiêu đề · Subject: Thư mời: Hội nghị Đà Nẵng" in printed and "=?utf-8?" not in printed
    assert "Đến · To: a@police.test" in printed and "Kính gửi đồng chí" in printed
    assert "hoi-nghi.ics" in printed
