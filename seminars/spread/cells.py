"""What every chart of the spread's pages is made of: the figures the chart module draws, the
same figures as a table, and a sentence saying what they show; numbers and durations in the
reader's language."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import formats
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from emulation_cluster.dates import duration_words


@dataclass
class Cell:
    text: str
    url: str = ""
    number: bool = False


@dataclass
class Chart:
    key: str  # the element ids: chart-<key>, figures-<key>
    title: str
    summary: str
    figures: dict | None  # None: nothing to draw (the summary says so)
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    header_column: bool = True  # the first cell of a row names it
    wide: bool = False  # a table of many columns: the chart takes the page's width

    @property
    def figures_id(self) -> str:
        return f"figures-{self.key}"

    @property
    def body_html(self) -> str:
        """The table's rows, escaped: built here rather than by a template loop over every
        cell (the evidence map's 300 rows took most of the page's time in the loop)."""
        return mark_safe(  # noqa: S308 (every part is built by format_html, which escapes)
            "".join(
                "<tr>"
                + "".join(
                    _cell_html(cell, header=n == 0 and self.header_column)
                    for n, cell in enumerate(row)
                )
                + "</tr>"
                for row in self.rows
            )
        )


def _cell_html(cell: Cell, *, header: bool) -> str:
    inner = (
        format_html('<a href="{}">{}</a>', cell.url, cell.text)
        if cell.url
        else conditional_escape(cell.text)
    )
    if header:
        return format_html('<th scope="row">{}</th>', inner)
    if cell.number:
        return format_html('<td class="number">{}</td>', inner)
    return format_html("<td>{}</td>", inner)


def count(value) -> str:
    return formats.number_format(value or 0, 0, force_grouping=True)


def percent(share) -> str:
    if share is None:
        return "–"
    return formats.number_format(round(share * 100), 0) + " %"


def hours(value) -> str:
    if value is None:
        return "–"
    return duration_words(timedelta(hours=value)) or _("less than a minute")


def unit_cell(unit) -> Cell:
    return Cell(unit.short_name or unit.name, url=unit.get_absolute_url())


def number_cell(value) -> Cell:
    return Cell(count(value), number=True)


def bar_chart(categories, series, *, horizontal=False, percent_axis=False, value_name="", **extra):
    return {
        "kind": "bar",
        "categories": categories,
        "series": [{"name": name, "values": values} for name, values in series],
        "horizontal": horizontal,
        "percent": percent_axis,
        "valueName": value_name,
        **extra,
    }
