"""A mail server that is down: the question is saved at once, the administrator sees the failed
notices in the outbox, sends them again once the server is back, and they leave."""

import re

import pytest
from django.contrib.auth import get_user_model

from emulation_cluster.outbox.models import MessageState, OutgoingMessage
from seminars.qa.models import Question
from tests.conftest import enrol_totp
from tests.worker import run_worker

from .test_journeys import MENH_LENH_SLUG

pytestmark = pytest.mark.browser


def test_notices_wait_out_a_mail_server_that_is_down_and_are_resent(demo, journey, settings):
    settings.EMAIL_BACKEND = "tests.emulation_cluster.test_outbox.Refusing"
    settings.OUTBOX_MAX_ATTEMPTS = 1
    title = "Tổ tuần tra ban đêm phối hợp với dân phòng ra sao?"

    asker = journey("outbox-asker")
    asker.login("canbo.cantho@demo.invalid")
    asker.go(f"/hoi-dap/hoi/{MENH_LENH_SLUG}/")
    asker.page.fill("#id_title", title)
    asker.page.fill("#id_body", "Đơn vị muốn biết cách **phân công** giữa hai lực lượng.")
    asker.page.click("main form.stacked button[type=submit]")
    asker.page.wait_for_url(re.compile(r".*/hoi-dap/\d+/$"))
    assert Question.objects.filter(title=title).count() == 1  # saved, whatever the mail does
    asker.shoot("question-saved")

    run_worker()  # the mail server refuses: one attempt, the last one here
    failed = OutgoingMessage.objects.filter(state=MessageState.FAILED, subject__contains=title)
    assert failed.count() >= 1

    admin = get_user_model().objects.get(email="quantri.cum@demo.invalid")
    secret = enrol_totp(admin)
    administrator = journey("outbox-admin")
    page = administrator.page
    administrator.login("quantri.cum@demo.invalid", totp_secret=secret)
    administrator.go("/tai-khoan/")
    page.click("main a[href='/thu-gui-di/']")
    page.wait_for_load_state()
    assert "Gửi không được" in page.content() and "ConnectionRefusedError" in page.content()
    administrator.shoot("outbox-failed")

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the server is back
    page.click("main form[action$='/gui-lai/'] input[value=all] ~ button")
    page.wait_for_load_state()
    assert "được đưa lại vào hàng đợi" in page.content()
    administrator.shoot("outbox-resent")
    run_worker()
    assert not OutgoingMessage.objects.exclude(state=MessageState.SENT).exists()
    page.reload()
    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    assert "Outgoing mail" in page.content() and "Sent" in page.content()
    administrator.shoot("outbox-sent-english")
