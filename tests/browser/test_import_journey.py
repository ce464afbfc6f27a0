"""An editor brings a unit's existing write-up in from Word, reviews it, and saves a draft."""

import docx
import openpyxl
import pytest

from models_registry.models import ExemplaryModel

pytestmark = pytest.mark.browser

TITLE_IN_FILE = "Mô hình Tổ liên gia phòng cháy chữa cháy"
TITLE = "Tổ liên gia an toàn phòng cháy, chữa cháy phường Hàng Bạc"


def _write_up(path):
    document = docx.Document()
    document.add_heading(TITLE_IN_FILE, level=0)
    document.add_paragraph("Các hộ liền kề cùng nhau phòng cháy, chữa cháy tại chỗ.")
    document.add_heading("1. Sự cần thiết", level=1)
    document.add_paragraph("Khu phố cổ nhà ống, ngõ hẹp, xe chữa cháy khó vào.")
    document.add_paragraph().add_run("2. Cách làm").bold = True
    document.add_paragraph("Mỗi tổ 5 hộ, một bình chữa cháy dùng chung.", style="List Bullet")
    document.add_paragraph("Diễn tập mỗi quý với công an phường.", style="List Bullet")
    document.add_heading("3. Kết quả", level=1)
    table = document.add_table(rows=3, cols=4)
    rows = [
        ["Chỉ tiêu", "Đơn vị tính", "Trước", "Sau"],
        ["Số vụ cháy", "vụ", "12", "3"],
        ["Hộ có bình chữa cháy", "%", "35,5", "92"],
    ]
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            table.cell(i, j).text = text
    document.add_heading("Phụ lục", level=1)
    document.add_paragraph("Danh sách các tổ liên gia.")
    document.add_heading("Bài học kinh nghiệm", level=1)
    document.add_paragraph("Phát huy vai trò tổ trưởng dân phố.")
    document.save(path)


def test_editor_imports_a_word_write_up_reviews_and_saves_a_draft(demo, journey, tmp_path):
    write_up = tmp_path / "to-lien-gia.docx"
    _write_up(write_up)
    not_word = tmp_path / "bao-cao.docx"
    not_word.write_bytes(b"%PDF-1.4\n%%EOF\n")
    editor = journey()
    page = editor.page
    editor.login("canbo.hanoi@demo.invalid")
    editor.go("/mo-hinh/tao-moi/")
    page.click("a[href='/mo-hinh/nhap/word/']")
    page.wait_for_url("**/mo-hinh/nhap/word/")
    editor.shoot("upload")

    page.set_input_files("#id_file", str(not_word))
    page.click("main form.stacked button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#id_file_error").is_visible()
    editor.shoot("refused-file")

    page.set_input_files("#id_file", str(write_up))
    page.click("main form.stacked button[type=submit]")
    page.wait_for_load_state()
    assert page.input_value("#id_title") == TITLE_IN_FILE
    assert "xe chữa cháy khó vào" in page.input_value("#id_problem")
    assert "### Phụ lục" in page.input_value("#id_results")
    assert page.input_value("#id_indicators-1-baseline") == "35,5"
    assert page.locator(".import-note li").count() >= 6
    assert not ExemplaryModel.objects.filter(title__in=[TITLE, TITLE_IN_FILE]).exists()
    editor.shoot("review")

    page.fill("#id_title", TITLE)
    page.click("main form.stacked button[type=submit]")
    page.wait_for_url("**/mo-hinh/to-lien-gia-an-toan-phong-chay-chua-chay-phuong-hang-bac/")
    model = ExemplaryModel.objects.get(title=TITLE)
    assert model.published_at is None
    assert model.owner_unit.slug == "catp-ha-noi"
    assert [i.name for i in model.indicators.all()] == ["Số vụ cháy", "Hộ có bình chữa cháy"]
    assert "Phát huy vai trò tổ trưởng dân phố." in model.lessons_learned
    editor.shoot("draft")


def test_editor_imports_a_workbook_with_a_bad_row_then_corrected(demo, journey, tmp_path):
    editor = journey()
    page = editor.page
    editor.login("canbo.hanoi@demo.invalid")
    editor.go("/mo-hinh/nhap/excel/")
    with page.expect_download() as download:
        page.click("a[href='/mo-hinh/nhap/excel/mau.xlsx']")
    template = tmp_path / "mau.xlsx"
    download.value.save_as(template)
    editor.shoot("excel-upload")

    workbook = openpyxl.load_workbook(template)
    sheet = workbook.worksheets[0]
    sheet.append(["Camera an ninh ngõ phố", "catp-ha-noi", "camera-giam-sat", "Camera ở ngõ."])
    sheet.append(["Tổ tuần tra của Đà Nẵng", "catp-da-nang", "", "Tuần tra ban đêm."])
    workbook.save(template)
    page.set_input_files("#id_file", str(template))
    page.click("main form.stacked button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".import-report tbody tr").count() == 1
    assert not ExemplaryModel.objects.filter(title="Camera an ninh ngõ phố").exists()
    editor.shoot("excel-refused-row")

    sheet.delete_rows(3)
    workbook.save(template)
    page.set_input_files("#id_file", str(template))
    page.click("main form.stacked button[type=submit]")
    page.wait_for_load_state()
    assert ExemplaryModel.objects.get(title="Camera an ninh ngõ phố").published_at is None
    assert page.locator(".import-report a").all_inner_texts() == ["Camera an ninh ngõ phố"]
    editor.shoot("excel-imported")
