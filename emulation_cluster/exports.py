"""Tables people take away: one writer for Excel (.xlsx) and one for CSV, whatever the rows are.

An app gives ``Table``s (a sheet name, the column headings, the rows as an iterator of plain
values: text, numbers, dates, times, ``Link``s, None) and its view returns ``export_response``.
The rows are read as they are written (``queryset.iterator()``) into a file that stays in memory
while small and moves to disk when large, so an export of 50,000 rows holds neither the rows nor
the whole file in memory; the file is complete before the first byte is sent, so a fault half-way
is a normal error page, never a cut-off download.

- **xlsx**: numbers are numbers, dates and times real Excel dates shown dd/mm/yyyy (hh:mm) in
  Vietnam's time, links clickable, the heading row bold and frozen.
- **csv**: UTF-8 with a byte-order mark (without it Excel reads the file as the Windows code page
  and Vietnamese comes out garbled), ``;`` between fields: Excel splits a CSV it opens with
  Windows' list separator, which is ``;`` in the Vietnamese regional settings (their decimal
  mark is the comma, as in the portal's 1.234,5; it is why Vietnamese Excel formulas read
  ``=IF(A1>0;1;0)``). Dates dd/mm/yyyy, which the same settings read as dates.

Text that starts like a formula (``=``, ``+``, ``-``, ``@``) stays text in both: a title typed
into the portal never runs as a formula in the reader's spreadsheet.
"""

import csv
import datetime
import io
import tempfile
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

FORMATS = ("xlsx", "csv")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
CSV_DELIMITER = ";"
DATE_FORMAT = "%d/%m/%Y"
DATETIME_FORMAT = "%d/%m/%Y %H:%M"
XLSX_DATE_FORMAT = "DD/MM/YYYY"
XLSX_DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
# Rows are written to memory up to this size, then to a temporary file.
SPOOL_BYTES = 4 * 1024 * 1024
# Rows read from the database at a time.
CHUNK_ROWS = 2000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SHEET_NAME_MAX = 31  # Excel's limit
SHEET_NAME_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


class Link(str):
    """A web address: a clickable link in Excel, the address itself in CSV."""


class ChoiceLabels(dict):
    """``choices`` as value → label, translated once; a value without a label is itself (as
    ``get_<field>_display()`` gives it)."""

    def __init__(self, choices):
        super().__init__((value, str(label)) for value, label in choices)

    def __missing__(self, value):
        return value


def choice_labels(model, field_name: str) -> ChoiceLabels:
    """``model.field_name``'s labels in the request's language, for the rows of an export.

    ``get_<field>_display()`` rebuilds a hashable copy of the choices and translates on every
    call: about a third of an export of a few thousand rows (bench/README.md, issue 15)."""
    return ChoiceLabels(model._meta.get_field(field_name).flatchoices)


@dataclass(frozen=True)
class Table:
    name: str  # the sheet's name
    headings: list
    rows: object  # an iterable of sequences, one value per heading
    widths: tuple = ()  # column widths in characters (xlsx), the rest are left to Excel


def max_rows() -> int:
    return settings.EXPORT_MAX_ROWS


def export_format(fmt: str) -> str:
    """The format named in the address, or a 404 (the address names one of ``FORMATS``)."""
    if fmt not in FORMATS:
        raise Http404
    return fmt


def with_filters(url: str, request) -> str:
    """``url`` with the request's filters: the page an export was asked from."""
    query = request.GET.copy()
    query.pop("page", None)
    return f"{url}?{query.urlencode()}" if query else url


def too_many(request, count: int, back: str):
    """A redirect to ``back`` with the reason when ``count`` rows exceed the cap, else None."""
    if count <= max_rows():
        return None
    messages.error(
        request,
        _(
            "The export would have %(count)s rows, more than the %(max)s an export may hold: "
            "narrow the filters and export again."
        )
        % {"count": _number(count), "max": _number(max_rows())},
    )
    return redirect(back)


def _number(value: int) -> str:
    return formats.number_format(value, force_grouping=True)


def bad_filter(request, message: str):
    """A filter the export cannot read: a 400 page that says which and why."""
    messages.error(request, message)
    return render(request, "400.html", status=400)


def filename(stem: str, fmt: str) -> str:
    """``mo-hinh-2026-12-03.xlsx``: what the file is and the day it was made (in Vietnam)."""
    return f"{stem}-{timezone.localdate():%Y-%m-%d}.{fmt}"


def export_response(fmt: str, tables: list, stem: str, csv_table=None) -> FileResponse:
    """The tables as a download: every table a sheet of the .xlsx; the .csv, which has one
    sheet, is ``csv_table`` (the first table if not given)."""
    # Closed by the response once sent.
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
    if fmt == "xlsx":
        write_xlsx(tables, spool)
    else:
        write_csv(csv_table or tables[0], spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=filename(stem, fmt),
        content_type=CONTENT_TYPES[fmt],
    )


def local(value):
    """A time as Vietnam reads it, without a zone (Excel knows none)."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None)
    return value


def _safe_text(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return local(value).strftime(DATETIME_FORMAT)
    if isinstance(value, datetime.date):
        return value.strftime(DATE_FORMAT)
    if isinstance(value, int | float | Decimal):
        return str(value).replace(".", ",")
    return _safe_text(str(value))


def write_csv(table: Table, out) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    writer = csv.writer(text, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow([_safe_text(str(heading)) for heading in table.headings])
    for row in table.rows:
        writer.writerow([csv_value(value) for value in row])
    text.flush()
    text.detach()  # leave ``out`` open for the response


def sheet_name(name: str, taken: set) -> str:
    base = " ".join(str(name).translate(SHEET_NAME_FORBIDDEN).split()).strip("'")
    base = base[:SHEET_NAME_MAX] or "Sheet"
    candidate, n = base, 2
    while candidate.lower() in taken:
        suffix = f" ({n})"
        candidate, n = base[: SHEET_NAME_MAX - len(suffix)] + suffix, n + 1
    taken.add(candidate.lower())
    return candidate


def write_xlsx(tables: list, out) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    link_font = Font(color="0563C1", underline="single")
    taken = set()
    for table in tables:
        sheet = workbook.create_sheet(sheet_name(table.name, taken))
        sheet.freeze_panes = "A2"
        for index, width in enumerate(table.widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width

        def cell(value, sheet=sheet):
            made = WriteOnlyCell(sheet)
            if isinstance(value, Promise):  # a lazy translation (a choice's label)
                value = str(value)
            if isinstance(value, Link):
                made.value, made.hyperlink, made.font = str(value), str(value), link_font
            elif isinstance(value, str):
                # Set as text: openpyxl would take "=…" for a formula.
                made.value = value
                made.data_type = "s"
            elif isinstance(value, datetime.datetime):
                made.value, made.number_format = local(value), XLSX_DATETIME_FORMAT
            elif isinstance(value, datetime.date):
                made.value, made.number_format = value, XLSX_DATE_FORMAT
            else:
                made.value = value
            return made

        headings = []
        for heading in table.headings:
            made = cell(str(heading))
            made.font = bold
            headings.append(made)
        sheet.append(headings)
        for row in table.rows:
            sheet.append([cell(value) for value in row])
    workbook.save(out)
