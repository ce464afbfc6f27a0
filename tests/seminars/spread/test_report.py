"""The annual knowledge-sharing report: its print page, its .docx read back with python-docx and
its .xlsx read back with openpyxl, for known data of 2025; who may have it; what a reader who
may not open a restricted model does not find in it; bad years; a fixed number of queries."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn
from docx.shared import RGBColor

from emulation_cluster.enums import Visibility
from tests.exports import read_xlsx
from tests.factories import (
    ClusterTermFactory,
    ExemplaryModelFactory,
    IndicatorFactory,
    LessonFactory,
    ReplicationFactory,
    SeminarFactory,
    SeminarInvitationFactory,
    UnitFactory,
)

YEAR = 2025
RESTRICTED = "Mô hình kín Hải Phòng"
REPORT_URLS = ("spread_report", "spread_report_docx", "spread_report_xlsx")


def _at(day, hour=14):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def year(world):
    """2025: Đà Nẵng heads the cluster, Hà Nội is deputy. Hà Nội replicates Đà Nẵng's cameras
    (with a result) and Hải Phòng's restricted model; one seminar held in Hà Nội."""
    term = ClusterTermFactory(
        cluster=world.cluster, year=YEAR, head_unit=world.invited, deputy_unit=world.host
    )
    term.member_units.set([world.host, world.invited, world.other])
    cameras = ReplicationFactory(
        exemplary_model=world.model, adopting_unit=world.host, started_on=datetime.date(2025, 3, 15)
    )
    IndicatorFactory(
        replication=cameras,
        name="Số vụ trộm cắp",
        baseline=Decimal("1234.5"),
        result=Decimal("617.25"),
        period="6 tháng",
    )
    restricted = ExemplaryModelFactory(
        owner_unit=world.other, title=RESTRICTED, visibility=Visibility.RESTRICTED
    )
    ReplicationFactory(
        exemplary_model=restricted, adopting_unit=world.host, started_on=datetime.date(2025, 6, 1)
    )
    older = ExemplaryModelFactory(owner_unit=world.other, title="Mô hình năm trước")
    ReplicationFactory(
        exemplary_model=older, adopting_unit=world.invited, started_on=datetime.date(2024, 12, 31)
    )
    held = SeminarFactory(
        host_unit=world.host,
        title="Tọa đàm trao đổi mô hình 2025",
        starts_at=_at(datetime.date(2025, 9, 6)),
        ends_at=_at(datetime.date(2025, 9, 6), 17),
        status="closed",
    )
    for unit, attendance in ((world.invited, "present"), (world.other, "absent")):
        SeminarInvitationFactory(seminar=held, unit=unit, attendance=attendance)
    LessonFactory(seminar=held, text="Phối hợp với chức sắc tôn giáo", models=[world.model])
    LessonFactory(seminar=held, text="Giữ bí mật cách làm", models=[restricted])
    SeminarFactory(
        host_unit=world.host,
        title="Tọa đàm chưa tổ chức",
        starts_at=_at(datetime.date(2025, 12, 20)),
        ends_at=_at(datetime.date(2025, 12, 20), 17),
        status="scheduled",
    )
    return term


def _docx(client):
    response = client.get(reverse("spread_report_docx", args=[YEAR]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="bao-cao-lan-toa-2025-')
    return Document(io.BytesIO(response.content))


def _texts(document):
    return [p.text for p in document.paragraphs]


def _table_rows(table):
    return [[cell.text for cell in row.cells] for row in table.rows]


def _table_headed(document, *headings):
    """The table whose heading row starts with ``headings``."""
    return next(
        table
        for table in document.tables
        if [cell.text for cell in table.rows[0].cells][: len(headings)] == list(headings)
    )


def test_report_docx_is_an_official_report_of_the_head_unit(world, year):
    document = _docx(world.client("member"))
    letterhead = _table_rows(document.tables[0])[0]
    assert "CÔNG AN THÀNH PHỐ ĐÀ NẴNG" in letterhead[0]
    assert "No.: …/BC" in letterhead[0]
    assert "SOCIALIST REPUBLIC OF VIETNAM" in letterhead[1]
    texts = _texts(document)
    assert texts[0].startswith("Đà Nẵng, ")
    assert "REPORT" in texts
    assert "Results of sharing experience and replicating exemplary models in 2025" in texts
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    sections = [heading for heading in headings if heading[:2] in ("I.", "II", "IV")]
    assert sections == [
        "I. The cluster in 2025",
        "II. Figures of the cluster in 2025",
        "III. Models replicated in 2025",
        "IV. Seminars held and their conclusions",
    ]
    assert "Cluster head unit: Công an thành phố Đà Nẵng." in texts
    assert "Cluster deputy unit: Công an thành phố Hà Nội." in texts
    assert "Period covered: from 01/01/2025 to 31/12/2025." in texts
    for paragraph in document.paragraphs:
        if paragraph.style.name.startswith("Heading"):
            assert paragraph.style.font.color.rgb == RGBColor(0, 0, 0)


def test_report_docx_lists_the_replications_of_the_year_with_their_results(world, year):
    document = _docx(world.client("cluster_admin"))
    table = _table_headed(document, "No.", "Model")
    rows = _table_rows(table)
    assert rows[0] == [
        "No.", "Model", "Owner unit", "Adopting unit", "Started", "State", "Results"
    ]  # fmt: skip
    assert [row[1] for row in rows[1:]] == ["Camera giám sát an ninh", RESTRICTED]
    heading_row = table.rows[0]._tr
    assert heading_row.trPr.find(qn("w:tblHeader")) is not None, "repeated on every page"
    first = rows[1]
    assert first[2:6] == [
        "Công an thành phố Đà Nẵng",
        "Công an thành phố Hà Nội",
        "15/03/2025",
        "In use",
    ]
    assert first[6] == "Số vụ trộm cắp: 1,234.5 → 617.25 vụ (-50%), 6 tháng"
    assert "Mô hình năm trước" not in str(rows)


def test_report_docx_lists_the_seminars_held_and_their_lessons(world, year):
    document = _docx(world.client("cluster_admin"))
    rows = _table_rows(_table_headed(document, "No.", "Date", "Seminar"))
    assert rows[1] == [
        "1", "06/09/2025", "Tọa đàm trao đổi mô hình 2025", "Công an thành phố Hà Nội", "1/2"
    ]  # fmt: skip
    assert len(rows) == 2, "the seminar not held is left out"
    texts = _texts(document)
    assert "1. Tọa đàm trao đổi mô hình 2025 (06/09/2025)" in texts
    assert "1. Phối hợp với chức sắc tôn giáo (concerns: Camera giám sát an ninh)" in texts
    assert f"2. Giữ bí mật cách làm (concerns: {RESTRICTED})" in texts
    recipients = _table_rows(document.tables[-1])[0]
    assert "Recipients:" in recipients[0]
    assert "- Công an thành phố Hà Nội (for information);" in recipients[0]
    assert "Công an thành phố Đà Nẵng (for information)" not in recipients[0]
    assert recipients[0].endswith("- Filed: office of CATP Đà Nẵng.")
    assert "ON BEHALF OF THE CLUSTER HEAD UNIT" in recipients[1]


def test_report_docx_gives_the_dashboard_figures_of_the_year(world, year):
    document = _docx(world.client("cluster_admin"))
    texts = _texts(document)
    assert "3. Replications over time" in texts
    assert "2 replications started (2025); the busiest was March 2025." in texts
    assert "Replications reporting results of their own: 1 of 2 (50 %)." in texts
    assert (
        "Seminars held: 1; lessons recorded: 2; of the invited units whose attendance was "
        "marked, 50 % were present." in texts
    )
    results = _table_rows(_table_headed(document, "Adopting unit", "Replications", "With results"))
    assert ["CATP Hà Nội", "2", "1", "50 %"] in results
    matrix = _table_rows(_table_headed(document, "Owner unit ↓ · adopting unit →"))
    assert len(matrix) == 4, "a row per member city"


def test_restricted_model_is_absent_for_a_reader_who_may_not_open_it(world, year):
    client = world.client("member")  # Hà Nội: the restricted model is Hải Phòng's
    document = _docx(client)
    assert RESTRICTED not in "\n".join(_texts(document))
    assert RESTRICTED not in str([_table_rows(t) for t in document.tables])
    assert "2. Giữ bí mật cách làm (concerns: a model you may not open)" in _texts(document)
    assert "Replications reporting results of their own: 1 of 1 (100 %)." in _texts(document)
    page = client.get(reverse("spread_report", args=[YEAR])).content.decode()
    assert RESTRICTED not in page
    sheets = read_xlsx(client.get(reverse("spread_report_xlsx", args=[YEAR])))
    assert RESTRICTED not in str(sheets)
    owner = world.client("other_organizer")  # Hải Phòng's organizer may open it
    assert RESTRICTED in owner.get(reverse("spread_report", args=[YEAR])).content.decode()


def test_report_xlsx_holds_the_tables_with_real_numbers_and_dates(world, year):
    client = world.client("cluster_admin")
    sheets = read_xlsx(client.get(reverse("spread_report_xlsx", args=[YEAR])))
    replications = sheets["Replications"]
    assert replications[1][:7] == [
        1,
        "Camera giám sát an ninh",
        "Công an thành phố Đà Nẵng",
        "Công an thành phố Hà Nội",
        datetime.datetime(2025, 3, 15),
        "In use",
        1,
    ]
    assert replications[1][8].endswith(world.model.get_absolute_url())
    results = sheets["Replication results"]
    assert results[1][3:8] == ["Số vụ trộm cắp", "vụ", 1234.5, 617.25, -50]
    seminars = sheets["Seminars"]
    assert seminars[1][1:4] == [
        datetime.datetime(2025, 9, 6),
        "Tọa đàm trao đổi mô hình 2025",
        "Công an thành phố Hà Nội",
    ]
    assert seminars[1][6:10] == [2, 1, 2, 0]
    by_unit = {row[0]: row for row in sheets["Figures by unit"]}
    assert sheets["Figures by unit"][0][:4] == [
        "Unit", "Published models", "New in 2025", "Replications taken up"
    ]  # fmt: skip
    assert by_unit["Công an thành phố Hà Nội"][3:6] == [2, 1, 50]
    assert by_unit["Công an thành phố Hà Nội"][12:14] == [1, 2]
    assert by_unit["Whole cluster"][14:17] == [2, 1, 50]
    months = sheets["Replications by month"]
    assert len(months) == 13 and months[3] == [datetime.datetime(2025, 3, 1), 1]
    assert sheets["Who adopted whose models"][1:] == [
        ["Công an thành phố Đà Nẵng", "Công an thành phố Hà Nội", 1],
        ["Công an thành phố Hải Phòng", "Công an thành phố Hà Nội", 1],
    ]
    conclusions = sheets["Conclusions"]
    assert [row[5] for row in conclusions[1:]] == [
        "Phối hợp với chức sắc tôn giáo (concerns: Camera giám sát an ninh)",
        f"Giữ bí mật cách làm (concerns: {RESTRICTED})",
    ]


def test_report_page_shows_the_report_and_its_downloads(world, year):
    html = world.client("member").get(reverse("spread_report", args=[YEAR])).content.decode()
    assert 'class="official-sheet"' in html
    assert "CÔNG AN THÀNH PHỐ ĐÀ NẴNG" in html
    assert "Results of sharing experience and replicating exemplary models in 2025" in html
    assert reverse("spread_report_docx", args=[YEAR]) in html
    assert reverse("spread_report_xlsx", args=[YEAR]) in html
    assert "Số vụ trộm cắp: 1,234.5 → 617.25 vụ (-50%), 6 tháng" in html
    assert "06/09/2025" in html and "Phối hợp với chức sắc tôn giáo" in html
    assert "Công an thành phố Hà Nội (for information)" in html
    assert "II. Figures of the cluster in 2025" in html
    assert "Replications reporting results of their own: 1 of 1 (100 %)." in html
    assert "style=" not in html and "<style" not in html


def test_report_page_reads_in_vietnamese_numbers_and_dates(world, year):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    client.force_login(world.people["member"])
    html = client.get(reverse("spread_report", args=[YEAR])).content.decode()
    assert "1.234,5 → 617,25 vụ (-50%)" in html
    assert "15/03/2025" in html
    assert "2.025" not in html, "a year is not a number with a thousands separator"


def test_report_index_lists_the_years_with_a_term(world, year):
    html = world.client("member").get(reverse("spread_report_index")).content.decode()
    assert reverse("spread_report", args=[YEAR]) in html
    assert reverse("spread_report", args=[world.term.year]) in html
    assert f'href="{reverse("spread_report_index")}" aria-current="page"' in html


@pytest.mark.parametrize(
    "year_text,reason",
    [
        ("abc", "“abc” is not a year"),
        ("1800", "“1800” is not a year"),
        ("20250", "“20250” is not a year"),
        ("2019", "The cluster has no term recorded for 2019."),
    ],
)
@pytest.mark.parametrize("name", REPORT_URLS)
def test_a_year_without_a_report_is_a_clear_404(world, year, name, year_text, reason):
    response = world.client("member").get(reverse(name, args=[year_text]))
    assert response.status_code == 404
    html = response.content.decode()
    assert reason in html
    assert reverse("spread_report", args=[YEAR]) in html, "the reports that exist are offered"


@pytest.mark.parametrize("role,status", [("anonymous", 302), ("outsider", 403)])
def test_report_is_for_the_members_of_the_cluster(world, year, role, status):
    for name in ("spread_report_index", *REPORT_URLS):
        args = [] if name == "spread_report_index" else [YEAR]
        response = world.client(role).get(reverse(name, args=args))
        assert response.status_code == status, name
        assert "Camera giám sát an ninh" not in response.content.decode()


def _more_rows(world, count):
    """``count`` more replications of the year (each by a new unit) and held seminars."""
    for number in range(count):
        unit = UnitFactory(cluster=world.cluster, name=f"Công an thành phố thử {number}")
        replication = ReplicationFactory(
            exemplary_model=world.model, adopting_unit=unit, started_on=datetime.date(2025, 5, 1)
        )
        IndicatorFactory(replication=replication)
        seminar = SeminarFactory(
            host_unit=unit,
            starts_at=_at(datetime.date(2025, 10, 1 + number)),
            ends_at=_at(datetime.date(2025, 10, 1 + number), 17),
            status="held",
        )
        SeminarInvitationFactory(seminar=seminar, unit=world.host, attendance="present")
        LessonFactory(seminar=seminar, models=[world.model])


@pytest.mark.parametrize("name", REPORT_URLS)
def test_report_queries_do_not_grow_with_the_rows(world, year, name, django_assert_num_queries):
    client = world.client("member")
    url = reverse(name, args=[YEAR])
    client.get(url)  # the session and the user's roles, warmed as on any page

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    with_one = count()
    _more_rows(world, 3)
    assert count() == with_one
    print(f"{name}: {with_one} queries")
    with django_assert_num_queries(with_one):
        client.get(url)


def test_report_docx_in_vietnamese_writes_dates_and_numbers_the_vietnamese_way(world, year):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    client.force_login(world.people["cluster_admin"])
    document = _docx(client)
    letterhead = _table_rows(document.tables[0])[0]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in letterhead[1]
    assert "Độc lập – Tự do – Hạnh phúc" in letterhead[1]
    today = timezone.localdate()
    assert _texts(document)[0] == (
        f"Đà Nẵng, ngày {today.day} tháng {today.month} năm {today.year}"
    )
    cells = "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "1.234,5 → 617,25 vụ (-50%), 6 tháng" in cells
    assert "15/03/2025" in cells and "06/09/2025" in cells
