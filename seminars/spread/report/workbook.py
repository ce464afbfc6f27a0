"""The annual report's tables as a workbook (``emulation_cluster.exports`` writes the file):
numbers as numbers and dates as dates, so that the cluster head's office can total and chart
them; the same rows as the report, as its reader may see them."""

from django.utils.translation import gettext as _

from emulation_cluster.exports import Link, Table
from seminars.spread.report.content import AnnualReport
from seminars.spread.report.figure_tables import figure_tables


def replication_table(report: AnnualReport, base_url: str) -> Table:
    rows = [
        (
            row.number,
            row.title,
            row.owner_unit,
            row.adopting_unit,
            row.started,
            row.state,
            len(row.results),
            row.is_demo,
            Link(base_url + row.url),
        )
        for row in report.replications
    ]
    headings = [
        _("No."),
        _("Model"),
        _("Owner unit"),
        _("Adopting unit"),
        _("Started"),
        _("State"),
        _("Results recorded"),
        _("Demo data"),
        _("Link"),
    ]
    widths = (6, 60, 32, 32, 12, 14, 10, 8, 40)
    return Table(name=_("Replications"), headings=headings, rows=rows, widths=widths)


def result_table(report: AnnualReport) -> Table:
    rows = [
        (
            row.number,
            row.title,
            row.adopting_unit,
            result.name,
            result.unit_of_measure,
            result.baseline,
            result.result,
            None if result.change_percent is None else round(result.change_percent, 1),
            result.period,
            result.source,
        )
        for row in report.replications
        for result in row.results
    ]
    headings = [
        _("No."),
        _("Model"),
        _("Adopting unit"),
        _("Indicator"),
        _("Unit of measure"),
        _("Baseline"),
        _("Result"),
        _("Change (%)"),
        _("Period"),
        _("Source"),
    ]
    widths = (6, 50, 32, 40, 14, 12, 12, 10, 20, 30)
    return Table(name=_("Replication results"), headings=headings, rows=rows, widths=widths)


def seminar_table(report: AnnualReport, base_url: str) -> Table:
    rows = [
        (
            row.number,
            row.day,
            row.title,
            row.host_unit,
            row.venue,
            row.chair,
            row.invited,
            row.present,
            len(row.lessons),
            len(row.solutions),
            row.is_demo,
            Link(base_url + row.url),
        )
        for row in report.seminars
    ]
    headings = [
        _("No."),
        _("Date"),
        _("Seminar"),
        _("Host unit"),
        _("Venue"),
        _("Chair"),
        _("Units invited"),
        _("Units present"),
        _("Lessons learned"),
        _("Proposed solutions"),
        _("Demo data"),
        _("Link"),
    ]
    widths = (6, 12, 60, 32, 40, 40, 10, 10, 10, 10, 8, 40)
    return Table(name=_("Seminars"), headings=headings, rows=rows, widths=widths)


def conclusion_table(report: AnnualReport) -> Table:
    rows = [
        (row.number, row.day, row.title, kind, number, text)
        for row in report.seminars
        for kind, findings in (
            (_("Lesson learned"), row.lessons),
            (_("Proposed solution"), row.solutions),
        )
        for number, text in enumerate(findings, start=1)
    ]
    headings = [_("No."), _("Date"), _("Seminar"), _("Kind"), _("Item"), _("Text")]
    widths = (6, 12, 50, 18, 6, 100)
    return Table(name=_("Conclusions"), headings=headings, rows=rows, widths=widths)


def report_tables(report: AnnualReport, base_url: str) -> list:
    """The report's tables in its order: the dashboard's figures, then the year's lists."""
    return [
        *figure_tables(report.board),
        replication_table(report, base_url),
        result_table(report),
        seminar_table(report, base_url),
        conclusion_table(report),
    ]
