"""The spread of good practice in Chromium: the cluster dashboard, a unit's dashboard and the
evidence map draw their charts under the portal's real Content-Security-Policy (no violation
reported), at desktop and phone sizes, in Vietnamese and English, and pass axe."""

import datetime

import pytest
from django.utils import timezone

from emulation_cluster.models import ClusterTerm, Unit
from models_registry.enums import ReplicationState
from models_registry.models import ExemplaryModel, Indicator, Replication
from seminars.qa.models import Question

from .conftest import DEMO_PASSWORD, DESKTOP, PHONE

pytestmark = pytest.mark.browser

PAGES = ["/lan-toa/", "/lan-toa/ban-do-bang-chung/", "/lan-toa/don-vi/catp-ha-noi/"]


@pytest.fixture
def figures(demo):
    """Figures for the charts to draw, added by the test (the article gives none)."""
    year = timezone.localdate().year
    ClusterTerm.objects.filter(year=year).exists() or ClusterTerm.objects.update(year=year)
    units = {u.slug: u for u in Unit.objects.filter(parent__isnull=True)}
    models = list(ExemplaryModel.objects.filter(published_at__isnull=False).order_by("id"))
    for n, model in enumerate(models):
        Indicator.objects.create(
            exemplary_model=model, name="Số vụ việc", baseline=100, result=100 - 10 * (n + 1)
        )
        adopters = [u for u in units.values() if u.pk != model.owner_unit_id][: (n % 3) + 1]
        for adopter in adopters:
            if Replication.objects.filter(exemplary_model=model, adopting_unit=adopter).exists():
                continue  # the demo's own illustrative replications (load_demo_evidence)
            replication = Replication.objects.create(
                exemplary_model=model,
                adopting_unit=adopter,
                state=ReplicationState.IN_USE,
                started_on=datetime.date(year, (n % 12) + 1, 1),
            )
            Indicator.objects.create(
                replication=replication, name="Số vụ việc", baseline=50, result=40
            )
    answered = Question.objects.filter(first_official_answer_at__isnull=True)[:2]
    for question in answered:
        Question.objects.filter(pk=question.pk).update(
            first_official_answer_at=question.created_at + datetime.timedelta(hours=20)
        )


def _csp_violations(page):
    """Violations the page reported, read from the securitypolicyviolation events."""
    return page.evaluate("() => window.__violations || []")


def test_spread_pages_draw_under_the_csp_without_a_violation(figures, browser, live_server):
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN")  # the real CSP applies
    context.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation', e =>"
        " window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.on("pageerror", lambda error: console.append(str(error)))
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_login", "canbo.hanoi@demo.invalid")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    for path in PAGES:
        for size in (DESKTOP, PHONE):
            page.set_viewport_size(size)
            response = page.goto(live_server.url + path)
            assert response.status == 200
            # The directives come in no fixed order: read them, then check the one that matters.
            directives = response.headers["content-security-policy"].split(";")
            assert "style-src 'self'" in [d.strip() for d in directives]
            page.wait_for_selector("div.chart.chart-drawn svg")
            page.wait_for_timeout(300)  # the resize redraw
            assert _csp_violations(page) == [], path
    assert [text for text in console if "Content Security Policy" in text or "Error" in text] == []
    context.close()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_spread_journey_dashboard_unit_and_evidence_map(figures, journey, language):
    reader = journey(f"spread-{language}")
    page = reader.page
    reader.login("canbo.hanoi@demo.invalid")
    if language == "en":
        page.click("button[lang=en]")
        page.wait_for_load_state()

    page.click("nav.main-nav a[href='/lan-toa/']")
    page.wait_for_url("**/lan-toa/")
    page.wait_for_selector("#chart-models-per-unit.chart-drawn svg")
    assert page.locator("section.chart-card").count() == 8
    assert page.locator("section.chart-card table.chart-table").count() == 8
    reader.shoot("dashboard")
    page.set_viewport_size(PHONE)
    for chart in page.locator("div.chart").all():
        box = chart.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.set_viewport_size(DESKTOP)

    reader.go("/don-vi/catp-ha-noi/")
    page.click("a[href='/lan-toa/don-vi/catp-ha-noi/']")
    page.wait_for_selector("section.comparison table")
    reader.shoot("unit")

    reader.go("/lan-toa/ban-do-bang-chung/")
    page.wait_for_selector("#chart-evidence-map.chart-drawn svg")
    assert page.locator("#chart-evidence-map svg path, #chart-evidence-map svg circle").count() > 0
    reader.shoot("evidence-map")
    first = page.locator("section.chart-card table.chart-table tbody a").first
    title = first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == title
