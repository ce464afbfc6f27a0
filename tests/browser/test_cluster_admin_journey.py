"""The demo cluster administrator runs the cluster from the portal: next year's term, a new ward
under a district, moved to another district, then archived; each page shot at both sizes."""

import re

import pytest
from django.contrib.auth import get_user_model

from emulation_cluster.enums import AuditAction
from emulation_cluster.models import AuditEntry, ClusterTerm, Unit
from models_registry.management.commands.load_demo import DEMO_TERM_YEAR
from tests.conftest import enrol_totp

pytestmark = pytest.mark.browser

ADMIN = "quantri.cum@demo.invalid"
WARD = "Công an phường An Khê"
NEXT_YEAR = DEMO_TERM_YEAR + 1


def test_the_cluster_administrator_runs_terms_and_units(demo, journey):
    secret = enrol_totp(get_user_model().objects.get(email=ADMIN))
    person = journey("cluster-admin")
    page = person.page
    person.login(ADMIN, totp_secret=secret)

    person.go("/tai-khoan/")
    page.click("main a[href='/quan-tri-cum/']")
    page.wait_for_url("**/quan-tri-cum/")
    assert page.locator("header a[href='/quan-tri-cum/']").count() == 1
    person.shoot("overview")

    # The next term, from the latest one (the demo's, Cần Thơ at the head).
    page.click("main .admin-nav a[href='/quan-tri-cum/nhiem-ky/']")
    page.click("main a[href='/quan-tri-cum/nhiem-ky/them/']")
    assert page.input_value("#id_year") == str(NEXT_YEAR)
    page.select_option("#id_head_unit", "catp-da-nang")
    page.select_option("#id_deputy_unit", "catp-da-nang")  # the same unit twice: refused
    page.click("main form button[type=submit]")
    assert page.locator("#id_deputy_unit_error").count() == 1
    assert page.input_value("#id_year") == str(NEXT_YEAR)
    person.shoot("term-refused")
    page.select_option("#id_deputy_unit", "catp-hai-phong")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/quan-tri-cum/nhiem-ky/")
    term = ClusterTerm.objects.get(year=NEXT_YEAR)
    assert (term.head_unit.slug, term.deputy_unit.slug) == ("catp-da-nang", "catp-hai-phong")
    assert term.member_units.count() == 5
    person.shoot("terms")

    # A ward under CAQ Thanh Khê (Đà Nẵng).
    page.click("main .admin-nav a[href='/quan-tri-cum/don-vi/']")
    person.shoot("unit-tree")
    page.click("main a[href='/quan-tri-cum/don-vi/them/?parent=caq-thanh-khe']")
    page.fill("#id_name", WARD)
    page.fill("#id_short_name", "CAP An Khê")
    person.shoot("unit-form")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/don-vi/cap-an-khe/$"))
    ward = Unit.objects.get(name=WARD)
    assert (ward.parent.slug, ward.city) == ("caq-thanh-khe", "Đà Nẵng")
    person.shoot("ward-added")

    # Moved under CAQ Thốt Nốt (Cần Thơ): it takes that city.
    page.click("main a[href='/quan-tri-cum/don-vi/cap-an-khe/chuyen/']")
    page.select_option("#id_parent", "caq-thot-not")
    person.shoot("move-form")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/don-vi/cap-an-khe/$"))
    ward.refresh_from_db()
    assert (ward.parent.slug, ward.city) == ("caq-thot-not", "Cần Thơ")
    assert "Công an quận Thốt Nốt" in page.locator("nav.breadcrumbs").inner_text()
    person.shoot("ward-moved")

    # Archived: out of the tree, in the archived list, its page marked.
    page.click("main form[action='/quan-tri-cum/don-vi/cap-an-khe/luu-tru/'] button")
    page.wait_for_url("**/quan-tri-cum/don-vi/")
    archived = page.locator("section[aria-labelledby=archived-heading]")
    assert WARD in archived.inner_text()
    ward.refresh_from_db()
    assert ward.archived_at is not None
    person.shoot("ward-archived")
    person.go("/don-vi/cap-an-khe/")
    assert page.locator("main .badge.archived").count() == 1
    person.shoot("archived-unit-page")
    person.go("/don-vi/")
    assert WARD not in page.locator("main").inner_text()

    entries = AuditEntry.objects.filter(actor__email=ADMIN).order_by("id")
    made, added, moved, archived = entries.values_list("action", flat=True)
    assert (made, added, moved, archived) == ("create", "create", "change", AuditAction.ARCHIVE)
    person.go("/quan-tri-cum/")
    assert WARD in page.locator("section[aria-labelledby=log-heading]").inner_text()
    person.shoot("log")
    person.go("/")
    assert str(NEXT_YEAR) in page.locator("table.term-history").inner_text()
    person.shoot("home-terms")
