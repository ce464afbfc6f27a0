"""Tables of figures in a unit's document, read as indicators; numbers read the Vietnamese way.

A table counts as figures when its header row names an indicator column and a result column
("Chỉ tiêu | Trước | Sau | Đơn vị tính", or "Indicator | Baseline | Result"). A row whose result
is not a plain number ("khoảng 20") is not guessed at: it stays in the text.
"""

import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal, InvalidOperation

from emulation_cluster.vietnamese import fold
from models_registry.models import Indicator

# Header words of each indicator column, folded; the first column that matches takes it.
COLUMN_KEYWORDS = {
    "name": ("chi tieu", "tieu chi", "noi dung", "ten chi so", "chi so", "indicator", "measure"),
    "unit_of_measure": ("don vi tinh", "dvt", "don vi do", "unit of measure", "unit"),
    "baseline": ("truoc", "ban dau", "nam truoc", "ky truoc", "baseline", "before"),
    "result": ("sau", "ket qua", "hien nay", "dat duoc", "thuc hien", "result", "after"),
    "period": ("thoi gian", "giai doan", "ky bao cao", "nam", "period"),
    "source": ("nguon", "source"),
}  # fmt: skip
# Checked in this order: "đơn vị tính" before "sau", "trước" before "năm trước"'s "năm".
_COLUMN_ORDER = ("unit_of_measure", "baseline", "name", "source", "result", "period")
MAX_ABS = Decimal("999999999999.99")  # what Indicator's 14 digits with 2 decimals hold
_NUMBER = re.compile(r"^[+-]?[\d.,]+$")


def parse_number(text: str) -> Decimal | None:
    """ "1.234,5" → 1234.5, "12,5" → 12.5, "1.234" → 1234, "95%" → 95; else None.

    A dot followed by groups of three digits is a thousands separator (Vietnamese writing);
    the comma is the decimal mark. A lone dot before one or two digits ("12.5") is a decimal.
    """
    value = (text or "").strip().replace("\u00a0", "").replace(" ", "").rstrip("%")
    if not value or not _NUMBER.match(value) or not any(ch.isdigit() for ch in value):
        return None
    if "," in value:
        whole, _comma, decimals = value.rpartition(",")
        if "," in whole or "." in decimals:
            return None
        value = whole.replace(".", "") + "." + decimals
    elif re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+", value):
        value = value.replace(".", "")
    elif value.count(".") > 1:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    # More than two decimals would be rounded by the indicator: left in the text instead.
    if not number.is_finite() or abs(number) > MAX_ABS or number.as_tuple().exponent < -2:
        return None
    return number


def _column_of(header: str) -> str | None:
    words = " ".join(re.sub(r"[^\w]+", " ", fold(header)).split())
    for column in _COLUMN_ORDER:
        for keyword in COLUMN_KEYWORDS[column]:
            if re.search(rf"(?<!\w){re.escape(keyword)}(?!\w)", words):
                return column
    return None


def figure_columns(header_cells: list[str]) -> dict[str, int] | None:
    """Column → index when the header names at least an indicator and a result, else None."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(header_cells):
        column = _column_of(cell)
        if column and column not in columns:
            columns[column] = index
    if "name" not in columns or "result" not in columns:
        return None
    return columns


def _max_length(name: str) -> int:
    return Indicator._meta.get_field(name).max_length


@dataclass
class FigureTable:
    indicators: list[dict] = dataclass_field(default_factory=list)
    # Rows that could not be read as an indicator: kept as text, never dropped.
    left_over: list[list[str]] = dataclass_field(default_factory=list)


def read_figures(rows: list[list[str]], columns: dict[str, int], room: int) -> FigureTable:
    """The indicators of a figures table's body rows (at most ``room`` of them)."""
    table = FigureTable()
    for cells in rows:
        indicator = _indicator(cells, columns)
        if indicator is None or len(table.indicators) >= room:
            if any(cell.strip() for cell in cells):
                table.left_over.append(cells)
            continue
        table.indicators.append(indicator)
    return table


def _indicator(cells: list[str], columns: dict[str, int]) -> dict | None:
    def cell(column):
        index = columns.get(column)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    name, result = cell("name"), parse_number(cell("result"))
    baseline_text = cell("baseline")
    baseline = parse_number(baseline_text)
    if not name or result is None or (baseline_text and baseline is None):
        return None
    indicator = {
        "name": name,
        "unit_of_measure": cell("unit_of_measure") or ("%" if "%" in cell("result") else ""),
        "baseline": baseline,
        "result": result,
        "period": cell("period"),
        "source": cell("source"),
    }
    for text_field in ("name", "unit_of_measure", "period", "source"):
        if len(indicator[text_field]) > _max_length(text_field):
            return None
    return indicator


def markdown_table(rows: list[list[str]]) -> str:
    """A table kept as text: a Markdown table (the write-up renders them)."""
    if not rows:
        return ""
    width = max(len(row) for row in rows)

    def line(cells):
        cells = [c.replace("|", "\\|").replace("\n", " ").strip() for c in cells]
        return "| " + " | ".join(cells + [""] * (width - len(cells))) + " |"

    return "\n".join([line(rows[0]), "|" + " --- |" * width, *(line(row) for row in rows[1:])])
