"""What the annual report reads: the term of a year, the replications started that year and the
seminars held that year, each with the reader's visibility applied in the query."""

from django.db.models import DateField, Prefetch
from django.db.models.functions import Cast, Coalesce

from emulation_cluster.models import ClusterTerm
from models_registry.models import ExemplaryModel, Indicator, Replication
from models_registry.permissions import visible_models_q
from seminars.enums import SeminarStatus
from seminars.models import Lesson, SeminarInvitation, Solution
from seminars.selectors import visible_seminars

# The years a term may have (the database's own check on ``ClusterTerm.year``).
FIRST_YEAR, LAST_YEAR = 2000, 2100


def parse_year(text: str) -> int | None:
    """The year in the address, or None when it is not one a term can have."""
    if not text.isascii() or not text.isdigit() or len(text) != 4:
        return None
    year = int(text)
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


def report_terms():
    """Every term that has a report, newest first (the first cluster's, as the home page)."""
    return ClusterTerm.objects.select_related("cluster", "head_unit", "deputy_unit").order_by(
        "-year", "cluster_id"
    )


def report_term(year: int):
    """The term of ``year`` with its head, deputy and member units, or None."""
    return (
        report_terms()
        .filter(year=year)
        .prefetch_related("member_units")
        .order_by("cluster_id")
        .first()
    )


def replications_of_year(user, term):
    """Replications of the cluster's models that ``user`` may see, started in the term's year
    (the day it was recorded when no start date was given), oldest first, with their results."""
    started = Coalesce("started_on", Cast("created_at", DateField()))
    return (
        Replication.objects.filter(
            visible_models_q(user, prefix="exemplary_model__"),
            exemplary_model__owner_unit__cluster=term.cluster,
        )
        .annotate(started=started)
        .filter(started__year=term.year)
        .select_related("exemplary_model", "exemplary_model__owner_unit", "adopting_unit")
        .prefetch_related(Prefetch("indicators", Indicator.objects.order_by("position", "id")))
        .order_by("started", "exemplary_model__title_sort_key", "adopting_unit__name_sort_key")
    )


def seminars_of_year(user, term):
    """The cluster's seminars held in the term's year that ``user`` may open, in date order,
    with their invitations, lessons and solutions (and the models these name)."""
    named = ExemplaryModel.objects.order_by("title_sort_key")
    return (
        visible_seminars(user)
        .filter(
            cluster=term.cluster,
            status__in=(SeminarStatus.HELD, SeminarStatus.CLOSED),
            starts_at__year=term.year,
        )
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
