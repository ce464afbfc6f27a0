"""The dashboards' charts, one function each, from a ``figures.Dashboard`` (see ``cells.py``)."""

from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from models_registry.enums import EvidenceLevel
from seminars.spread.cells import (
    Cell,
    Chart,
    bar_chart,
    count,
    hours,
    number_cell,
    percent,
    unit_cell,
)


def models_per_unit(board) -> Chart:
    rows, total, label = board.rows, board.total, board.period.label
    leader = max(rows, key=lambda row: row.models, default=None)
    if not total.models:
        summary = _("No published model counts in this period.")
    else:
        summary = _(
            "%(unit)s has the most published models (%(most)s of %(total)s); published in "
            "%(period)s: %(new)s."
        ) % {
            "unit": leader.unit.short_name,
            "most": count(leader.models),
            "total": count(total.models),
            "new": count(total.models_new),
            "period": label,
        }
    return Chart(
        key="models-per-unit",
        title=_("Models per unit"),
        summary=summary,
        figures=bar_chart(
            [row.unit.short_name for row in rows],
            [
                (_("Published models"), [row.models for row in rows]),
                (_("New in %(period)s") % {"period": label}, [row.models_new for row in rows]),
            ],
            value_name=_("Models"),
        )
        if total.models
        else None,
        headers=[_("Unit"), _("Published models"), _("New in %(period)s") % {"period": label}],
        rows=[
            [unit_cell(row.unit), number_cell(row.models), number_cell(row.models_new)]
            for row in rows
        ],
    )


def models_per_topic(board) -> Chart:
    topics = board.topics

    def name(row):
        return row.topic.display_name if row.topic else _("No topic")

    summary = (
        _("The largest topic is “%(topic)s”: %(models)s of the published models.")
        % {"topic": name(topics[0]), "models": count(topics[0].models)}
        if topics
        else _("No published model counts in this period.")
    )
    return Chart(
        key="models-per-topic",
        title=_("Models per topic"),
        summary=summary,
        figures=bar_chart(
            [name(row) for row in topics],
            [
                (_("Published models"), [row.models for row in topics]),
                (
                    _("New in %(period)s") % {"period": board.period.label},
                    [row.models_new for row in topics],
                ),
            ],
            horizontal=True,
            value_name=_("Models"),
        )
        if topics
        else None,
        headers=[
            _("Topic"),
            _("Published models"),
            _("New in %(period)s") % {"period": board.period.label},
        ],
        rows=[
            [Cell(name(row)), number_cell(row.models), number_cell(row.models_new)]
            for row in topics
        ],
    )


def _when(point, period) -> str:
    """“02/2025” (a month of the year) or “2025” (every year)."""
    if period.year is None:
        return str(point.when)
    return formats.date_format(date(period.year, point.when, 1), "m/Y")


def _when_words(point, period) -> str:
    """“February 2025”, “Tháng 2 năm 2025”: the month in the reader's words."""
    if period.year is None:
        return str(point.when)
    return formats.date_format(date(period.year, point.when, 1), "YEAR_MONTH_FORMAT")


def replications_over_time(board) -> Chart:
    points, period, cluster = board.over_time, board.period, board.scope.is_cluster
    started = sum(point.adopted if cluster else point.of_its_models for point in points)
    adopted = sum(point.adopted for point in points)
    busiest = max(points, key=lambda p: p.adopted + p.of_its_models, default=None)
    if not (started or adopted):
        summary = _("No replication started in this period.")
    elif cluster:
        summary = ngettext(
            "%(n)s replication started (%(period)s); the busiest was %(when)s.",
            "%(n)s replications started (%(period)s); the busiest was %(when)s.",
            started,
        ) % {"n": count(started), "period": period.label, "when": _when_words(busiest, period)}
    else:
        summary = _(
            "Replications of the unit's models by other units: %(spread)s; models of others "
            "it took up: %(adopted)s (%(period)s)."
        ) % {"spread": count(started), "adopted": count(adopted), "period": period.label}
    series = [(_("Replications started"), [p.adopted for p in points])]
    headers = [_("When"), _("Replications started")]
    if not cluster:
        series = [
            (_("Of the unit's models"), [p.of_its_models for p in points]),
            (_("Taken up by the unit"), [p.adopted for p in points]),
        ]
        headers = [_("When"), _("Of the unit's models"), _("Taken up by the unit")]
    return Chart(
        key="replications-over-time",
        title=_("Replications over time"),
        summary=summary,
        figures=bar_chart([_when(p, period) for p in points], series, value_name=_("Replications"))
        if (started or adopted)
        else None,
        headers=headers,
        rows=[
            [Cell(_when_words(p, period)), *[number_cell(values[i]) for _name, values in series]]
            for i, p in enumerate(points)
        ],
    )


def replication_matrix(board) -> Chart:
    matrix = board.matrix
    units = matrix.owners
    top = max(units, key=lambda u: sum(matrix.cell(u, other) for other in units), default=None)
    if not matrix.total:
        summary = _("No replication between units in this period.")
    else:
        summary = ngettext(
            "%(total)s replication between units; the models most taken up are those of "
            "%(unit)s (%(n)s).",
            "%(total)s replications between units; the models most taken up are those of "
            "%(unit)s (%(n)s).",
            matrix.total,
        ) % {
            "total": count(matrix.total),
            "unit": top.short_name,
            "n": count(sum(matrix.cell(top, other) for other in units)),
        }
    names = [u.short_name for u in units]
    cells = [
        [x, y, matrix.cell(owner, adopter)]
        for y, owner in enumerate(units)
        for x, adopter in enumerate(units)
        if matrix.cell(owner, adopter)
    ]
    return Chart(
        key="replication-matrix",
        wide=True,
        title=_("Who adopted whose models"),
        summary=summary,
        figures={
            "kind": "heatmap",
            "x": names,
            "y": names,
            "cells": cells,
            "xName": _("Adopting unit"),
            "yName": _("Owner unit"),
        }
        if matrix.total
        else None,
        headers=[_("Owner unit ↓ · adopting unit →"), *names],
        rows=[
            [unit_cell(owner), *[number_cell(matrix.cell(owner, adopter)) for adopter in units]]
            for owner in units
        ],
    )


def results_share(board) -> Chart:
    rows, total = board.rows, board.total
    summary = (
        _("Replications reporting results of their own: %(with)s of %(all)s (%(share)s).")
        % {
            "with": count(total.replications_with_results),
            "all": count(total.replications_adopted),
            "share": percent(total.results_share),
        }
        if total.replications_adopted
        else _("No replication started in this period.")
    )
    return Chart(
        key="results-share",
        title=_("Replications with results"),
        summary=summary,
        figures=bar_chart(
            [row.unit.short_name for row in rows],
            [
                (_("With results"), [row.replications_with_results for row in rows]),
                (
                    _("Without results yet"),
                    [row.replications_adopted - row.replications_with_results for row in rows],
                ),
            ],
            stacked=True,
            value_name=_("Replications taken up"),
        )
        if total.replications_adopted
        else None,
        headers=[_("Adopting unit"), _("Replications"), _("With results"), _("Share")],
        rows=[
            [
                unit_cell(row.unit),
                number_cell(row.replications_adopted),
                number_cell(row.replications_with_results),
                Cell(percent(row.results_share), number=True),
            ]
            for row in rows
        ],
    )


def evidence_levels(board) -> Chart:
    levels = board.evidence
    total = sum(levels.values())
    summary = (
        _(
            "Of %(total)s published models: %(replicated)s replicated with results in two or "
            "more other units, %(verified)s verified by the cluster, %(self)s self-reported."
        )
        % {
            "total": count(total),
            "replicated": count(levels[EvidenceLevel.REPLICATED]),
            "verified": count(levels[EvidenceLevel.VERIFIED]),
            "self": count(levels[EvidenceLevel.SELF_REPORTED]),
        }
        if total
        else _("No published model counts in this period.")
    )
    labels = [EvidenceLevel(level).label for level in levels]
    return Chart(
        key="evidence-levels",
        title=_("Evidence levels"),
        summary=summary,
        figures=bar_chart(
            [str(label) for label in labels],
            [(_("Models"), list(levels.values()))],
            horizontal=True,
            value_name=_("Models"),
        )
        if total
        else None,
        headers=[_("Evidence level"), _("Models"), _("Share")],
        rows=[
            [
                Cell(str(label)),
                number_cell(n),
                Cell(percent(n / total if total else None), number=True),
            ]
            for label, n in zip(labels, levels.values(), strict=True)
        ],
    )


def questions(board) -> Chart:
    rows, total = board.rows, board.total
    if total.questions_received:
        summary = _(
            "%(answered)s of %(asked)s questions were answered officially; half of those "
            "answers came within %(median)s, nine in ten within %(p90)s."
        ) % {
            "answered": count(total.questions_answered),
            "asked": count(total.questions_received),
            "median": hours(total.answer_median_hours),
            "p90": hours(total.answer_p90_hours),
        }
    else:
        summary = _("No question was asked in this period.")
    return Chart(
        key="questions",
        wide=True,
        title=_("Questions and official answers"),
        summary=summary,
        figures=bar_chart(
            [row.unit.short_name for row in rows],
            [
                (_("Questions received"), [row.questions_received for row in rows]),
                (_("Answered officially"), [row.questions_answered for row in rows]),
                (_("Questions asked"), [row.questions_asked for row in rows]),
            ],
            value_name=_("Questions"),
        )
        if total.questions_received
        else None,
        headers=[
            _("Unit"),
            _("Received"),
            _("Answered officially"),
            _("Median time to a first official answer"),
            _("90th percentile"),
            _("Asked"),
        ],
        rows=[
            [
                unit_cell(row.unit),
                number_cell(row.questions_received),
                number_cell(row.questions_answered),
                Cell(hours(row.answer_median_hours), number=True),
                Cell(hours(row.answer_p90_hours), number=True),
                number_cell(row.questions_asked),
            ]
            for row in rows
        ],
    )


def seminars(board) -> Chart:
    rows, total = board.rows, board.total
    if total.seminars_held or total.attendance_marked:
        summary = _(
            "Seminars held: %(held)s; lessons recorded: %(lessons)s; of the invited units "
            "whose attendance was marked, %(rate)s were present."
        ) % {
            "held": count(total.seminars_held),
            "lessons": count(total.lessons),
            "rate": percent(total.attendance_rate),
        }
    else:
        summary = _("No seminar was held in this period.")
    return Chart(
        key="seminars",
        title=_("Seminars and attendance"),
        summary=summary,
        figures=bar_chart(
            [row.unit.short_name for row in rows],
            [
                (
                    _("Attendance rate"),
                    [
                        round(row.attendance_rate * 100) if row.attendance_rate is not None else 0
                        for row in rows
                    ],
                )
            ],
            percent_axis=True,
            value_name=_("Attendance rate"),
        )
        if total.attendance_marked
        else None,
        headers=[_("Unit"), _("Seminars hosted"), _("Lessons recorded"), _("Attendance rate")],
        rows=[
            [
                unit_cell(row.unit),
                number_cell(row.seminars_held),
                number_cell(row.lessons),
                Cell(percent(row.attendance_rate), number=True),
            ]
            for row in rows
        ],
    )


def dashboard_charts(board) -> list[Chart]:
    return [
        # In pairs on a wide screen; the wide tables (matrix, questions) take a row each.
        models_per_unit(board),
        models_per_topic(board),
        replications_over_time(board),
        evidence_levels(board),
        replication_matrix(board),
        results_share(board),
        seminars(board),
        questions(board),
    ]
