"""The cluster dashboard's figures of the year as workbook tables: the figures' own values
(``figures.Dashboard``), as numbers a spreadsheet can add up, nothing counted again."""

from datetime import date

from django.utils.translation import gettext as _

from emulation_cluster.exports import Table
from models_registry.enums import EvidenceLevel


def _percent(share):
    return None if share is None else round(share * 100, 1)


def _hours(value):
    return None if value is None else round(value, 1)


def unit_figures_table(board) -> Table:
    """A row per member city, then the whole cluster."""

    def row(name, figures):
        return (
            name,
            figures.models,
            figures.models_new,
            figures.replications_adopted,
            figures.replications_with_results,
            _percent(figures.results_share),
            figures.replications_of_its_models,
            figures.questions_received,
            figures.questions_answered,
            _hours(figures.answer_median_hours),
            _hours(figures.answer_p90_hours),
            figures.questions_asked,
            figures.seminars_held,
            figures.lessons,
            figures.attendance_marked,
            figures.attendance_present,
            _percent(figures.attendance_rate),
        )

    rows = [row(figures.unit.name, figures) for figures in board.rows]
    rows.append(row(_("Whole cluster"), board.total))
    headings = [
        _("Unit"),
        _("Published models"),
        _("New in %(period)s") % {"period": board.period.label},
        _("Replications taken up"),
        _("With results"),
        _("Share with results (%)"),
        _("Replications of its models"),
        _("Questions received"),
        _("Answered officially"),
        _("Median time to a first official answer (hours)"),
        _("90th percentile (hours)"),
        _("Questions asked"),
        _("Seminars hosted"),
        _("Lessons recorded"),
        _("Invitations with attendance marked"),
        _("Units present"),
        _("Attendance rate (%)"),
    ]
    widths = (36, *(12,) * (len(headings) - 1))
    return Table(name=_("Figures by unit"), headings=headings, rows=rows, widths=widths)


def topic_table(board) -> Table:
    rows = [
        (row.topic.display_name if row.topic else _("No topic"), row.models, row.models_new)
        for row in board.topics
    ]
    headings = [
        _("Topic"),
        _("Published models"),
        _("New in %(period)s") % {"period": board.period.label},
    ]
    return Table(name=_("Models per topic"), headings=headings, rows=rows, widths=(40, 12, 12))


def over_time_table(board) -> Table:
    """Per month of the year: the first day of the month, a real date."""
    rows = [(date(board.period.year, point.when, 1), point.adopted) for point in board.over_time]
    headings = [_("Month"), _("Replications started")]
    return Table(name=_("Replications by month"), headings=headings, rows=rows, widths=(12, 14))


def matrix_table(board) -> Table:
    matrix = board.matrix
    rows = [
        (owner.name, adopter.name, matrix.cell(owner, adopter))
        for owner in matrix.owners
        for adopter in matrix.adopters
        if matrix.cell(owner, adopter)
    ]
    headings = [_("Owner unit"), _("Adopting unit"), _("Replications")]
    return Table(
        name=_("Who adopted whose models"), headings=headings, rows=rows, widths=(36, 36, 12)
    )


def evidence_table(board) -> Table:
    rows = [(str(EvidenceLevel(level).label), n) for level, n in board.evidence.items()]
    headings = [_("Evidence level"), _("Models")]
    return Table(name=_("Evidence levels"), headings=headings, rows=rows, widths=(36, 12))


def figure_tables(board) -> list:
    return [
        unit_figures_table(board),
        topic_table(board),
        over_time_table(board),
        matrix_table(board),
        evidence_table(board),
    ]
