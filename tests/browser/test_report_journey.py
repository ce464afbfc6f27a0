"""A member of the cluster reads the annual knowledge-sharing report of the demo year: from the
list of years to the report, its downloads, the page as printed, in Vietnamese and English."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from emulation_cluster.models import Unit
from models_registry.models import ExemplaryModel
from tests.factories import IndicatorFactory, ReplicationFactory

pytestmark = pytest.mark.browser

MEMBER = "canbo.cantho@demo.invalid"


def _a_replication_of_the_demo_year():
    """Test data, not demo data: Cần Thơ adopts Hà Nội's night patrols in 2023, with a result."""
    replication = ReplicationFactory(
        exemplary_model=ExemplaryModel.objects.get(
            slug="menh-lenh-01-tong-kiem-soat-hanh-chinh-ban-dem"
        ),
        adopting_unit=Unit.objects.get(slug="catp-can-tho"),
        started_on=datetime.date(2023, 4, 1),
    )
    IndicatorFactory(replication=replication, baseline=1250, result=1000, unit_of_measure="vụ")


def test_a_member_reads_and_prints_the_annual_report(demo, journey):
    assert get_user_model().objects.filter(email=MEMBER).exists()
    _a_replication_of_the_demo_year()
    reader = journey("annual-report")
    page = reader.page
    reader.login(MEMBER)
    reader.go("/lan-toa/bao-cao/")
    reader.shoot("years")
    page.click("main a[href='/lan-toa/bao-cao/2023/']")
    page.wait_for_load_state()
    sheet = page.locator("article.official-sheet")
    text = sheet.inner_text()
    assert "CÔNG AN THÀNH PHỐ CẦN THƠ" in text  # the head unit of 2023 issues it
    assert "Công an thành phố Cần Thơ" in sheet.locator("table.report-replications").inner_text()
    assert "1.250 → 1.000 vụ (-20%)" in text
    assert "06/09/2023" in sheet.locator("table.report-seminars").inner_text()
    assert page.locator("a[href='/lan-toa/bao-cao/2023.docx']").count() == 1
    reader.shoot("report")

    with page.expect_download() as download:
        page.click("a[href='/lan-toa/bao-cao/2023.docx']")
    assert download.value.suggested_filename.startswith("bao-cao-lan-toa-2023-")
    assert download.value.suggested_filename.endswith(".docx")

    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".sheet-tools").is_visible()
    assert sheet.is_visible()
    reader.shoot("report-printed", axe=False)
    page.emulate_media(media="screen")

    page.click("header .language-form button[value=en]")
    page.wait_for_load_state()
    assert "SOCIALIST REPUBLIC OF VIETNAM" in sheet.inner_text()
    assert "1,250 → 1,000 vụ (-20%)" in sheet.inner_text()
    reader.shoot("report-english")
