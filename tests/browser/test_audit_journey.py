"""The cluster administrator reads the audit log: writes of several units and kinds, in Hà Nội
time, then only Đà Nẵng's tree (its ward included), and a mistyped date that the page reports."""

import pytest
from django.contrib.auth import get_user_model

from emulation_cluster.enums import Role
from emulation_cluster.memberships import membership_change_role
from emulation_cluster.models import Membership
from models_registry import services as registry
from models_registry.models import ExemplaryModel
from seminars.qa import moderation
from seminars.qa.models import Question
from tests.conftest import enrol_totp

pytestmark = pytest.mark.browser

ADMIN = "quantri.cum@demo.invalid"


def _writes_of_several_units(admin):
    users = get_user_model().objects
    cccd = ExemplaryModel.objects.get(slug="cap-cccd-cho-nguoi-co-hoan-canh-dac-biet")
    editor = users.get(email="canbo.hcm@demo.invalid")
    registry.model_unpublish(exemplary_model=cccd, actor=editor)
    registry.model_publish(exemplary_model=cccd, actor=editor)
    member = Membership.objects.get(user__email="canbo.cantho@demo.invalid")
    membership_change_role(membership=member, role=Role.EDITOR, actor=admin)
    camera = Question.objects.get(submission_token="demo:camera-xuan-ha")
    moderation.question_lock(question=camera, moderator=admin, reason="Đã trả lời đủ")


def test_the_cluster_administrator_filters_the_audit_log_by_unit(demo, journey):
    admin = get_user_model().objects.get(email=ADMIN)
    _writes_of_several_units(admin)
    secret = enrol_totp(admin)
    reader = journey("audit")
    page = reader.page
    reader.login(ADMIN, totp_secret=secret)
    reader.go("/tai-khoan/")
    page.click("main a[href='/nhat-ky/']")
    page.wait_for_load_state()
    rows = page.locator(".audit-table tbody tr")
    assert rows.count() == 4
    assert "+00:00" not in page.content()
    reader.shoot("audit-log")

    page.select_option("#id_unit", "catp-da-nang")
    page.click("form.audit-filters button[type=submit]")
    page.wait_for_load_state()
    assert "unit=catp-da-nang" in page.url
    assert rows.count() == 1  # the lock of CAP Xuân Hà's question: a ward of Đà Nẵng
    assert "Camera giám sát an ninh" in rows.first.inner_text()
    reader.shoot("audit-by-unit")

    page.fill("#id_date_from", "32/13/2026")
    page.click("form.audit-filters button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#id_date_from_error").count() == 1
    assert rows.count() == 1  # the unit still applies, the date is left out
    reader.shoot("audit-bad-date")
