"""The annual knowledge-sharing report of a term, read once and written three ways: a print
page, a Word document (``docx.py``) and a workbook of its tables (``workbook.py``).

Its figures are the cluster dashboard's for the term's year (``seminars.spread.figures``, shown
as the dashboard's charts show them: ``charts.dashboard_charts``), never counted a second way;
its lists are the rows behind two of those figures (``selectors``). Everything in it is what the
reader may see: a restricted model the reader may not open is not in the report at all (nor
counted), and a lesson that names it says “a model you may not open”, as the minutes do.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from models_registry.permissions import can_view_model
from seminars.enums import Attendance
from seminars.spread import figures
from seminars.spread.charts import dashboard_charts
from seminars.spread.report import selectors


def number(value, places: int = 2) -> str:
    """1.234,5 in Vietnamese, 1,234.5 in English: at most ``places`` decimals, no trailing
    zeros (a figure typed as 1234.50 reads as it was meant)."""
    rounded = Decimal(value).quantize(Decimal(1).scaleb(-places))
    decimals = max(0, -rounded.normalize().as_tuple().exponent)
    return formats.number_format(rounded, decimal_pos=decimals, force_grouping=True)


@dataclass(frozen=True)
class Result:
    """A result of a replication: an indicator from its baseline to its result."""

    name: str
    unit_of_measure: str
    baseline: object  # Decimal or None
    result: object  # Decimal
    change_percent: object  # Decimal or None
    period: str
    source: str

    @property
    def text(self) -> str:
        measure = f" {self.unit_of_measure}" if self.unit_of_measure else ""
        if self.baseline is None:
            figure = f"{number(self.result)}{measure}"
        else:
            figure = f"{number(self.baseline)} → {number(self.result)}{measure}"
            if self.change_percent is not None:
                sign = "+" if self.change_percent > 0 else ""
                figure += f" ({sign}{number(self.change_percent, 1)}%)"
        period = f", {self.period}" if self.period else ""
        return f"{self.name}: {figure}{period}"


@dataclass(frozen=True)
class ReplicatedModel:
    number: int
    title: str
    url: str
    owner_unit: str
    adopting_unit: str
    started: datetime.date
    state: str
    results: list
    is_demo: bool


@dataclass(frozen=True)
class SeminarHeld:
    number: int
    title: str
    url: str
    day: datetime.date
    host_unit: str
    venue: str
    chair: str
    invited: int
    present: int
    lessons: list
    solutions: list
    is_demo: bool


@dataclass(frozen=True)
class AnnualReport:
    term: object
    year: int
    issued_on: datetime.date
    member_units: list
    board: object  # the cluster dashboard's figures of the year (``figures.Dashboard``)
    charts: list  # the same as the dashboard's charts present them (``cells.Chart``)
    replications: list
    seminars: list
    is_demo: bool
    recipients: list = field(default_factory=list)

    @property
    def issuer(self) -> str:
        return self.term.head_unit.name

    @property
    def place_and_date(self) -> str:
        """“Cần Thơ, ngày 5 tháng 12 năm 2026”: the head unit's city, the day it is made."""
        return f"{self.term.head_unit.city}, {formats.date_format(self.issued_on, 'DATE_FORMAT')}"

    @property
    def subject(self) -> str:
        return _("Results of sharing experience and replicating exemplary models in %(year)s") % {
            "year": self.year
        }

    @property
    def period(self) -> str:
        first, last = datetime.date(self.year, 1, 1), datetime.date(self.year, 12, 31)
        return _("from %(first)s to %(last)s") % {
            "first": formats.date_format(first, "SHORT_DATE_FORMAT"),
            "last": formats.date_format(last, "SHORT_DATE_FORMAT"),
        }

    @property
    def is_partial(self) -> bool:
        """The year is not over: the report says what is recorded so far."""
        return self.issued_on.year <= self.year

    @property
    def stem(self) -> str:
        return f"bao-cao-lan-toa-{self.year}"


def _results(replication) -> list[Result]:
    return [
        Result(
            name=indicator.name,
            unit_of_measure=indicator.unit_of_measure,
            baseline=indicator.baseline,
            result=indicator.result,
            change_percent=indicator.change_percent,
            period=indicator.period,
            source=indicator.source,
        )
        for indicator in replication.indicators.all()
    ]


def _replicated_models(user, board) -> list[ReplicatedModel]:
    return [
        ReplicatedModel(
            number=position,
            title=replication.exemplary_model.title,
            url=replication.exemplary_model.get_absolute_url(),
            owner_unit=replication.exemplary_model.owner_unit.name,
            adopting_unit=replication.adopting_unit.name,
            started=replication.day,
            state=replication.get_state_display(),
            results=_results(replication),
            is_demo=replication.is_demo or replication.exemplary_model.is_demo,
        )
        for position, replication in enumerate(selectors.replications_of_year(user, board), start=1)
    ]


def _finding_texts(user, findings) -> list[str]:
    texts = []
    for finding in findings:
        models = [
            model.title if can_view_model(user, model) else _("a model you may not open")
            for model in finding.exemplary_models.all()
        ]
        concerns = (
            " (" + _("concerns: %(models)s") % {"models": "; ".join(models)} + ")" if models else ""
        )
        texts.append(finding.text + concerns)
    return texts


def _seminars_held(user, board) -> list[SeminarHeld]:
    held = []
    for position, seminar in enumerate(selectors.seminars_of_year(user, board), start=1):
        invitations = list(seminar.invitations.all())
        held.append(
            SeminarHeld(
                number=position,
                title=seminar.title,
                url=seminar.get_absolute_url(),
                day=timezone.localdate(seminar.starts_at),
                host_unit=seminar.host_unit.name,
                venue=seminar.venue or seminar.online_url,
                chair=seminar.chair_name,
                invited=len(invitations),
                present=sum(1 for i in invitations if i.attendance == Attendance.PRESENT),
                lessons=_finding_texts(user, seminar.lessons.all()),
                solutions=_finding_texts(user, seminar.solutions.all()),
                is_demo=seminar.is_demo,
            )
        )
    return held


def annual_report(user, term) -> AnnualReport:
    """The report of ``term`` (from ``selectors.report_term``) as ``user`` may read it."""
    board = figures.cluster_dashboard(user, term.cluster, figures.Period(term.year))
    member_units = [unit.name for unit in term.member_units.all()]
    # The head unit issues the report: the other member units receive it.
    others = [unit.name for unit in term.member_units.all() if unit.pk != term.head_unit_id]
    return AnnualReport(
        term=term,
        year=term.year,
        issued_on=timezone.localdate(),
        member_units=member_units,
        board=board,
        charts=dashboard_charts(board),
        replications=_replicated_models(user, board),
        seminars=_seminars_held(user, board),
        is_demo=term.is_demo,
        recipients=[
            *(_("%(unit)s (for information)") % {"unit": name} for name in others),
            _("Filed: office of %(unit)s") % {"unit": term.head_unit.short_name},
        ],
    )
