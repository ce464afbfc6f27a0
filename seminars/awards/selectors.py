"""Reads of the award pages: the year's nominations and the evidence each one carries.

The evidence is gathered when it is read, from the data itself: the model's indicators (baseline
→ result), its replications with their own indicators, the seminar presentations of it (agenda
items of seminars the reader may see, cancelled ones left out) and its questions answered
officially (those the reader may see). A page of nominations costs the same number of queries
whatever their number (prefetches, not a query per card).
"""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from emulation_cluster import audit
from emulation_cluster.enums import Visibility
from emulation_cluster.models import ClusterTerm
from models_registry.enums import ReplicationState
from models_registry.models import ExemplaryModel, Indicator, Replication
from models_registry.permissions import visible_models_q
from seminars.awards.models import Nomination
from seminars.awards.permissions import (
    may_be_nominated,
    nominating_unit_ids,
    visible_nominations_q,
)
from seminars.enums import SeminarStatus
from seminars.models import AgendaItem
from seminars.permissions import visible_seminars_q
from seminars.qa.models import Question
from seminars.qa.permissions import visible_questions_q


def terms_of_year(year: int):
    return ClusterTerm.objects.filter(year=year).select_related("cluster", "head_unit")


def term_years() -> list[int]:
    """The years that have a term, newest first (the year selector)."""
    return list(ClusterTerm.objects.order_by("-year").values_list("year", flat=True).distinct())


def current_year_with_term():
    """This year if it has a term, else the latest earlier year that has one (else None)."""
    return (
        ClusterTerm.objects.filter(year__lte=timezone.localdate().year)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )


def with_head_unit(nominations):
    """Each nomination with the head unit of its year's term (``permissions.head_unit_id``)."""
    head = ClusterTerm.objects.filter(cluster=OuterRef("cluster"), year=OuterRef("year"))
    return nominations.annotate(head_unit_id=Subquery(head.values("head_unit_id")[:1]))


def visible_nominations(user):
    return with_head_unit(Nomination.objects.filter(visible_nominations_q(user))).select_related(
        "exemplary_model", "exemplary_model__owner_unit", "nominating_unit"
    )


def _count(queryset, field="exemplary_model"):
    """A count of ``queryset``'s rows for the nomination's model, as a subquery."""
    counted = (
        queryset.filter(**{field: OuterRef("exemplary_model")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _answered_questions(user):
    return Question.objects.filter(
        visible_questions_q(user), hidden_at__isnull=True, first_official_answer_at__isnull=False
    )


def _presentations(user):
    return AgendaItem.objects.filter(
        visible_seminars_q(user, "seminar__"), exemplary_model__isnull=False
    ).exclude(seminar__status=SeminarStatus.CANCELLED)


def year_nominations(user, year: int):
    """The list page: the year's nominations with the size of each kind of evidence (one query)."""
    proven = Replication.objects.filter(state=ReplicationState.IN_USE, indicators__isnull=False)
    return (
        visible_nominations(user)
        .filter(year=year)
        .annotate(
            indicator_count=_count(Indicator.objects.all()),
            replication_count=_count(Replication.objects.all()),
            replications_with_results=_count(Replication.objects.filter(indicators__isnull=False)),
            proven_replications=Coalesce(
                Subquery(
                    proven.filter(exemplary_model=OuterRef("exemplary_model"))
                    .order_by()
                    .values("exemplary_model")
                    .annotate(n=Count("adopting_unit", distinct=True))
                    .values("n"),
                    output_field=IntegerField(),
                ),
                0,
            ),
            presentation_count=_count(_presentations(user)),
            answered_count=_count(_answered_questions(user)),
        )
        .order_by("nominating_unit__name_sort_key", "exemplary_model__title_sort_key", "id")
    )


def with_evidence(nominations, user):
    """Each nomination's model with its evidence prefetched (five queries for any number)."""
    replications = Replication.objects.select_related("adopting_unit").prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.order_by("position", "id"))
    )
    return nominations.prefetch_related(
        Prefetch("exemplary_model__indicators", queryset=Indicator.objects.order_by("position")),
        Prefetch(
            "exemplary_model__replications",
            queryset=replications.order_by("adopting_unit__name_sort_key", "id"),
        ),
        Prefetch(
            "exemplary_model__seminar_presentations",
            queryset=_presentations(user)
            .select_related("seminar", "presenting_unit")
            .order_by("-seminar__starts_at", "position"),
            to_attr="award_presentations",
        ),
        Prefetch(
            "exemplary_model__questions",
            queryset=_answered_questions(user)
            .select_related("asking_unit")
            .order_by("first_official_answer_at", "id"),
            to_attr="award_answered_questions",
        ),
    )


def evidence_read(nominations) -> list:
    """The nominations (evaluated) with each model's evidence level from the prefetched rows,
    as ``ExemplaryModel.with_evidence`` counts it (no query)."""
    nominations = list(nominations)
    for nomination in nominations:
        model = nomination.exemplary_model
        replications = model.replications.all()
        model.proven_replications = len(
            {
                r.adopting_unit_id
                for r in replications
                if r.state == ReplicationState.IN_USE and r.indicators.all()
            }
        )
        nomination.replications_with_results = sum(1 for r in replications if r.indicators.all())
    return nominations


def year_comparison(user, year: int):
    return with_evidence(year_nominations(user, year), user)


def nomination_detail(user, pk):
    """The nomination at ``pk`` with its evidence, if ``user`` may see it (else None)."""
    rows = evidence_read(with_evidence(visible_nominations(user).filter(pk=pk), user))
    return rows[0] if rows else None


def nominable_models(user, year: int):
    """The user's units' models that may be nominated for ``year`` and are not yet."""
    return (
        ExemplaryModel.objects.filter(
            visible_models_q(user), owner_unit_id__in=nominating_unit_ids(user)
        )
        .exclude(visibility=Visibility.RESTRICTED)
        .exclude(award_nominations__year=year)
        .select_related("owner_unit")
        .order_by("title_sort_key", "id")
    )


def history_entries(nomination):
    return audit.history_of(nomination).order_by("created_at", "id")


def model_nominations(user, exemplary_model) -> list:
    """The model page's award section: its nominations the reader may see, newest year first."""
    return list(
        Nomination.objects.filter(visible_nominations_q(user), exemplary_model=exemplary_model)
        .select_related("nominating_unit")
        .order_by("-year")
    )


def year_to_nominate(exemplary_model, nominations):
    """The year a unit admin may nominate the model for now: the cluster's current term's year,
    unless the model is already nominated for it (one query)."""
    if not may_be_nominated(exemplary_model):
        return None
    year = (
        ClusterTerm.objects.filter(
            Q(cluster_id=exemplary_model.owner_unit.cluster_id),
            year__lte=timezone.localdate().year,
        )
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    if year is None or any(n.year == year for n in nominations):
        return None
    return year
