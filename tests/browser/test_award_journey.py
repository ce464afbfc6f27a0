"""An award nomination, end to end in Chromium: CATP Đà Nẵng's administrator nominates the
Xuân Hà cameras from the model's page, the head unit's administrator (CATP Cần Thơ) returns it
with a reason, it is sent again and accepted, and the model's page shows the decision. Shot at
both sizes in Vietnamese, then the same pages in English."""

import re

import pytest
from django.contrib.auth import get_user_model

from models_registry.management.commands.load_demo import DEMO_TERM_YEAR
from seminars.awards.models import Nomination
from tests.conftest import enrol_totp

pytestmark = pytest.mark.browser

NOMINATOR = "quantri.danang@demo.invalid"
REVIEWER = "quantri.cantho@demo.invalid"
CAMERA = "/mo-hinh/camera-giam-sat-an-ninh-xuan-ha/"
REASON = "Đề nghị bổ sung kết quả nhân rộng tại các đơn vị khác."


def _signed_in(journey, name, email):
    secret = enrol_totp(get_user_model().objects.get(email=email))
    person = journey(name)
    person.login(email, totp_secret=secret)
    return person


def test_a_nomination_is_returned_sent_again_and_accepted(demo, journey):
    unit_admin = _signed_in(journey, "award-nominator", NOMINATOR)
    page = unit_admin.page
    unit_admin.go(CAMERA)
    page.click(f"main a[href^='/khen-thuong/{DEMO_TERM_YEAR}/de-cu/?mo-hinh=']")
    page.wait_for_url(re.compile(rf".*/khen-thuong/{DEMO_TERM_YEAR}/de-cu/.*"))
    assert (
        page.locator("#id_exemplary_model option:checked")
        .inner_text()
        .startswith("Camera giám sát an ninh")
    )
    page.click("main form button[type=submit]")  # no statement: refused, kept on the page
    assert page.locator("#id_statement_error").count() == 1
    unit_admin.shoot("form-refused")
    page.fill("#id_statement", "Camera giám sát an ninh giúp phường Xuân Hà phòng ngừa tội phạm.")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/khen-thuong/de-cu/\d+/$"))
    nomination = Nomination.objects.get(exemplary_model__slug="camera-giam-sat-an-ninh-xuan-ha")
    assert nomination.state == "submitted"
    unit_admin.shoot("sent")

    reviewer = _signed_in(journey, "award-reviewer", REVIEWER)
    review = reviewer.page
    reviewer.go(f"/khen-thuong/{DEMO_TERM_YEAR}/")
    assert review.locator("table.nominations tbody tr").count() == 3
    reviewer.shoot("year-list")
    reviewer.go(f"/khen-thuong/{DEMO_TERM_YEAR}/so-sanh/")
    assert review.locator(".nomination-card").count() == 3
    reviewer.shoot("compare")
    reviewer.go(nomination.get_absolute_url())
    review.check("input[name=action][value=return]")
    review.click("section[aria-labelledby=review-heading] button[type=submit]")
    assert review.locator("#id_reason_error").count() == 1  # a return needs its reason
    reviewer.shoot("return-refused")
    review.check("input[name=action][value=return]")
    review.fill("#id_reason", REASON)
    review.click("section[aria-labelledby=review-heading] button[type=submit]")
    review.wait_for_url(f"**{nomination.get_absolute_url()}")
    nomination.refresh_from_db()
    assert (nomination.state, nomination.reason) == ("returned", REASON)
    reviewer.shoot("returned")

    unit_admin.go(nomination.get_absolute_url())
    assert REASON in page.locator(".decision-reason").inner_text()
    page.click(f"main a[href='/khen-thuong/de-cu/{nomination.pk}/sua/']")
    page.fill("#id_statement", "Camera giám sát an ninh, đã có đơn vị nhân rộng (dữ liệu demo).")
    unit_admin.shoot("edit")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**{nomination.get_absolute_url()}")
    nomination.refresh_from_db()
    assert nomination.state == "submitted"

    reviewer.go(nomination.get_absolute_url())
    review.check("input[name=action][value=accept]")
    review.click("section[aria-labelledby=review-heading] button[type=submit]")
    review.wait_for_url(f"**{nomination.get_absolute_url()}")
    nomination.refresh_from_db()
    assert nomination.state == "accepted"
    assert review.locator("section[aria-labelledby=history-heading] ol.history > li").count() == 4
    reviewer.shoot("accepted")

    unit_admin.go(CAMERA)
    awards = page.locator("section[aria-labelledby=awards-heading]")
    assert str(DEMO_TERM_YEAR) in awards.inner_text()
    assert awards.locator(".badge.nomination-accepted").count() == 1
    unit_admin.shoot("model-page")

    # The same pages in English.
    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Accepted" in page.locator("section[aria-labelledby=awards-heading]").inner_text()
    unit_admin.shoot("model-page-en")
    unit_admin.go(nomination.get_absolute_url())
    unit_admin.shoot("accepted-en")
    unit_admin.go(f"/khen-thuong/{DEMO_TERM_YEAR}/so-sanh/")
    unit_admin.shoot("compare-en")
    unit_admin.go(f"/khen-thuong/{DEMO_TERM_YEAR}/")
    unit_admin.shoot("year-list-en")
