"""The figures of the spread of good practice: read-only, computed from the data, for a reader.

The interface (stable: the dashboards and the annual report use it)::

    from seminars.spread.figures import Period, Scope, cluster_dashboard, unit_dashboard

    period = Period(2025)            # a calendar year in Hà Nội time; Period() is every year
    period_years(cluster)            # the years to choose from: the cluster's terms, newest first
    board = cluster_dashboard(reader, cluster, period)      # a Dashboard
    board = unit_dashboard(reader, unit, period)            # a Dashboard with .comparisons
    evidence_map(reader, topic=None, unit=None)   # an EvidenceMap (see evidence_map.py)

A ``Dashboard`` holds:

- ``rows``: a ``RowFigures`` per row unit (the member cities; for a unit: the unit's own and
  each direct sub-unit), in Vietnamese order; ``total``: the same figures for the whole scope.
  ``RowFigures`` fields: ``unit, models, models_new, replications_adopted,
  replications_with_results, replications_of_its_models, questions_received,
  questions_answered, answer_median_hours, answer_p90_hours, questions_asked, seminars_held,
  lessons, attendance_marked, attendance_present``; properties ``results_share``,
  ``answered_share``, ``attendance_rate`` (0..1, None when there is nothing to divide);
- ``topics``: ``TopicCount(topic, models, models_new)``, largest first, then ``topic=None``
  for the models without a topic;
- ``over_time``: ``TimePoint(when, adopted, of_its_models)``, per month (1..12) of the year,
  or per year for every year;
- ``matrix``: ``Matrix(owners, adopters, counts)`` with ``cell(owner, adopter)``;
- ``evidence``: ``{EvidenceLevel value: number of models}``, every level present;
- ``counted_at``: None from these functions (the pages' cache sets when it counted them);
- ``comparisons`` (unit dashboard only): ``Comparison(name, value, median, more_is_better)``
  against the median of the cluster's units of the same level (cities, districts or wards).

What each figure counts is written in ``rows.py`` and ``breakdowns.py``. Visibility: every
query applies the reader's rules (``visible_models_q``, ``visible_questions_q``,
``visible_seminars_q``), so cluster administrators count restricted models and a unit's members
count their own unit's, and nobody counts what they may not open. Each figure is a fixed
number of queries whatever the data: a whole dashboard is about fifteen.
"""

import statistics
from dataclasses import dataclass, field

from seminars.spread.figures.breakdowns import (
    Matrix,
    TimePoint,
    TopicCount,
    evidence_levels,
    models_by_topic,
    replication_matrix,
    replications_over_time,
)
from seminars.spread.figures.evidence_map import Bubble, EvidenceMap, evidence_map
from seminars.spread.figures.rows import COMPARED, RowFigures, row_figures, totals
from seminars.spread.figures.scope import Period, Scope, period_years


@dataclass(frozen=True)
class Comparison:
    name: str  # a RowFigures field or property
    value: float | None
    median: float | None
    more_is_better: bool

    @property
    def above_median(self) -> bool | None:
        """Better than the median (by ``more_is_better``); None when either is unknown or equal."""
        if self.value is None or self.median is None or self.value == self.median:
            return None
        return (self.value > self.median) == self.more_is_better


@dataclass
class Dashboard:
    period: Period
    scope: Scope
    rows: list[RowFigures]
    total: RowFigures
    topics: list[TopicCount]
    over_time: list[TimePoint]
    matrix: Matrix
    evidence: dict[str, int]
    comparisons: list[Comparison] = field(default_factory=list)
    counted_at: object = None  # set by whoever keeps the figures (the pages' cache)


def _dashboard(reader, scope: Scope, period: Period) -> Dashboard:
    rows = row_figures(reader, scope, period)
    return Dashboard(
        period=period,
        scope=scope,
        rows=rows,
        total=totals(reader, scope, period, rows),
        topics=models_by_topic(reader, scope, period),
        over_time=replications_over_time(reader, scope, period),
        matrix=replication_matrix(reader, scope, period),
        evidence=evidence_levels(reader, scope, period),
    )


def cluster_dashboard(reader, cluster, period: Period) -> Dashboard:
    """The whole cluster, a row per member city."""
    return _dashboard(reader, Scope.of_cluster(cluster), period)


def unit_dashboard(reader, unit, period: Period) -> Dashboard:
    """``unit`` with its sub-units, and ``comparisons`` with the median of its peers."""
    scope = Scope.of_unit(unit)
    board = _dashboard(reader, scope, period)
    peers = Scope.peers(scope.cluster, scope.depth_of.get(unit.pk, 0), tree=scope.tree)
    peer_rows = row_figures(reader, peers, period)
    own = next((row for row in peer_rows if row.unit.pk == unit.pk), board.total)
    board.comparisons = [
        Comparison(name, getattr(own, name), _median(peer_rows, name), more_is_better)
        for name, more_is_better in COMPARED
    ]
    return board


def _median(rows, name):
    values = [getattr(row, name) for row in rows if getattr(row, name) is not None]
    return statistics.median(values) if values else None


__all__ = [
    "Bubble",
    "Comparison",
    "Dashboard",
    "EvidenceMap",
    "Matrix",
    "Period",
    "RowFigures",
    "Scope",
    "TimePoint",
    "TopicCount",
    "cluster_dashboard",
    "evidence_map",
    "period_years",
    "unit_dashboard",
]
