"""Real-browser journeys: Playwright drives Debian's Chromium against a live server of the portal.

Skipped, with the reason printed, where /usr/bin/chromium or Playwright is missing; `.ci/run`
installs Chromium so that CI always runs them. Screenshots (desktop 1366×768 and phone 390×844)
and the HTML of every checked page go under ``test-artifacts/browser/<run>/`` (git-ignored).
"""

import json
import os
import re
import shutil
import time
from datetime import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
DEMO_PASSWORD = "demo-cum1-2025"

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - the dev extra installs it
    sync_playwright = None

if sync_playwright is None or not CHROMIUM.exists():
    pytest.skip(
        f"browser journeys skipped: Chromium not found at {CHROMIUM} "
        "(apt-get install chromium) or Playwright not installed",
        allow_module_level=True,
    )

# Playwright's sync API keeps an event loop in this thread; the ORM calls the tests make
# between browser steps are ordinary synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def artifacts_dir():
    run = os.environ.get("BROWSER_RUN_ID") or datetime.now().strftime("%Y%m%d-%H%M%S")
    path = Path(settings.BASE_DIR) / "test-artifacts" / "browser" / run
    (path / "screenshots").mkdir(parents=True, exist_ok=True)
    (path / "html").mkdir(parents=True, exist_ok=True)
    latest = path.parent / "latest"
    if latest.is_symlink() or latest.exists():
        latest.unlink() if latest.is_symlink() else shutil.rmtree(latest)
    latest.symlink_to(path.name)
    return path


@pytest.fixture(scope="session")
def accessibility_report(artifacts_dir):
    """Every page axe checked, with its violations; written out at the end of the run."""
    report = []
    yield report
    (artifacts_dir / "axe-report.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8"
    )


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


class Journey:
    """One person's browser session, with the checks every key step gets."""

    def __init__(self, browser, live_server, artifacts_dir, report, name):
        # axe is injected as a script: the portal's CSP (rightly) forbids that, so the test
        # context bypasses it. The pages' own CSP compliance is checked in the unit tests.
        self.context = browser.new_context(viewport=DESKTOP, bypass_csp=True, locale="vi-VN")
        self.page = self.context.new_page()
        self.errors = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.base = live_server.url
        self.artifacts = artifacts_dir
        self.report = report
        self.name = name
        self.step = 0

    def go(self, path):
        response = self.page.goto(self.base + path)
        return response

    def shoot(self, label, *, axe=True):
        """Screenshots at both sizes, the page's HTML for the checker, and axe's verdict."""
        self.step += 1
        stem = f"{self.name}-{self.step:02d}-{label}"
        shots = self.artifacts / "screenshots"
        self.page.screenshot(path=shots / f"{stem}-desktop.png", full_page=True)
        self.page.set_viewport_size(PHONE)
        self.page.screenshot(path=shots / f"{stem}-phone.png", full_page=True)
        self.page.set_viewport_size(DESKTOP)
        # ECharts marks each chart's box with its own bookkeeping attribute at run time; the
        # checker judges the portal's markup, not the vendored library's.
        markup = re.sub(r' _echarts_instance_="[^"]*"', "", self.page.content())
        (self.artifacts / "html" / f"{stem}.html").write_text(markup, encoding="utf-8")
        if axe:
            self.check_accessibility(stem)

    def check_accessibility(self, stem):
        script = self.page.add_script_tag(path=str(AXE))
        result = self.page.evaluate(
            "async () => await axe.run(document, {resultTypes: ['violations']})"
        )
        # A later step on the same page saves its HTML too: axe is not part of it.
        script.evaluate("element => element.remove()")
        violations = [
            {
                "id": violation["id"],
                "impact": violation["impact"],
                "help": violation["help"],
                "nodes": [node["target"] for node in violation["nodes"]][:5],
            }
            for violation in result["violations"]
        ]
        self.report.append({"page": stem, "url": self.page.url, "violations": violations})
        serious = [v for v in violations if v["impact"] in ("serious", "critical")]
        assert serious == [], f"{stem}: {serious}"

    def login(self, email, password=DEMO_PASSWORD, totp_secret=None):
        self.go("/accounts/login/")
        self.page.fill("#id_login", email)
        self.page.fill("#id_password", password)
        self.page.click("main form button[type=submit]")
        if totp_secret:
            self.page.wait_for_url("**/2fa/authenticate/**")
            self.page.fill("input[name=code]", totp_code(totp_secret))
            self.page.click("main form button[type=submit]")
        self.page.wait_for_load_state()

    def logout(self):
        self.page.click("header form[action$='/accounts/logout/'] button")
        self.page.wait_for_load_state()

    def close(self):
        assert self.errors == [], self.errors
        self.context.close()


TOTP_MARGIN = 8


def totp_code(secret, *, avoid=None):
    """The current code of ``secret``; waits for the next one if it equals ``avoid``, or if
    the current one has less than ``TOTP_MARGIN`` seconds left: the portal accepts a code in
    its own 30 s only (``MFA_TOTP_TOLERANCE`` 0), and on a loaded machine a code read near
    the end of its 30 s reaches the portal in the next (a journey failed so once)."""
    from allauth.mfa.totp.internal.auth import hotp_value

    while True:
        now = time.time()
        if 30 - now % 30 < TOTP_MARGIN:
            time.sleep(30 - now % 30 + 0.1)
            continue
        code = f"{hotp_value(secret, int(now) // 30):06d}"
        if code != avoid:
            return code
        time.sleep(1)


@pytest.fixture
def demo(transactional_db, settings):
    settings.ACCOUNT_RATE_LIMITS = {}  # journeys log in many times from one address
    for command in (
        "load_demo",
        "load_demo_seminar",
        "load_demo_questions",
        "load_demo_evidence",
    ):
        call_command(command, stdout=open(os.devnull, "w"))  # noqa: SIM115 - discard output


@pytest.fixture
def journey(browser, live_server, artifacts_dir, accessibility_report, request):
    opened = []

    def start(name=None):
        person = Journey(
            browser,
            live_server,
            artifacts_dir,
            accessibility_report,
            name or request.node.name.removeprefix("test_"),
        )
        opened.append(person)
        return person

    yield start
    for person in opened:
        person.close()
