"""Many models at once from a workbook: the template, the per-row report, all or nothing."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from emulation_cluster.enums import Role, Visibility
from emulation_cluster.models import AuditEntry
from models_registry.imports.excel import COLUMNS
from models_registry.models import ExemplaryModel
from tests.factories import ExemplaryModelFactory, MembershipFactory, TopicFactory
from tests.pages import to_login

pytestmark = pytest.mark.django_db

URL = "/mo-hinh/nhap/excel/"
TEMPLATE_URL = "/mo-hinh/nhap/excel/mau.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
VIETNAMESE_HEADER = [
    "Tên mô hình", "Đơn vị chủ trì", "Chủ đề", "Tóm tắt", "Sự cần thiết", "Cách làm",
    "Kết quả", "Bài học kinh nghiệm", "Điều kiện nhân rộng", "Phạm vi xem",
]  # fmt: skip


def _row(title, unit="ha-noi", topics="", summary="Tóm tắt.", visibility="", **more):
    return [title, unit, topics, summary, more.get("problem", ""), more.get("how", ""),
            "", "", "", visibility]  # fmt: skip


def _workbook(rows, header=VIETNAMESE_HEADER, name="mo-hinh.xlsx"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if header:
        sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX)


@pytest.fixture
def topic(db):
    return TopicFactory(name="Phòng, chống ma túy", slug="phong-chong-ma-tuy")


def test_the_template_downloads_and_opens(editor_client, unit, other_unit, topic):
    response = editor_client.get(TEMPLATE_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    models, lists = workbook.worksheets
    assert [cell.value for cell in models[1]] == [str(c.label) for c in COLUMNS]
    listed = [row for row in lists.iter_rows(min_row=2, values_only=True)]
    assert [row[0] for row in listed if row[0]] == ["ha-noi"]  # only the units they write for
    assert [row[2] for row in listed if row[2]] == ["phong-chong-ma-tuy"]
    assert len(models.data_validations.dataValidation) == 2


def test_the_filled_template_imports(editor_client, unit, topic):
    template = openpyxl.load_workbook(io.BytesIO(editor_client.get(TEMPLATE_URL).content))
    template.active.append(["Tổ liên gia an toàn", "CATP Hà Nội", "phong-chong-ma-tuy", "Tóm tắt."])
    buffer = io.BytesIO()
    template.save(buffer)
    upload = SimpleUploadedFile("mau.xlsx", buffer.getvalue(), content_type=XLSX)
    assert editor_client.post(URL, {"file": upload}).status_code == 200
    assert list(ExemplaryModel.objects.get().topics.all()) == [topic]


def test_a_good_file_imports_every_row_as_a_draft(editor_client, editor, unit, topic):
    rows = [
        _row("Camera an ninh", topics="Phòng, chống ma túy", visibility="Công khai"),
        _row("Tổ tự quản", unit="CATP Hà Nội", topics="phong-chong-ma-tuy; ", how="- Tuần tra"),
        _row("Zalo an ninh", unit="cong an thanh pho ha noi", visibility="restricted"),
    ]
    response = editor_client.post(URL, {"file": _workbook(rows)})
    assert response.status_code == 200
    made = ExemplaryModel.objects.order_by("title")
    assert [m.title for m in made] == ["Camera an ninh", "Tổ tự quản", "Zalo an ninh"]
    assert all(m.published_at is None and m.owner_unit == unit for m in made)
    assert [m.visibility for m in made] == [
        Visibility.PUBLIC,
        Visibility.MEMBERS,
        Visibility.RESTRICTED,
    ]
    assert made[1].how_it_works == "- Tuần tra"
    assert list(made[0].topics.all()) == [topic]
    assert AuditEntry.objects.filter(action="create", actor=editor).count() == 3
    html = response.content.decode()
    for model in made:
        assert model.get_absolute_url() in html


def test_one_bad_row_imports_nothing_and_the_report_names_it(editor_client, unit, other_unit):
    ExemplaryModelFactory(title="Đã có trên cổng")
    rows = [
        _row("Mô hình tốt"),
        _row("", summary="Không tiêu đề"),
        _row("Đơn vị lạ", unit="khong-co"),
        _row("Đơn vị khác", unit="da-nang"),
        _row("Chủ đề lạ", topics="khong-co-chu-de"),
        _row("Mô hình tốt"),
        _row("Da co tren cong"),
        _row("Dài quá", summary="x" * 2001),
        _row("Không tóm tắt", summary=""),
        _row("Phạm vi lạ", visibility="bí mật"),
    ]
    response = editor_client.post(URL, {"file": _workbook(rows)})
    assert response.status_code == 400
    assert ExemplaryModel.objects.count() == 1
    report = response.context["refused_rows"]
    assert [check.number for check in report] == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    assert all(len(check.problems) == 1 for check in report)
    by_row = {check.number: check.problems[0] for check in report}
    assert "Công an thành phố Đà Nẵng" in by_row[5]  # a unit the editor may not write for
    assert "“khong-co”" in by_row[4] and "“khong-co-chu-de”" in by_row[6]
    assert "2001" in by_row[9]
    html = response.content.decode()
    assert "khong-co-chu-de" in html and "Mô hình tốt" in html


def test_the_english_header_is_read_too(editor_client, unit):
    header = ["Title", "Unit", "Summary"]
    upload = _workbook([["Camera", "ha-noi", "Tóm tắt."]], header=header)
    assert editor_client.post(URL, {"file": upload}).status_code == 200
    assert ExemplaryModel.objects.get().title == "Camera"


def _word_renamed():
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return SimpleUploadedFile("mo-hinh.xlsx", buffer.getvalue(), content_type=XLSX)


@pytest.mark.parametrize(
    "upload",
    [
        pytest.param(lambda: _workbook([_row("A")], header=None), id="no header"),
        pytest.param(lambda: _workbook([], header=["Tên mô hình", "Tóm tắt"]), id="no unit column"),
        pytest.param(lambda: _workbook([]), id="no rows"),
        pytest.param(lambda: SimpleUploadedFile("a.xlsx", b"PK\x03\x04junk"), id="corrupt"),
        pytest.param(lambda: SimpleUploadedFile("a.xlsx", b"%PDF-1.4\n"), id="renamed pdf"),
        pytest.param(lambda: SimpleUploadedFile("a.csv", b"title,unit\n"), id="csv"),
        pytest.param(lambda: SimpleUploadedFile("a.docx", b"PK\x03\x04junk"), id="docx"),
        pytest.param(_word_renamed, id="word renamed .xlsx"),
    ],
)
def test_files_that_are_no_template_are_refused(editor_client, unit, upload):
    response = editor_client.post(URL, {"file": upload()})
    assert response.status_code == 400
    assert 'id="id_file_error"' in response.content.decode()
    assert ExemplaryModel.objects.count() == 0


def test_at_most_so_many_rows(editor_client, unit, monkeypatch):
    monkeypatch.setattr("models_registry.imports.excel.MAX_ROWS", 3)
    rows = [_row(f"Mô hình {n}") for n in range(4)]
    assert editor_client.post(URL, {"file": _workbook(rows)}).status_code == 400
    assert ExemplaryModel.objects.count() == 0


def test_a_huge_file_is_refused(editor_client, unit, settings):
    settings.ATTACHMENT_MAX_BYTES = 1000
    response = editor_client.post(URL, {"file": _workbook([_row("A" * 2000)])})
    assert response.status_code == 400


def test_a_cluster_admin_imports_for_any_unit(cluster_admin_client, unit, other_unit):
    rows = [_row("Của Hà Nội"), _row("Của Đà Nẵng", unit="da-nang")]
    assert cluster_admin_client.post(URL, {"file": _workbook(rows)}).status_code == 200
    assert ExemplaryModel.objects.filter(owner_unit=other_unit).count() == 1


def test_an_editor_of_two_units_writes_for_both(editor, unit, other_unit, editor_client):
    MembershipFactory(user=editor, unit=other_unit, role=Role.EDITOR)
    rows = [_row("Của Hà Nội"), _row("Của Đà Nẵng", unit="CATP Đà Nẵng")]
    assert editor_client.post(URL, {"file": _workbook(rows)}).status_code == 200


@pytest.mark.parametrize("url", [URL, TEMPLATE_URL])
def test_only_those_who_may_write_models(client, member_client, url):
    to_login(client.get(url), url)
    assert member_client.get(url).status_code == 403


def test_others_may_not_import(member_client, unit):
    response = member_client.post(URL, {"file": _workbook([_row("Chiếm quyền")])})
    assert response.status_code == 403
    assert ExemplaryModel.objects.count() == 0


def test_page_queries_are_fixed(editor_client, django_assert_num_queries):
    editor_client.get(URL)
    with django_assert_num_queries(6):
        editor_client.get(URL)


def test_the_report_queries_do_not_grow_with_the_refused_rows(editor_client, unit):
    few = _workbook([_row("A", unit="khong-co")])
    many = _workbook([_row(f"A{n}", unit="khong-co") for n in range(20)])
    with CaptureQueriesContext(connection) as one:
        editor_client.post(URL, {"file": few})
    with CaptureQueriesContext(connection) as twenty:
        editor_client.post(URL, {"file": many})
    assert len(one) == len(twenty)


def test_the_service_keeps_nothing_when_a_row_fails_its_own_checks(editor, unit):
    from models_registry import services

    good = {"title": "Tốt", "owner_unit": unit, "summary": "Tóm tắt.", "topics": []}
    bad = {**good, "title": ""}  # the model itself refuses a blank title
    made, refused = services.models_import(rows=[good, bad], author=editor)
    assert made == [] and list(refused) == [1]
    assert ExemplaryModel.objects.count() == 0
    assert AuditEntry.objects.count() == 0
