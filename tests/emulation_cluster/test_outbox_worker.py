"""The outbox with a real worker and a real SMTP server that goes away and comes back."""

import socket
import time

import psycopg
import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.db import connection
from django.urls import reverse

from emulation_cluster.enums import Role
from emulation_cluster.outbox import sending
from emulation_cluster.outbox.models import MessageKind, MessageState, OutgoingMessage
from tests.conftest import enrol_totp
from tests.emulation_cluster.test_outbox import _message
from tests.factories import MembershipFactory, UnitFactory
from tests.worker import run_worker, worker_processes

pytestmark = pytest.mark.django_db(transaction=True)


class Received:
    """An aiosmtpd handler that keeps what it was given."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.messages.append(envelope.content.decode("utf-8", "replace"))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """Mail through SMTP to a local server the test starts and stops (``start``/``stop``)."""
    port = _free_port()
    handler = Received()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    settings.OUTBOX_RETRY_BASE_SECONDS, settings.OUTBOX_RETRY_MAX_SECONDS = 1, 1
    controller.handler_ = handler
    yield controller
    if getattr(controller, "_thread", None) is not None:
        controller.stop()


@pytest.fixture
def admin_client(client, db):
    unit = UnitFactory(name="Công an thành phố Hà Nội", slug="ha-noi")
    admin = MembershipFactory(unit=unit, role=Role.ADMIN).user
    enrol_totp(admin)
    client.force_login(admin)
    return client


def _invite(client, email):
    return client.post(
        reverse("invitation_create", args=["ha-noi"]), {"email": email, "role": Role.EDITOR}
    )


def test_the_worker_sends_what_the_request_queued(admin_client):
    assert _invite(admin_client, "moi.canbo@police.test").status_code == 302
    row = OutgoingMessage.objects.get()
    assert (row.state, row.recipient, mail.outbox) == (
        MessageState.QUEUED,
        "moi.canbo@police.test",
        [],
    )
    run_worker()
    row.refresh_from_db()
    assert (row.state, row.attempts) == (MessageState.SENT, 1)
    assert [message.to for message in mail.outbox] == [["moi.canbo@police.test"]]
    assert mail.outbox[0].extra_headers["Message-ID"].startswith(f"<outbox-{row.pk}@")
    run_worker()  # nothing left to do: sent once
    assert len(mail.outbox) == 1


def test_a_mail_server_that_is_down_delays_the_message_without_losing_it(admin_client, smtp):
    assert _invite(admin_client, "moi.canbo@police.test").status_code == 302  # saved at once
    run_worker()  # the server is not there: refused
    row = OutgoingMessage.objects.get()
    assert (row.state, row.attempts) == (MessageState.QUEUED, 1)
    assert "Connection refused" in row.last_error or "Errno" in row.last_error
    smtp.start()
    time.sleep(1.2)  # the retry's back-off
    run_worker()
    row.refresh_from_db()
    assert (row.state, row.attempts) == (MessageState.SENT, 2)
    [received] = smtp.handler_.messages
    assert "To: moi.canbo@police.test" in received and f"<outbox-{row.pk}@" in received


def test_a_mail_server_that_never_answers_times_out_and_the_message_waits(
    admin_client, smtp, settings
):
    silent = socket.socket()  # accepts connections (the backlog) and never says a word
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    settings.EMAIL_PORT = silent.getsockname()[1]
    settings.EMAIL_TIMEOUT = 4
    try:
        started = time.monotonic()
        assert _invite(admin_client, "moi.canbo@police.test").status_code == 302
        # The request did not wait for the silent server (sending in it would take the timeout).
        assert time.monotonic() - started < settings.EMAIL_TIMEOUT
        run_worker()
    finally:
        silent.close()
    row = OutgoingMessage.objects.get()
    assert (row.state, row.attempts) == (MessageState.QUEUED, 1)
    assert "timed out" in row.last_error.lower()


def test_after_the_last_attempt_the_message_is_failed_until_resent(admin_client, settings, smtp):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    _invite(admin_client, "moi.canbo@police.test")
    run_worker()
    time.sleep(1.2)
    run_worker()
    row = OutgoingMessage.objects.get()
    assert (row.state, row.attempts) == (MessageState.FAILED, 2)
    time.sleep(1.2)
    run_worker()  # no job is left to retry it
    row.refresh_from_db()
    assert row.attempts == 2
    smtp.start()
    assert sending.resend(OutgoingMessage.objects.all(), by=None) == 1
    run_worker()
    row.refresh_from_db()
    assert (row.state, row.attempts) == (MessageState.SENT, 1)
    assert len(smtp.handler_.messages) == 1


class AcceptsThenTheDatabaseGoes:
    """A mail server that accepts the message, at the moment the database connection dies."""

    accepted = []

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        type(self).accepted += messages
        # From another connection, as a server going down would: this one learns it at its next
        # query (the outbox recording the message as sent).
        victim = connection.connection.info.backend_pid
        with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
            other.execute("SELECT pg_terminate_backend(%s)", [victim])


def test_a_message_accepted_as_the_database_goes_is_recorded_not_sent_again(settings):

    settings.EMAIL_BACKEND = f"{__name__}.AcceptsThenTheDatabaseGoes"
    [row] = sending.enqueue([_message()], kind=MessageKind.QUESTION)
    assert sending.send(row.pk) == MessageState.SENT
    row.refresh_from_db()
    assert (row.state, row.attempts, len(AcceptsThenTheDatabaseGoes.accepted)) == (
        MessageState.SENT,
        1,
        1,
    )
    assert sending.send(row.pk) is None  # the job, tried again, finds it sent


def test_the_worker_lives_through_losing_its_database_connections(settings):

    def sent(row):
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            row.refresh_from_db()
            if row.state == MessageState.SENT:
                return True
            time.sleep(0.3)
        return False

    locmem = {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    with worker_processes(1, locmem) as [worker]:
        [first] = sending.enqueue([_message(to=["truoc@police.test"])], kind=MessageKind.QUESTION)
        assert sent(first)
        # What a PostgreSQL restart does to the worker: its connections cut, new ones refused
        # for a while (the listener fails to reconnect and Procrastinate stops the worker).
        params = {**connection.get_connection_params(), "dbname": "postgres"}
        name = connection.ops.quote_name(connection.settings_dict["NAME"])
        with psycopg.connect(**params, autocommit=True) as server:
            server.execute(f"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS false")
            try:
                cut = server.execute(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    " WHERE datname = %s AND pid <> %s",
                    [connection.settings_dict["NAME"], connection.connection.info.backend_pid],
                ).fetchone()[0]
                assert cut >= 1
                time.sleep(3)
            finally:
                server.execute(f"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS true")
        [second] = sending.enqueue([_message(to=["sau@police.test"])], kind=MessageKind.QUESTION)
        assert sent(second)
        assert worker.poll() is None  # the same process
    output = worker.stdout.read().decode()
    assert "starting again" in output
