"""The evidence map: every published model the reader may see, as effect × evidence × spread.

- **effect**: from the model's own figures (its ``Indicator`` rows, not its replications'), each
  figure with a baseline other than zero gives a relative change ``(result − baseline) /
  |baseline|``; a model's effect is the median of the sizes of those changes (``|change|``), so
  that one outlying figure does not decide it. The registry does not record whether a figure
  is better lower (offences) or higher (people served), so the map shows how much changed, not
  whether it was for the better; ``rising`` and ``falling`` say how many figures went each way.
  A model without such a figure has no effect and is listed beside the map (``without_figures``).
- **evidence level**: the registry's (self-reported, verified by the cluster, replicated with
  results), computed in SQL from the same rule;
- **spread**: how many other units replicate it (recorded replications not dropped).

Three queries whatever the number of models.
"""

from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Abs, Coalesce

from emulation_cluster.selectors import in_unit_tree
from models_registry.enums import EvidenceLevel, ReplicationState
from models_registry.models import ExemplaryModel, Indicator, Replication, Topic
from models_registry.permissions import visible_models_q
from seminars.spread.figures.breakdowns import evidence_level_expression
from seminars.spread.figures.sql import Percentile


@dataclass(frozen=True)
class Bubble:
    model: ExemplaryModel  # with owner_unit loaded
    level: str  # an EvidenceLevel value
    spread: int  # units replicating it
    effect: float | None  # the median size of its relative changes (0.25 = 25 %)
    figures: int = 0  # its figures with a usable baseline
    rising: int = 0
    falling: int = 0

    @property
    def level_label(self) -> str:
        return EvidenceLevel(self.level).label


@dataclass(frozen=True)
class EvidenceMap:
    bubbles: list[Bubble]  # models with an effect, in Vietnamese title order
    without_figures: list[Bubble]
    topics: list[Topic]  # every topic, to filter by

    @property
    def models(self) -> int:
        return len(self.bubbles) + len(self.without_figures)


def _spread():
    return (
        Replication.objects.filter(exemplary_model=OuterRef("pk"))
        .exclude(state=ReplicationState.DROPPED)
        .values("exemplary_model")
        .annotate(units=Count("adopting_unit", distinct=True))
        .values("units")
    )


def _effects(model_ids) -> dict[int, dict]:
    """Per model of ``model_ids`` (a subquery): its effect and how many figures rose and fell."""
    usable = Q(baseline__isnull=False) & ~Q(baseline=0)
    change = (F("result") - F("baseline")) / Abs(F("baseline"))
    return {
        row["exemplary_model_id"]: row
        for row in Indicator.objects.filter(usable, exemplary_model_id__in=model_ids)
        .values("exemplary_model_id")
        .annotate(
            effect=Percentile(Abs(change), 0.5),
            figures=Count("pk"),
            rising=Count("pk", filter=Q(result__gt=F("baseline"))),
            falling=Count("pk", filter=Q(result__lt=F("baseline"))),
        )
        .order_by()
    }


def evidence_map(reader, topic=None, unit=None) -> EvidenceMap:
    """Published models ``reader`` may see, of ``topic`` and of ``unit`` (with its sub-units)
    when given."""
    models = ExemplaryModel.objects.filter(visible_models_q(reader))
    if topic is not None:
        models = models.filter(topics=topic)
    if unit is not None:
        models = models.filter(in_unit_tree("owner_unit", unit))
    effects = _effects(models.values("pk"))
    models = list(
        models.annotate(level=evidence_level_expression(), spread=Coalesce(Subquery(_spread()), 0))
        .select_related("owner_unit")
        .only("id", "title", "slug", "owner_unit__name", "owner_unit__slug", "verified_at")
        .order_by("title_sort_key", "id")
    )
    bubbles, without = [], []
    for model in models:
        found = effects.get(model.pk)
        bubble = Bubble(
            model=model,
            level=model.level,
            spread=model.spread,
            effect=found["effect"] if found else None,
            figures=found["figures"] if found else 0,
            rising=found["rising"] if found else 0,
            falling=found["falling"] if found else 0,
        )
        (bubbles if found else without).append(bubble)
    return EvidenceMap(bubbles=bubbles, without_figures=without, topics=list(Topic.objects.all()))
