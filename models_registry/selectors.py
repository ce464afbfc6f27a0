"""Reads that pages share: the published list with its filters, sorting and search."""

from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchQuery
from django.db.models import (
    Case,
    F,
    Func,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from emulation_cluster import audit
from emulation_cluster.models import Unit
from emulation_cluster.selectors import in_unit_tree
from emulation_cluster.vietnamese import fold
from models_registry.models import ExemplaryModel, Indicator, Replication, Topic
from models_registry.permissions import visible_models_q
from models_registry.relevance import Relevance

SORTS = {
    "newest": (_("Newest first"), ("-published_at", "-id")),
    "title": (_("Title (A–Z)"), ("title_sort_key", "id")),
    "started": (_("Start date"), (F("started_on").desc(nulls_last=True), "-id")),
    "unit": (_("Owner unit"), ("owner_unit__name_sort_key", "-published_at")),
}
SEARCH_SORT = "relevance"


@dataclass(frozen=True)
class ModelFilters:
    query: str = ""
    unit: Unit | None = None
    topic: object = None
    kind: str = ""
    status: str = ""
    year: int | None = None
    sort: str = "newest"

    @property
    def active_count(self) -> int:
        """How many filters narrow the list (the search words and the sort aside)."""
        return sum(
            1 for value in (self.unit, self.topic, self.kind, self.status, self.year) if value
        )


def search_query(text: str) -> SearchQuery | None:
    """A tsquery from folded words: every word must match, the last one as a prefix."""
    words = [word for word in "".join(c if c.isalnum() else " " for c in fold(text)).split()]
    if not words:
        return None
    terms = [f"{word}" for word in words[:-1]] + [f"{words[-1]}:*"]
    return SearchQuery(" & ".join(terms), search_type="raw", config="simple")


def _filtered(filters: ModelFilters, models):
    if filters.unit is not None:
        # A city's list includes the models of its districts and wards.
        models = models.filter(in_unit_tree("owner_unit", filters.unit))
    if filters.topic is not None:
        models = models.filter(topics=filters.topic)
    if filters.kind:
        models = models.filter(kind=filters.kind)
    if filters.status:
        models = models.filter(status=filters.status)
    if filters.year:
        models = models.filter(started_on__year=filters.year)
    return models


def published_models(filters: ModelFilters, user):
    """Published models ``user`` may see, filtered, searched and sorted (the export's rows: a
    search in relevance order is ranked whole here; the list's pages use ``relevance_search``)."""
    models = _filtered(filters, ExemplaryModel.objects.listed_for(user).for_listing())
    query = search_query(filters.query) if filters.query else None
    if query is not None:
        models = models.filter(search_vector=query)
        if filters.sort == SEARCH_SORT:
            return _relevance(filters, query).ranked(models)
    elif filters.query:
        return models.none()
    return models.order_by(*SORTS.get(filters.sort, SORTS["newest"])[1])


def _relevance(filters: ModelFilters, query: SearchQuery, per_page: int = 20) -> Relevance:
    # Where two titles fold to the same text, the one typed with the query's accents comes
    # first; then the rank; the newest first among equals (the list's newest order).
    return Relevance(query, filters.query, SORTS["newest"][1], per_page)


def relevance_search(filters: ModelFilters, user, per_page: int):
    """For a search in relevance order: (its matches, bare, for the count and the page's ids;
    their order), else None. Its pages: ``Relevance.page``, at any size."""
    query = search_query(filters.query) if filters.query else None
    if query is None or filters.sort != SEARCH_SORT:
        return None
    matches = _filtered(filters, ExemplaryModel.objects.listed_for(user))
    return matches.filter(search_vector=query), _relevance(filters, query, per_page)


def for_export(models):
    """The list's rows as an export reads them: topics and replications counted in the same
    query (no prefetch), so that the rows stream from one cursor whatever their number."""
    english = get_language() == "en"
    topic_name = (
        Case(When(name_en="", then=F("name")), default=F("name_en")) if english else F("name")
    )
    topics = (
        Topic.objects.filter(models=OuterRef("pk"))
        .order_by("name_sort_key", "id")
        .annotate(display=topic_name)
        .values("display")
    )
    replications = (
        Replication.objects.filter(exemplary_model=OuterRef("pk"))
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    return models.prefetch_related(None).annotate(
        topic_names=ArraySubquery(topics),
        replication_count=Coalesce(Subquery(replications, output_field=IntegerField()), 0),
    )


def start_years():
    """Years offered by the year filter: from the first start to the last (two index reads).

    Computed over all published models, not per reader: only the span of years shows.
    """
    span = (
        ExemplaryModel.objects.published()
        .filter(started_on__isnull=False)
        .aggregate(first=Min("started_on"), last=Max("started_on"))
    )
    if span["first"] is None:
        return []
    return list(range(span["last"].year, span["first"].year - 1, -1))


def model_detail_queryset():
    """Everything the detail page shows, in a fixed number of queries."""
    return (
        ExemplaryModel.objects.with_evidence()
        .select_related("owner_unit", "owner_unit__parent", "verified_by")
        .prefetch_related(
            "partners",
            "topics",
            "indicators",
            "attachments",
            Prefetch(
                "replications",
                queryset=Replication.objects.select_related("adopting_unit").prefetch_related(
                    Prefetch("indicators", queryset=Indicator.objects.order_by("position", "id"))
                ),
            ),
        )
    )


def history_entries(exemplary_model):
    """The model's audit trail: its own entries and those of its attachments and replications."""
    return audit.history_of(exemplary_model)


def unit_model_count(user):
    """An annotation for units: how many published models of the unit's tree ``user`` may see."""
    models = ExemplaryModel.objects.filter(visible_models_q(user)).filter(
        in_unit_tree("owner_unit", OuterRef("pk"))
    )
    count = models.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(count, output_field=IntegerField()), 0)
