"""Many models from one workbook: the template the portal hands out, and reading it back.

The template (``template_workbook``) has one sheet of models, a header row of column names in
the reader's language, and a second sheet listing the units and topics that may be typed (with
drop-down lists where Excel offers them simply). ``read_rows`` reads any workbook whose first
sheet has those columns, in Vietnamese or English, in any order; ``imports.rows`` checks them.
"""

import io
import re
from dataclasses import dataclass

import openpyxl
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from emulation_cluster.enums import Visibility
from emulation_cluster.vietnamese import fold
from models_registry.imports.archive import UNREADABLE, check_archive, unreadable

MAX_ROWS = 500
HEADER_SEARCH_ROWS = 5  # the header may sit under a line or two of explanation
KIND_OF_FILE = gettext_lazy("an Excel workbook (.xlsx)")
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    key: str
    label: object  # a lazy text: the header written in the template
    aliases: tuple[str, ...]  # other headers read as this column (folded)
    required: bool = False
    width: int = 30


COLUMNS = (
    Column("title", gettext_lazy("Title of the model"), ("tieu de", "ten mo hinh", "title", "ten"),
           required=True, width=40),
    Column("owner_unit", gettext_lazy("Owner unit (slug or short name)"),
           ("don vi chu tri", "don vi", "owner unit", "unit"), required=True, width=24),
    Column("topics", gettext_lazy("Topics (separated by ;)"), ("chu de", "linh vuc", "topics")),
    Column("summary", gettext_lazy("Summary"), ("tom tat", "summary"), required=True, width=50),
    Column("problem", gettext_lazy("Problem"), ("su can thiet", "van de", "problem"), width=50),
    Column("how_it_works", gettext_lazy("How it works"), ("cach lam", "how it works"), width=50),
    Column("results", gettext_lazy("Results"), ("ket qua", "results"), width=50),
    Column("lessons_learned", gettext_lazy("Lessons learned"),
           ("bai hoc kinh nghiem", "bai hoc", "lessons learned", "lessons"), width=50),
    Column("replication_conditions", gettext_lazy("Conditions for replication"),
           ("dieu kien nhan rong", "nhan rong", "conditions for replication"), width=50),
    Column("visibility", gettext_lazy("Who may read it"),
           ("pham vi xem", "pham vi", "visibility", "ai duoc xem"), width=28),
)  # fmt: skip
COLUMN_KEYS = tuple(column.key for column in COLUMNS)


def _words(text) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", fold(str(text or ""))).split())


def _headers_of(column: Column) -> set[str]:
    """Every header read as ``column``: its aliases and its label in both languages."""
    names = set(column.aliases)
    for language in ("vi", "en"):
        with translation.override(language):
            names.add(_words(column.label))
    return names


@dataclass
class SheetRow:
    number: int  # the row's number in Excel, for the report
    values: dict[str, str]


def template_workbook(units, topics) -> bytes:
    """The template, as the bytes of an .xlsx: the models sheet, then the lists to type from."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = _("Models")[:31]
    lists = workbook.create_sheet(_("Lists")[:31])
    sheet.append([str(column.label) for column in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE7F0")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[cell.column_letter].width = column.width
    sheet.freeze_panes = "A2"
    lists.append([_("Unit (slug)"), _("Unit"), _("Topic (slug)"), _("Topic"), _("Who may read it")])
    for cell in lists[1]:
        cell.font = Font(bold=True)
    units, topics = list(units), list(topics)
    visibilities = [str(label) for _value, label in Visibility.choices]
    for row in range(max(len(units), len(topics), len(visibilities))):
        unit = units[row] if row < len(units) else None
        topic = topics[row] if row < len(topics) else None
        lists.append([
            unit.slug if unit else None, unit.name if unit else None,
            topic.slug if topic else None, topic.name if topic else None,
            visibilities[row] if row < len(visibilities) else None,
        ])  # fmt: skip
    for letter in "ABCDE":
        lists.column_dimensions[letter].width = 36
    _drop_down(sheet, lists, "owner_unit", "A", len(units))
    _drop_down(sheet, lists, "visibility", "E", len(visibilities))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _drop_down(sheet, lists, key, list_letter, count):
    if not count:
        return
    letter = openpyxl.utils.get_column_letter(COLUMN_KEYS.index(key) + 1)
    source = f"'{lists.title}'!${list_letter}$2:${list_letter}${count + 1}"
    validation = DataValidation(type="list", formula1=source, allow_blank=True)
    validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
    sheet.add_data_validation(validation)


def read_rows(upload) -> list[SheetRow]:
    """The filled rows of the workbook's first sheet, or ``ValidationError`` saying why not."""
    check_archive(upload, KIND_OF_FILE)
    try:
        workbook = openpyxl.load_workbook(upload, read_only=True, data_only=True)
        try:
            rows = _sheet_rows(workbook.worksheets[0])
        finally:
            workbook.close()
    except ValidationError:
        raise
    except UNREADABLE as error:
        raise unreadable(KIND_OF_FILE) from error
    if not rows:
        raise ValidationError(_("The workbook has no model to import under its header."))
    return rows


def _sheet_rows(sheet) -> list[SheetRow]:
    lines = sheet.iter_rows(values_only=True)
    columns, header_number = None, 0
    for header_number, line in enumerate(lines, start=1):
        columns = _columns_of(line)
        if columns or header_number >= HEADER_SEARCH_ROWS:
            break
    if not columns:
        raise ValidationError(
            _("The first sheet has no header row with the template's columns (%(columns)s). "
              "Download the template and copy the models into it.")
            % {"columns": ", ".join(str(c.label) for c in COLUMNS if c.required)},
            code="no_header",
        )  # fmt: skip
    missing = [str(c.label) for c in COLUMNS if c.required and c.key not in columns]
    if missing:
        raise ValidationError(
            _("The header row lacks the columns: %(columns)s.") % {"columns": ", ".join(missing)},
            code="no_header",
        )
    rows = []
    for number, line in enumerate(lines, start=header_number + 1):
        values = {key: _text(line[index] if index < len(line) else None)
                  for key, index in columns.items()}  # fmt: skip
        if not any(values.values()):
            continue
        if len(rows) >= MAX_ROWS:
            raise ValidationError(
                _("The workbook has more than %(limit)s models: import them in several files.")
                % {"limit": MAX_ROWS},
                code="too_many",
            )
        rows.append(SheetRow(number, values))
    return rows


def _columns_of(line) -> dict[str, int]:
    """Column key → index, for a header line (empty if the line is no header)."""
    known = {name: column.key for column in COLUMNS for name in _headers_of(column)}
    columns: dict[str, int] = {}
    for index, cell in enumerate(line or ()):
        key = known.get(_words(cell))
        if key and key not in columns:
            columns[key] = index
    return columns if "title" in columns else {}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()
