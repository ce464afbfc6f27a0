"""The evidence map: the published models the reader may see, as effect × evidence × spread.

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

Everything is computed in the database, the limits applied there: at 20,000 models the page
reads a few hundred rows, not every model. Five queries whatever the number of models: how
many, the drawn models' figures (grouped per model, the most replicated first, limited in SQL),
those models' rows, the first models without figures, the topics.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from emulation_cluster.selectors import in_unit_tree
from models_registry.enums import EvidenceLevel, ReplicationState
from models_registry.models import ExemplaryModel, Indicator, Replication, Topic
from models_registry.permissions import visible_models_q
from seminars.spread.figures.breakdowns import evidence_level_expression

# Beyond this many models a map is a cloud and the page heavy: the most replicated are drawn,
# and the page says how many more the filters reach.
MAP_LIMIT = 300
# The list beside the map: the first models without figures in title order, then how many more.
WITHOUT_FIGURES_LIMIT = 50


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
    bubbles: list[Bubble]  # the drawn models: most replicated, then largest change (at most
    # MAP_LIMIT)
    without_figures: list[Bubble]  # the first models without figures, in title order
    topics: list[Topic]  # every topic, to filter by
    placed: int = 0  # models with figures (drawn or not)
    unplaced: int = 0  # models without figures (listed or not)
    replicated: int = 0  # models with figures replicated by another unit

    @property
    def models(self) -> int:
        return self.placed + self.unplaced

    @property
    def bubbles_hidden(self) -> int:
        return self.placed - len(self.bubbles)

    @property
    def without_hidden(self) -> int:
        return self.unplaced - len(self.without_figures)


def _usable_figures():
    """The model's own figures with a baseline other than zero."""
    return Q(baseline__isnull=False) & ~Q(baseline=0) & Q(exemplary_model__isnull=False)


def _spread(model_ref: str):
    """Units replicating the model ``model_ref`` points to (0 when none)."""
    units = (
        Replication.objects.filter(exemplary_model=OuterRef(model_ref))
        .exclude(state=ReplicationState.DROPPED)
        .values("exemplary_model")
        .annotate(units=Count("adopting_unit_id", distinct=True))
        .values("units")
    )
    return Coalesce(Subquery(units), 0)


# Per model with figures: its effect, figures, spread; with the number of such models and of
# those replicated (window counts, taken before the LIMIT). Grouped once over the figures and
# once over the replications, then joined: cheaper than a subquery per model (EXPLAIN at 20,000
# models: 530 ms for the correlated form, see bench/README.md).
_DRAWN_SQL = """
WITH sizes AS (
    SELECT exemplary_model_id AS model_id, result, baseline,
           ABS((result - baseline)::float8 / ABS(baseline)::float8) AS size,
           ROW_NUMBER() OVER (
               PARTITION BY exemplary_model_id
               ORDER BY ABS((result - baseline)::float8 / ABS(baseline)::float8)
           ) AS position,
           COUNT(*) OVER (PARTITION BY exemplary_model_id) AS figures
    FROM {indicator}
    WHERE exemplary_model_id IN ({models}) AND baseline IS NOT NULL AND baseline <> 0
),
effects AS (
    -- The median: the middle size, or the mean of the two middle ones (PERCENTILE_CONT(0.5)
    -- per model gives the same, at the cost of a sort per model).
    SELECT model_id,
           AVG(size) FILTER (WHERE position IN ((figures + 1) / 2, (figures + 2) / 2)) AS effect,
           MAX(figures) AS figures,
           COUNT(*) FILTER (WHERE result > baseline) AS rising,
           COUNT(*) FILTER (WHERE result < baseline) AS falling
    FROM sizes
    GROUP BY model_id
),
spreads AS (
    SELECT exemplary_model_id AS model_id, COUNT(DISTINCT adopting_unit_id) AS units
    FROM {replication}
    WHERE state <> %s
    GROUP BY exemplary_model_id
)
SELECT effects.model_id, effects.effect, effects.figures, effects.rising,
       effects.falling, COALESCE(spreads.units, 0) AS spread,
       COUNT(*) OVER () AS placed,
       COUNT(*) FILTER (WHERE spreads.units > 0) OVER () AS replicated
FROM effects LEFT JOIN spreads ON spreads.model_id = effects.model_id
ORDER BY spread DESC, effects.effect DESC, effects.model_id
LIMIT %s
"""
_DRAWN_COLUMNS = ("model_id", "effect", "figures", "rising", "falling", "spread")


def _drawn(models, limit: int) -> tuple[list[dict], int, int]:
    """(the ``limit`` models with figures to draw, the most replicated first, then the largest
    change, each with its effect, figures and spread; how many models have figures; how many
    of those are replicated): one query, grouped and limited in the database."""
    models_sql, models_params = models.order_by().values("pk").query.sql_with_params()
    sql = _DRAWN_SQL.format(
        indicator=connection.ops.quote_name(Indicator._meta.db_table),
        replication=connection.ops.quote_name(Replication._meta.db_table),
        models=models_sql,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*models_params, ReplicationState.DROPPED.value, limit])
        rows = cursor.fetchall()
    if not rows:
        return [], 0, 0
    placed, replicated = rows[0][-2], rows[0][-1]
    return [dict(zip(_DRAWN_COLUMNS, row[:-2], strict=True)) for row in rows], placed, replicated


def _model_rows(models):
    return (
        models.annotate(level=evidence_level_expression())
        .select_related("owner_unit")
        .only("id", "title", "slug", "owner_unit__name", "owner_unit__slug", "verified_at")
    )


def evidence_map(reader, topic=None, unit=None) -> EvidenceMap:
    """Published models ``reader`` may see, of ``topic`` and of ``unit`` (with its sub-units)
    when given: at most ``MAP_LIMIT`` drawn and ``WITHOUT_FIGURES_LIMIT`` listed, with the
    counts of all of them."""
    models = ExemplaryModel.objects.filter(visible_models_q(reader))
    if topic is not None:
        models = models.filter(topics=topic)
    if unit is not None:
        models = models.filter(in_unit_tree("owner_unit", unit))
    total = models.count()
    drawn, placed, replicated = _drawn(models, MAP_LIMIT)
    loaded = (
        _model_rows(
            ExemplaryModel.objects.filter(pk__in=[row["model_id"] for row in drawn])
        ).in_bulk()
        if drawn
        else {}
    )
    bubbles = [
        Bubble(
            model=loaded[row["model_id"]],
            level=loaded[row["model_id"]].level,
            spread=row["spread"],
            effect=row["effect"],
            figures=row["figures"],
            rising=row["rising"],
            falling=row["falling"],
        )
        for row in drawn
    ]
    unplaced = (
        _model_rows(models)
        .exclude(
            Exists(Indicator.objects.filter(_usable_figures(), exemplary_model=OuterRef("pk")))
        )
        .annotate(spread=_spread("pk"))
        .order_by("title_sort_key", "id")[:WITHOUT_FIGURES_LIMIT]
        if total > placed
        else []
    )
    without = [Bubble(model=m, level=m.level, spread=m.spread, effect=None) for m in unplaced]
    return EvidenceMap(
        bubbles=bubbles,
        without_figures=without,
        topics=list(Topic.objects.all()),
        placed=placed,
        unplaced=total - placed,
        replicated=replicated,
    )
