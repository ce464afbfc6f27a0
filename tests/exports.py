"""Reading an export back as its reader's spreadsheet would: the cells of each sheet."""

import csv
import io

import openpyxl

BOM = b"\xef\xbb\xbf"


def content(response) -> bytes:
    return b"".join(response.streaming_content)


def read_xlsx(response) -> dict:
    """{sheet name: [row of cell values]} (heading row first)."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(content(response)))
    return {
        sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in workbook.worksheets
    }


def read_csv(response) -> list:
    """The rows, after checking that the file starts with the byte-order mark."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    raw = content(response)
    assert raw.startswith(BOM)
    return list(csv.reader(io.StringIO(raw[len(BOM) :].decode("utf-8")), delimiter=";"))


def column(rows, index) -> list:
    """The values of one column, the heading left out."""
    return [row[index] for row in rows[1:]]
