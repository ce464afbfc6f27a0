"""The two writers every export uses: Excel cells of the right type, a CSV Excel opens."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.http import Http404
from django.utils import timezone

from emulation_cluster import exports
from emulation_cluster.exports import Link, Table

MOMENT = datetime.datetime(2023, 9, 6, 7, 30, tzinfo=datetime.UTC)  # 14:30 in Vietnam


def _table(rows):
    return Table(
        name="Mô hình: [tiêu biểu]", headings=["Tên", "Số", "Ngày", "Lúc", "Địa chỉ"], rows=rows
    )


ROW = ("Chuyên đề “4 không”", 3, datetime.date(2023, 9, 6), MOMENT, Link("https://x.vn/mo-hinh/a/"))


def _xlsx(tables):
    out = io.BytesIO()
    exports.write_xlsx(tables, out)
    return openpyxl.load_workbook(io.BytesIO(out.getvalue()))


def test_xlsx_numbers_are_numbers_and_dates_are_dates_in_vietnam_time():
    workbook = _xlsx([_table([ROW])])
    sheet = workbook.worksheets[0]
    heading, row = list(sheet.iter_rows())
    assert [cell.value for cell in heading] == ["Tên", "Số", "Ngày", "Lúc", "Địa chỉ"]
    assert all(cell.font.bold for cell in heading)
    assert sheet.freeze_panes == "A2"
    title, number, day, moment, link = row
    assert title.value == "Chuyên đề “4 không”"
    assert (number.value, number.data_type) == (3, "n")
    assert day.value == datetime.datetime(2023, 9, 6) and day.number_format == "DD/MM/YYYY"
    assert moment.value == datetime.datetime(2023, 9, 6, 14, 30)
    assert moment.number_format == "DD/MM/YYYY HH:MM"
    assert link.value == link.hyperlink.target == "https://x.vn/mo-hinh/a/"


def test_xlsx_sheet_names_follow_excels_rules_and_stay_distinct():
    workbook = _xlsx([_table([]), _table([]), Table(name="x" * 40, headings=["a"], rows=[])])
    assert workbook.sheetnames == ["Mô hình tiêu biểu", "Mô hình tiêu biểu (2)", "x" * 31]


@pytest.mark.parametrize("typed", ['=HYPERLINK("http://evil")', "+1", "-2+3", "@SUM(A1)"])
def test_text_that_looks_like_a_formula_stays_text(typed):
    cell = _xlsx([_table([(typed, None, None, None, None)])]).worksheets[0]["A2"]
    assert (cell.value, cell.data_type) == (typed, "s")
    out = io.BytesIO()
    exports.write_csv(_table([(typed, None, None, None, None)]), out)
    rows = list(csv.reader(io.StringIO(out.getvalue().decode("utf-8-sig")), delimiter=";"))
    assert rows[1][0] == "'" + typed


def test_csv_has_the_bom_semicolons_and_vietnamese_dates():
    out = io.BytesIO()
    exports.write_csv(_table([ROW, ("Mô hình; “có dấu chấm phẩy”", 1.5, None, None, None)]), out)
    raw = out.getvalue()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "Tên;Số;Ngày;Lúc;Địa chỉ"
    assert lines[1] == "Chuyên đề “4 không”;3;06/09/2023;06/09/2023 14:30;https://x.vn/mo-hinh/a/"
    assert lines[2] == '"Mô hình; “có dấu chấm phẩy”";1,5;;;'


def test_filename_carries_the_day_in_vietnam(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2026, 12, 3))
    assert exports.filename("mo-hinh", "xlsx") == "mo-hinh-2026-12-03.xlsx"


def test_an_unknown_format_is_a_404():
    assert exports.export_format("csv") == "csv"
    with pytest.raises(Http404):
        exports.export_format("xls")


def test_the_response_is_an_attachment_with_the_dated_name():
    response = exports.export_response("csv", [_table([ROW])], "mo-hinh")
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="mo-hinh-{today}.csv"'
    assert b"".join(response.streaming_content).startswith(b"\xef\xbb\xbf")
