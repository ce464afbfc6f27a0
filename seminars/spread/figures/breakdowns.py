"""The figures that are not per unit: models per topic, replications over time and between
units (who adopted whose models), and the evidence levels. One query each (topics: two)."""

from dataclasses import dataclass

from django.db.models import Case, Count, Exists, OuterRef, Q, Value, When
from django.db.models.functions import ExtractMonth, ExtractYear

from models_registry.enums import EvidenceLevel, ReplicationState
from models_registry.models import ExemplaryModel, Replication, Topic
from models_registry.models.exemplary import REPLICATED_EVIDENCE_MIN_UNITS
from models_registry.permissions import visible_models_q
from seminars.spread.figures.rows import visible_replications

ModelTopics = ExemplaryModel.topics.through


@dataclass(frozen=True)
class TopicCount:
    topic: Topic | None  # None: the models without a topic
    models: int
    models_new: int


@dataclass(frozen=True)
class TimePoint:
    """Replications started in a month (a year's period) or a year (every year)."""

    when: int  # the month 1..12, or the year
    adopted: int  # by units of the scope
    of_its_models: int  # of models owned by units of the scope


@dataclass(frozen=True)
class Matrix:
    """Replications from owner (rows) to adopter (columns): ``counts[(owner_id, adopter_id)]``."""

    owners: list
    adopters: list
    counts: dict

    def cell(self, owner, adopter) -> int:
        return self.counts.get((owner.pk, adopter.pk), 0)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _scope_models(reader, scope, period):
    return ExemplaryModel.objects.filter(
        visible_models_q(reader), scope.contains("owner_unit"), period.until_end("published_at")
    )


def models_by_topic(reader, scope, period) -> list[TopicCount]:
    """Published models per topic (a model with two topics counts in both), largest first, then
    the models without a topic (three queries: the links, the topics, the models without)."""
    models = _scope_models(reader, scope, period)
    links = (
        ModelTopics.objects.filter(exemplarymodel__in=models.values("pk"))
        .values("topic_id")
        .annotate(
            n=Count("pk"),
            # The new ones through the index of models, not a join to their long rows.
            new=Count(
                "pk",
                filter=Q(
                    exemplarymodel__in=models.filter(period.within("published_at")).values("pk")
                ),
            ),
        )
        .order_by()
    )
    counted = {row["topic_id"]: row for row in links}
    topics = Topic.objects.filter(pk__in=list(counted)) if counted else []
    rows = sorted(
        (TopicCount(topic, counted[topic.pk]["n"], counted[topic.pk]["new"]) for topic in topics),
        key=lambda row: (-row.models, row.topic.name_sort_key),
    )
    has_topic = Exists(ModelTopics.objects.filter(exemplarymodel_id=OuterRef("pk")))
    untopiced = models.filter(~has_topic).aggregate(
        n=Count("pk"), new=Count("pk", filter=period.within("published_at"))
    )
    if untopiced["n"]:
        rows.append(TopicCount(None, untopiced["n"], untopiced["new"]))
    return rows


def _scope_replications(reader, scope, period):
    return visible_replications(reader).filter(
        scope.contains("adopting_unit") | scope.contains("exemplary_model__owner_unit"),
        period.within("day", dates=True),
    )


def replications_over_time(reader, scope, period) -> list[TimePoint]:
    """Per month of the year (every month, zeros included), or per year for every year."""
    step = ExtractYear("day") if period.year is None else ExtractMonth("day")
    counted = {
        row["when"]: row
        for row in _scope_replications(reader, scope, period)
        .values(when=step)
        .annotate(
            adopted=Count("pk", filter=scope.contains("adopting_unit")),
            of_its_models=Count("pk", filter=scope.contains("exemplary_model__owner_unit")),
        )
        .order_by("when")
    }
    if period.year is not None:
        steps = range(1, 13)
    elif counted:
        steps = range(min(counted), max(counted) + 1)
    else:
        steps = range(0)
    return [
        TimePoint(
            when,
            counted.get(when, {}).get("adopted", 0),
            counted.get(when, {}).get("of_its_models", 0),
        )
        for when in steps
    ]


def replication_matrix(reader, scope, period) -> Matrix:
    """Who adopted whose models: rows the owners, columns the adopters; within the scope by its
    row units, outside it by city (one query)."""
    counts = {
        (row["owner"], row["adopter"]): row["n"]
        for row in _scope_replications(reader, scope, period)
        .values(
            owner=scope.row_or_city("exemplary_model__owner_unit"),
            adopter=scope.row_or_city("adopting_unit"),
        )
        .annotate(n=Count("pk"))
        .order_by()
        if row["owner"] is not None and row["adopter"] is not None
    }
    involved = {owner for owner, _a in counts} | {adopter for _o, adopter in counts}
    row_ids = {u.pk for u in scope.row_units}
    units = [u for u in scope.units_by_id.values() if u.pk in row_ids | involved]
    return Matrix(owners=units, adopters=units, counts=counts)


def replicated_model_ids():
    """Models used with results by enough other units (``models_registry``'s rule), as one
    uncorrelated subquery: cheaper than counting per model over thousands of models."""
    return (
        Replication.objects.filter(state=ReplicationState.IN_USE, indicators__isnull=False)
        .values("exemplary_model_id")
        .annotate(units=Count("adopting_unit_id", distinct=True))
        .filter(units__gte=REPLICATED_EVIDENCE_MIN_UNITS)
        .values("exemplary_model_id")
    )


def evidence_level_expression():
    """``models_registry``'s ``evidence_level`` as SQL."""
    return Case(
        When(pk__in=replicated_model_ids(), then=Value(EvidenceLevel.REPLICATED.value)),
        When(verified_at__isnull=False, then=Value(EvidenceLevel.VERIFIED.value)),
        default=Value(EvidenceLevel.SELF_REPORTED.value),
    )


def evidence_levels(reader, scope, period) -> dict[str, int]:
    """Published models per evidence level (today's level), every level present (one query)."""
    counted = dict(
        _scope_models(reader, scope, period)
        .annotate(level=evidence_level_expression())
        .values_list("level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {level: counted.get(level, 0) for level in EvidenceLevel.values}
