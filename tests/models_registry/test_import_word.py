"""A unit's write-up in Word becomes a draft: read, reviewed in the model form, then saved."""

import html
import io
import re
import zipfile
from decimal import Decimal

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from emulation_cluster.models import AuditEntry
from models_registry.imports.figures import parse_number
from models_registry.imports.headings import field_for_heading
from models_registry.imports.word import read_word
from models_registry.models import ExemplaryModel
from tests.factories import PartnerFactory
from tests.pages import DENIED, to_login

pytestmark = pytest.mark.django_db

URL = "/mo-hinh/nhap/word/"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _upload(document, name="mo-hinh.docx"):
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=DOCX)


def _figures(document, rows):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            table.cell(i, j).text = text


def write_up():
    """A write-up as units send them: a title, an opening, numbered and bold headings, a table
    of figures, a section of its own ("Phụ lục"), the partners."""
    document = docx.Document()
    document.add_heading("Mô hình Camera an ninh khu dân cư", level=0)
    document.add_paragraph("Mô hình do Công an phường Tràng Tiền xây dựng từ năm 2022.")
    document.add_heading("1. Sự cần thiết", level=1)
    document.add_paragraph("Địa bàn đông dân, nhiều vụ trộm cắp ban đêm.")
    document.add_paragraph().add_run("2. Cách làm").bold = True
    document.add_paragraph("Lắp camera tại các ngõ.", style="List Bullet")
    document.add_paragraph("Kết nối về trụ sở công an phường.", style="List Bullet")
    document.add_paragraph("Kết quả")
    _figures(
        document,
        [
            ["Chỉ tiêu", "Đơn vị tính", "Trước", "Sau"],
            ["Số vụ trộm cắp", "vụ", "1.234", "987,5"],
            ["Tỷ lệ phát hiện", "", "45", "95%"],
            ["Ý kiến người dân", "", "khoảng 20", "30"],
        ],
    )
    document.add_heading("Phụ lục ảnh", level=1)
    document.add_paragraph("Ảnh chụp các điểm camera.")
    document.add_heading("Bài học kinh nghiệm", level=1)
    document.add_paragraph("Cần sự đồng thuận của nhân dân.")
    document.add_heading("Đơn vị phối hợp", level=2)
    document.add_paragraph("Viettel Hà Nội hỗ trợ đường truyền.")
    document.add_heading("IV. ĐIỀU KIỆN NHÂN RỘNG", level=1)
    document.add_paragraph("Kinh phí xã hội hóa, sự ủng hộ của cấp ủy.")
    return document


# --- reading ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,number",
    [("1.234,5", "1234.5"), ("12,5", "12.5"), ("1.234", "1234"), ("95%", "95"),
     ("-3", "-3"), ("1.234.567", "1234567"), ("12.5", "12.5")],
)  # fmt: skip
def test_numbers_are_read_the_vietnamese_way(text, number):
    assert parse_number(text) == Decimal(number)


@pytest.mark.parametrize("text", ["khoảng 20", "", "1,2,3", "1.2.3", "0,125", "1e5"])
def test_what_is_not_a_plain_number_is_not_guessed(text):
    assert parse_number(text) is None


@pytest.mark.parametrize(
    "heading,field",
    [
        ("1. Sự cần thiết", "problem"),
        ("II. CÁCH LÀM", "how_it_works"),
        ("Kết quả đạt được", "results"),
        ("Bai hoc kinh nghiem", "lessons_learned"),
        ("4. Điều kiện nhân rộng", "replication_conditions"),
        ("Kết quả và bài học", "results"),
        ("Lessons learned", "lessons_learned"),
        ("Phụ lục", None),
    ],
)
def test_headings_are_matched_without_diacritics(heading, field):
    assert field_for_heading(heading) == field


def test_each_section_goes_to_its_field_and_nothing_is_dropped():
    partner = PartnerFactory(name="Viettel Hà Nội")
    draft = read_word(_upload(write_up()))
    assert draft.title == "Mô hình Camera an ninh khu dân cư"
    fields = draft.fields
    assert fields["summary"] == "Mô hình do Công an phường Tràng Tiền xây dựng từ năm 2022."
    assert fields["problem"] == "Địa bàn đông dân, nhiều vụ trộm cắp ban đêm."
    assert "- Lắp camera tại các ngõ." in fields["how_it_works"]
    assert "- Kết nối về trụ sở công an phường." in fields["how_it_works"]
    # The unknown section follows the results, heading and all; the row that is no figure too.
    assert "### Phụ lục ảnh\n\nẢnh chụp các điểm camera." in fields["results"]
    assert "| Ý kiến người dân |  | khoảng 20 | 30 |" in fields["results"]
    assert "Viettel Hà Nội hỗ trợ đường truyền." in fields["lessons_learned"]
    assert fields["replication_conditions"] == "Kinh phí xã hội hóa, sự ủng hộ của cấp ủy."
    assert draft.partner_ids == [partner.pk]
    figures = [
        (i["name"], i["baseline"], i["result"], i["unit_of_measure"]) for i in draft.indicators
    ]
    assert figures == [
        ("Số vụ trộm cắp", Decimal("1234"), Decimal("987.5"), "vụ"),
        ("Tỷ lệ phát hiện", Decimal("45"), Decimal("95"), "%"),
    ]
    unrecognised = [p.part for p in draft.placements if not p.recognised]
    assert unrecognised == ["Phụ lục ảnh"]
    assert draft.warnings == []


def test_a_document_without_headings_goes_to_one_field_with_a_notice():
    document = docx.Document()
    document.add_paragraph("Tổ tự quản an ninh khu phố hoạt động từ năm 2021.")
    document.add_paragraph("Mỗi tổ có năm thành viên, tuần tra luân phiên.")
    draft = read_word(_upload(document, "to-tu-quan.docx"))
    assert draft.recognised_headings == 0
    assert draft.fields["summary"].startswith("Tổ tự quản an ninh khu phố")
    assert "tuần tra luân phiên" in draft.fields["summary"]
    assert draft.title == "to-tu-quan"
    assert len(draft.warnings) == 2  # no heading recognised; the file name as the title


def test_a_long_opening_goes_to_the_problem_and_the_summary_keeps_its_beginning():
    document = docx.Document()
    document.add_paragraph("Đoạn mở đầu. " * 100)
    document.add_paragraph("Đoạn thứ hai " * 100)
    document.add_heading("Kết quả", level=1)
    document.add_paragraph("Giảm 30% số vụ.")
    draft = read_word(_upload(document))
    assert "Đoạn thứ hai" in draft.fields["problem"]
    assert draft.fields["summary"].startswith("Đoạn mở đầu.")
    assert len(draft.fields["summary"]) <= 2000


# --- the pages --------------------------------------------------------------------------------


def test_the_write_page_links_to_the_import(editor_client):
    assert URL in editor_client.get(reverse("model_create")).content.decode()


def test_upload_page_for_editors_only(client, member_client, editor_client):
    to_login(client.get(URL), URL)
    assert DENIED in member_client.get(URL).content.decode()
    assert member_client.get(URL).status_code == 403
    assert editor_client.get(URL).status_code == 200


def test_upload_page_queries_are_fixed(editor_client, django_assert_num_queries):
    editor_client.get(URL)
    with django_assert_num_queries(6):
        editor_client.get(URL)


def test_the_review_page_is_the_model_form_filled_in_and_saves_nothing(editor_client, unit):
    response = editor_client.post(URL, {"file": _upload(write_up())})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'action="{reverse("model_create")}?nguon=word"' in html
    assert 'value="Mô hình Camera an ninh khu dân cư"' in html
    assert "Địa bàn đông dân, nhiều vụ trộm cắp ban đêm." in html
    assert 'name="indicators-0-name" value="Số vụ trộm cắp"' in html
    assert 'name="indicators-0-baseline" value="1.234"' in html
    assert 'name="indicators-1-name" value="Tỷ lệ phát hiện"' in html
    assert re.search(r'name="indicators-TOTAL_FORMS" value="3"', html)
    assert "“Phụ lục ảnh”" in html  # the note of where each part went
    assert ExemplaryModel.objects.count() == 0


INPUT = re.compile(r'<input type="(?:text|hidden)" name="([^"]+)" value="([^"]*)"')
TEXTAREA = re.compile(r'<textarea name="([^"]+)"[^>]*>\n?(.*?)</textarea>', re.S)
CHECKED = re.compile(r'<input type="checkbox" name="([^"]+)" value="([^"]+)"[^>]*checked')
SELECT = re.compile(r'<select name="([^"]+)"[^>]*>(.*?)</select>', re.S)


def _as_posted(page):
    """The review form as the browser would send it, unchanged."""
    data = dict(INPUT.findall(page)) | dict(TEXTAREA.findall(page))
    data = {name: html.unescape(value) for name, value in data.items()}
    for name, value in CHECKED.findall(page):
        data.setdefault(name, []).append(value)
    for name, options in SELECT.findall(page):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        data[name] = (chosen or re.search(r'<option value="([^"]*)"', options)).group(1)
    return data


def test_saving_the_reviewed_form_makes_a_draft_with_its_indicators(editor_client, editor, unit):
    partner = PartnerFactory(name="Viettel Hà Nội")
    review = editor_client.post(URL, {"file": _upload(write_up())}).content.decode()
    data = _as_posted(review)
    data["title"] = "Camera an ninh khu dân cư Tràng Tiền"
    response = editor_client.post(reverse("model_create"), data)
    model = ExemplaryModel.objects.get()
    assert response.status_code == 302
    assert response["Location"] == model.get_absolute_url()
    assert model.title == "Camera an ninh khu dân cư Tràng Tiền"
    assert model.published_at is None and model.owner_unit == unit
    assert model.problem == "Địa bàn đông dân, nhiều vụ trộm cắp ban đêm."
    assert "### Phụ lục ảnh" in model.results
    assert list(model.partners.all()) == [partner]
    assert [(i.name, i.baseline, i.result) for i in model.indicators.all()] == [
        ("Số vụ trộm cắp", Decimal("1234"), Decimal("987.5")),
        ("Tỷ lệ phát hiện", Decimal("45"), Decimal("95")),
    ]
    assert AuditEntry.objects.filter(action="create", target_id=model.pk).count() == 1


def _corrupt():
    return SimpleUploadedFile("hong.docx", b"PK\x03\x04" + b"\x00" * 200, content_type=DOCX)


def _not_a_word_file():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    return SimpleUploadedFile("bao-cao.docx", buffer.getvalue(), content_type=DOCX)


def _renamed_pdf():
    return SimpleUploadedFile("bao-cao.docx", b"%PDF-1.4\n%%EOF\n", content_type=DOCX)


def _workbook_renamed():
    import openpyxl

    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return SimpleUploadedFile("so-lieu.docx", buffer.getvalue(), content_type=DOCX)


def _empty_document():
    return _upload(docx.Document())


def _not_docx():
    return SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


@pytest.mark.parametrize(
    "make_file",
    [_corrupt, _not_a_word_file, _renamed_pdf, _workbook_renamed, _empty_document, _not_docx],
)
def test_bad_files_are_refused_with_a_reason_and_nothing_saved(editor_client, make_file):
    response = editor_client.post(URL, {"file": make_file()})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error"' in html and 'id="id_file_error"' in html
    assert ExemplaryModel.objects.count() == 0


def _with_figures(rows):
    document = docx.Document()
    document.add_heading("Kết quả", level=1)
    header = [["Chỉ tiêu", "Trước", "Sau"]]
    _figures(document, header + [[f"Chỉ tiêu {n}", "1", "2"] for n in range(rows)])
    return _upload(document)


def test_review_page_queries_do_not_grow_with_the_document(editor_client):
    PartnerFactory()
    with CaptureQueriesContext(connection) as one:
        assert editor_client.post(URL, {"file": _with_figures(1)}).status_code == 200
    with CaptureQueriesContext(connection) as twenty:
        assert editor_client.post(URL, {"file": _with_figures(20)}).status_code == 200
    assert len(one) == len(twenty)


def test_no_file_is_refused(editor_client):
    assert editor_client.post(URL, {}).status_code == 400


def test_a_huge_file_is_refused(editor_client, settings):
    settings.ATTACHMENT_MAX_BYTES = 1000
    response = editor_client.post(URL, {"file": _upload(write_up())})
    assert response.status_code == 400
    assert ExemplaryModel.objects.count() == 0


def test_a_file_that_unpacks_to_far_more_is_refused(editor_client, settings):
    settings.ATTACHMENT_MAX_BYTES = 20_000
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b" " * 1_000_000)
    upload = SimpleUploadedFile("bom.docx", buffer.getvalue(), content_type=DOCX)
    assert editor_client.post(URL, {"file": upload}).status_code == 400


def test_others_may_not_upload(member_client):
    response = member_client.post(URL, {"file": _upload(write_up())})
    assert response.status_code == 403


def test_a_document_without_headings_is_reviewed_with_a_notice(editor_client):
    document = docx.Document()
    document.add_paragraph("Tổ tự quản an ninh khu phố hoạt động từ năm 2021.")
    response = editor_client.post(URL, {"file": _upload(document)})
    assert response.status_code == 200
    assert response.content.decode().count("message-warning") == 2
    assert ExemplaryModel.objects.count() == 0
