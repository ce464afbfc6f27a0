"""What the annual report reads beside the dashboard's figures: the term of a year, and the rows
behind two of those figures, the replications started that year and the seminars held that
year, counted exactly as the figures count them (``figures.rows``: the same querysets, the same
scope), with the reader's visibility applied in the query."""

from django.db.models import Prefetch

from emulation_cluster.models import ClusterTerm
from models_registry.models import ExemplaryModel, Indicator
from seminars.models import Lesson, SeminarInvitation, Solution
from seminars.spread.figures.rows import held_seminars, visible_replications

# The years a term may have (the database's own check on ``ClusterTerm.year``).
FIRST_YEAR, LAST_YEAR = 2000, 2100


def parse_year(text: str) -> int | None:
    """The year in the address, or None when it is not one a term can have."""
    if not text.isascii() or not text.isdigit() or len(text) != 4:
        return None
    year = int(text)
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


def report_terms(cluster):
    """The terms of ``cluster`` (the reader's, as the dashboard's), newest first: one report
    each."""
    return ClusterTerm.objects.filter(cluster=cluster).select_related("head_unit").order_by("-year")


def report_term(cluster, year: int):
    """The term of ``year`` with its cluster, head, deputy and member units, or None."""
    return (
        ClusterTerm.objects.filter(cluster=cluster, year=year)
        .select_related("cluster", "head_unit", "deputy_unit")
        .prefetch_related("member_units")
        .first()
    )


def replications_of_year(reader, board):
    """The replications the dashboard ``board`` counts (not dropped, of models ``reader`` may
    see, started in its year, adopted by or of models of its units), oldest first, with their
    results."""
    scope, period = board.scope, board.period
    return (
        visible_replications(reader)
        .filter(
            scope.contains("adopting_unit") | scope.contains("exemplary_model__owner_unit"),
            period.within("day", dates=True),
        )
        .select_related("exemplary_model", "exemplary_model__owner_unit", "adopting_unit")
        .prefetch_related(Prefetch("indicators", Indicator.objects.order_by("position", "id")))
        .order_by("day", "exemplary_model__title_sort_key", "adopting_unit__name_sort_key")
    )


def seminars_of_year(reader, board):
    """The seminars the dashboard ``board`` counts as held (hosted by its units, started in its
    year, that ``reader`` may open), in date order, with their invitations, lessons and solutions
    (and the models these name)."""
    named = ExemplaryModel.objects.order_by("title_sort_key")
    return (
        held_seminars(reader, board.period)
        .filter(board.scope.contains("host_unit"))
        .select_related("host_unit")
        .prefetch_related(
            Prefetch("invitations", SeminarInvitation.objects.order_by("unit__name_sort_key")),
            Prefetch(
                "lessons", Lesson.objects.prefetch_related(Prefetch("exemplary_models", named))
            ),
            Prefetch(
                "solutions", Solution.objects.prefetch_related(Prefetch("exemplary_models", named))
            ),
        )
        .order_by("starts_at", "id")
    )
