"""A unit page's figures on the questions to it: open questions, and the median time to a first
official answer, over the unit and its sub-units.

Counted live, the largest unit's figures read some 200,000 questions and sort them for the
median on every view of its page (0.3–1.2 s). So a periodic job (``seminars.tasks``) computes
every unit's figures in one pass and keeps them here, for two audiences: every member of the
cluster (the questions on public and members' models) and those who see the tree's restricted
models too (the cluster's administrators, the unit's own people and those above it). Someone who
belongs to one sub-unit only is shown the members' figures. The page says when they were
computed. Until the job has run once, the page counts live, as before.
"""

from django.db import connection, transaction

from emulation_cluster.enums import Visibility
from emulation_cluster.models import Unit
from emulation_cluster.permissions import is_cluster_admin, is_cluster_member, unit_ids_with_role
from models_registry.models import ExemplaryModel
from seminars.enums import QuestionState
from seminars.qa.models import FiguresAudience, Question, UnitQuestionFigures
from seminars.qa.selectors import unit_question_stats

# One pass over the questions: each is counted for its owner unit and every unit above it
# (``Unit.tree_path``), for both audiences at once (``percentile_cont`` leaves NULLs out).
_FIGURES_SQL = f"""
SELECT tree.unit_id,
       count(*) FILTER (WHERE q.state = %(open)s),
       count(*) FILTER (WHERE q.first_official_answer_at IS NOT NULL),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY q.first_official_answer_at - q.created_at),
       count(*) FILTER (WHERE q.state = %(open)s AND m.visibility <> %(restricted)s),
       count(*) FILTER (WHERE q.first_official_answer_at IS NOT NULL
                          AND m.visibility <> %(restricted)s),
       percentile_cont(0.5) WITHIN GROUP (
           ORDER BY CASE WHEN m.visibility <> %(restricted)s
                         THEN q.first_official_answer_at - q.created_at END)
FROM {Question._meta.db_table} q
JOIN {ExemplaryModel._meta.db_table} m ON m.id = q.exemplary_model_id
JOIN {Unit._meta.db_table} u ON u.id = q.owner_unit_id
CROSS JOIN LATERAL unnest(u.tree_path) AS tree(unit_id)
WHERE q.hidden_at IS NULL AND m.published_at IS NOT NULL
GROUP BY tree.unit_id
"""


def figures_refresh(*, now) -> int:
    """Compute every unit's figures and store them (a unit without questions gets zeros);
    returns how many units were computed."""
    with connection.cursor() as cursor:
        cursor.execute(
            _FIGURES_SQL, {"open": QuestionState.OPEN, "restricted": Visibility.RESTRICTED}
        )
        counted = {row[0]: row[1:] for row in cursor.fetchall()}
    nothing = (0, 0, None, 0, 0, None)
    rows = []
    for unit_id in Unit.objects.values_list("pk", flat=True):
        figures = counted.get(unit_id, nothing)
        for audience, (open_count, answered, median) in (
            (FiguresAudience.ALL, figures[0:3]),
            (FiguresAudience.MEMBERS, figures[3:6]),
        ):
            rows.append(
                UnitQuestionFigures(
                    unit_id=unit_id,
                    audience=audience,
                    open_count=open_count,
                    answered_count=answered,
                    median_wait=median,
                    computed_at=now,
                )
            )
    with transaction.atomic():
        UnitQuestionFigures.objects.bulk_create(
            rows,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["unit", "audience"],
            update_fields=["open_count", "answered_count", "median_wait", "computed_at"],
        )
    return len(rows) // 2


def _audience(user, unit) -> str:
    """Whose figures ``user`` reads on ``unit``'s page: all of them when they see every
    restricted model of its tree (a role in the unit or above it reaches its sub-units)."""
    if is_cluster_admin(user) or unit.pk in unit_ids_with_role(user):
        return FiguresAudience.ALL
    return FiguresAudience.MEMBERS


def unit_question_figures(user, unit) -> dict | None:
    """``open``, ``answered``, ``median`` and ``computed_at`` (None when counted live) for the
    unit page; None for visitors (questions are the members' side), without a query."""
    if not is_cluster_member(user):
        return None
    stored = UnitQuestionFigures.objects.filter(unit=unit, audience=_audience(user, unit)).first()
    if stored is None:
        return {**unit_question_stats(user, unit), "computed_at": None}
    return {
        "open": stored.open_count,
        "answered": stored.answered_count,
        "median": stored.median_wait,
        "computed_at": stored.computed_at,
    }
