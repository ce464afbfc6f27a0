"""The figures of each row unit of a scope (and their totals): models, replications, questions,
seminars. Each function is one query whatever the data, grouped by ``Scope.row``.

What is counted (the reader's visibility applies to every count):
- models: published models the reader may see, owned by the row's units, published by the end
  of the period ("new": published within it);
- replications: recorded replications of those models that were not dropped, dated by their
  start date (else the day they were recorded) within the period; "adopted" counts them by the
  adopting unit, "of its models" by the model's owner unit; "with results": with at least one
  figure (indicator) of their own;
- questions: questions the reader may see, neither hidden nor merged into another, asked within
  the period; "received" by the unit the question is addressed to, "asked" by the asking unit;
  the time to a first official answer is that of the answered ones, in hours;
- seminars: held (or held and closed) seminars whose start falls within the period, by host
  unit, with their lessons learned; attendance: of the invitations of those seminars whose
  attendance was marked, the share of units present.
"""

from dataclasses import dataclass, fields

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Coalesce, TruncDate

from models_registry.enums import ReplicationState
from models_registry.models import ExemplaryModel, Indicator, Replication
from models_registry.permissions import visible_models_q
from seminars.enums import Attendance, SeminarStatus
from seminars.models import Seminar, SeminarInvitation
from seminars.permissions import visible_seminars_q
from seminars.qa.models import Question
from seminars.qa.permissions import visible_questions_q
from seminars.spread.figures.sql import Percentile, hours_between

HELD_STATUSES = (SeminarStatus.HELD, SeminarStatus.CLOSED)


@dataclass
class RowFigures:
    """The figures of one row unit (with its sub-units), or of a whole scope (``unit`` None)."""

    unit: object = None
    models: int = 0
    models_new: int = 0
    replications_adopted: int = 0
    replications_with_results: int = 0
    replications_of_its_models: int = 0
    questions_received: int = 0
    questions_answered: int = 0
    answer_median_hours: float | None = None
    answer_p90_hours: float | None = None
    questions_asked: int = 0
    seminars_held: int = 0
    lessons: int = 0
    attendance_marked: int = 0
    attendance_present: int = 0

    @property
    def results_share(self) -> float | None:
        """Of the replications it adopted, the share with results (0..1; None without any)."""
        return _share(self.replications_with_results, self.replications_adopted)

    @property
    def answered_share(self) -> float | None:
        return _share(self.questions_answered, self.questions_received)

    @property
    def attendance_rate(self) -> float | None:
        return _share(self.attendance_present, self.attendance_marked)


# The figures a unit is compared on with the cluster's median (name, whether more is better).
COMPARED = (
    ("models", True),
    ("models_new", True),
    ("replications_of_its_models", True),
    ("replications_adopted", True),
    ("results_share", True),
    ("questions_received", True),
    ("answered_share", True),
    ("answer_median_hours", False),
    ("questions_asked", True),
    ("seminars_held", True),
    ("attendance_rate", True),
    ("lessons", True),
)

COUNTS = tuple(
    f.name
    for f in fields(RowFigures)
    if f.name not in ("unit", "answer_median_hours", "answer_p90_hours")
)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def visible_replications(reader):
    """Replications, not dropped, of published models ``reader`` may see, with their ``day``."""
    return (
        Replication.objects.filter(visible_models_q(reader, "exemplary_model__"))
        .exclude(state=ReplicationState.DROPPED)
        .annotate(day=Coalesce("started_on", TruncDate("created_at")))
    )


def visible_questions(reader):
    """Questions ``reader`` may see that count: neither hidden nor merged into another."""
    return Question.objects.filter(
        visible_questions_q(reader), hidden_at__isnull=True, merged_into__isnull=True
    )


def held_seminars(reader, period):
    return Seminar.objects.filter(
        visible_seminars_q(reader), period.within("starts_at"), status__in=HELD_STATUSES
    )


def answer_time_aggregates() -> dict:
    answer_hours = hours_between("created_at", "first_official_answer_at")
    return {
        "questions_received": Count("pk"),
        "questions_answered": Count("pk", filter=Q(first_official_answer_at__isnull=False)),
        "answer_median_hours": Percentile(answer_hours, 0.5),
        "answer_p90_hours": Percentile(answer_hours, 0.9),
    }


def row_figures(reader, scope, period) -> list[RowFigures]:
    """A ``RowFigures`` per row unit of ``scope``, in Vietnamese order (seven queries)."""
    rows = {unit.pk: RowFigures(unit=unit) for unit in scope.row_units}

    def fill(queryset):
        for values in queryset:
            row = rows.get(values.pop("row"))
            if row is not None:
                for name, value in values.items():
                    setattr(row, name, value if value is not None else getattr(row, name))

    models = ExemplaryModel.objects.filter(
        visible_models_q(reader), scope.contains("owner_unit"), period.until_end("published_at")
    )
    fill(
        models.values(row=scope.row("owner_unit"))
        .annotate(models=Count("pk"), models_new=Count("pk", filter=period.within("published_at")))
        .order_by()
    )
    replications = visible_replications(reader).filter(period.within("day", dates=True))
    fill(
        replications.filter(scope.contains("adopting_unit"))
        .annotate(has_results=Exists(Indicator.objects.filter(replication=OuterRef("pk"))))
        .values(row=scope.row("adopting_unit"))
        .annotate(
            replications_adopted=Count("pk"),
            replications_with_results=Count("pk", filter=Q(has_results=True)),
        )
        .order_by()
    )
    fill(
        replications.filter(scope.contains("exemplary_model__owner_unit"))
        .values(row=scope.row("exemplary_model__owner_unit"))
        .annotate(replications_of_its_models=Count("pk"))
        .order_by()
    )
    questions = visible_questions(reader).filter(period.within("created_at"))
    fill(
        questions.filter(scope.contains("owner_unit"))
        .values(row=scope.row("owner_unit"))
        .annotate(**answer_time_aggregates())
        .order_by()
    )
    fill(
        questions.filter(scope.contains("asking_unit"))
        .values(row=scope.row("asking_unit"))
        .annotate(questions_asked=Count("pk"))
        .order_by()
    )
    seminars = held_seminars(reader, period)
    fill(
        seminars.filter(scope.contains("host_unit"))
        .values(row=scope.row("host_unit"))
        .annotate(seminars_held=Count("pk", distinct=True), lessons=Count("lessons", distinct=True))
        .order_by()
    )
    fill(
        SeminarInvitation.objects.filter(seminar__in=seminars, unit_id__in=scope.unit_ids)
        .values(row=scope.row("unit"))
        .annotate(
            attendance_marked=Count("pk", filter=~Q(attendance="")),
            attendance_present=Count("pk", filter=Q(attendance=Attendance.PRESENT)),
        )
        .order_by()
    )
    return list(rows.values())


def totals(reader, scope, period, rows: list[RowFigures]) -> RowFigures:
    """The scope's totals: the rows' counts added up, the answer times over all its questions
    (a median of medians would be wrong; one query)."""
    total = RowFigures(unit=scope.unit)
    for name in COUNTS:
        setattr(total, name, sum(getattr(row, name) for row in rows))
    times = (
        visible_questions(reader)
        .filter(period.within("created_at"), scope.contains("owner_unit"))
        .aggregate(**answer_time_aggregates())
    )
    total.answer_median_hours = times["answer_median_hours"]
    total.answer_p90_hours = times["answer_p90_hours"]
    return total
