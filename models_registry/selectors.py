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
    Q,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from emulation_cluster import audit
from emulation_cluster.models import Partner, Unit
from emulation_cluster.related_rows import instances, rows_array
from emulation_cluster.selectors import in_unit_tree
from emulation_cluster.vietnamese import fold
from models_registry.models import (
    Attachment,
    ExemplaryModel,
    Indicator,
    Replication,
    Topic,
    UnitModelCount,
)
from models_registry.permissions import visible_counts_q
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
    """Everything the detail page shows, in a fixed number of queries: the model's partners,
    topics and files come in its own row (``related_rows``), its replications in one more query,
    then ``place_indicators`` reads the figures of the model and of its replications at once."""
    of_model = OuterRef("pk")
    return (
        ExemplaryModel.objects.with_evidence()
        .select_related("owner_unit", "owner_unit__parent", "verified_by")
        .annotate(
            partner_rows=rows_array(
                Partner.objects.filter(models=of_model).order_by("name_sort_key"), "id", "name"
            ),
            topic_rows=rows_array(
                Topic.objects.filter(models=of_model).order_by("name_sort_key"),
                *("id", "name", "name_en", "slug"),
            ),
            attachment_rows=rows_array(
                Attachment.objects.filter(exemplary_model=of_model).order_by("created_at", "id"),
                *_SHOWN_ATTACHMENT_FIELDS,
            ),
        )
        .prefetch_related(
            Prefetch("replications", queryset=Replication.objects.select_related("adopting_unit"))
        )
    )


_SHOWN_ATTACHMENT_FIELDS = (
    "id",
    "title",
    "original_name",
    "kind",
    "content_type",
    "size",
    "created_at",
    "visibility",
)


def place_related(exemplary_model) -> None:
    """Give a model read by ``model_detail_queryset`` what its page lists: ``shown_partners``,
    ``shown_topics``, ``shown_attachments``, ``shown_indicators``, and each replication's
    ``shown_indicators`` (one query for all the figures)."""
    exemplary_model.shown_partners = instances(Partner, exemplary_model.partner_rows)
    exemplary_model.shown_topics = instances(Topic, exemplary_model.topic_rows)
    exemplary_model.shown_attachments = instances(
        Attachment, exemplary_model.attachment_rows, exemplary_model=exemplary_model
    )
    replications = list(exemplary_model.replications.all())
    figures = Indicator.objects.filter(
        Q(exemplary_model=exemplary_model) | Q(replication__in=[r.pk for r in replications])
    )
    by_owner = {}
    for indicator in figures:
        key = ("replication", indicator.replication_id) if indicator.replication_id else "model"
        by_owner.setdefault(key, []).append(indicator)
    exemplary_model.shown_indicators = by_owner.get("model", [])
    for replication in replications:
        replication.shown_indicators = by_owner.get(("replication", replication.pk), [])


def history_entries(exemplary_model):
    """The model's audit trail: its own entries and those of its attachments and replications."""
    return audit.history_of(exemplary_model)


def unit_model_count(user):
    """An annotation for units: how many published models of the unit's tree ``user`` may see,
    summed from the stored counts (``UnitModelCount``: a few rows per unit, not the models)."""
    counts = UnitModelCount.objects.filter(visible_counts_q(user)).filter(
        in_unit_tree("owner_unit", OuterRef("pk"))
    )
    total = counts.order_by().annotate(n=Func(F("published"), function="SUM")).values("n")
    return Coalesce(Subquery(total, output_field=IntegerField()), 0)


def visible_model_total(user) -> int:
    """How many published models ``user`` may see in the whole registry (from the stored
    counts, as ``ExemplaryModel.objects.listed_for(user).count()`` would count them)."""
    counts = UnitModelCount.objects.filter(visible_counts_q(user))
    return counts.aggregate(total=Coalesce(Sum("published"), 0))["total"]
