"""Reads of the cluster that the apps share: a unit's tree, the terms, the administration's log."""

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    F,
    Func,
    OuterRef,
    Q,
    Subquery,
    When,
)

from emulation_cluster.models import AuditEntry, Cluster, ClusterTerm, Partner, Unit

_UNIT_IDS = ArrayField(BigIntegerField())


class _AnyOf(Func):
    """``column = ANY(ARRAY(subquery))``, a condition."""

    template = "%(expressions)s))"
    arg_joiner = " = ANY(ARRAY("
    output_field = BooleanField()


def unit_tree_ids(unit):
    """The ids of ``unit`` (a unit or its id) and of all its sub-units, as a subquery."""
    unit_id = unit.pk if isinstance(unit, Unit) else unit
    return Unit.objects.filter(tree_path__contains=[unit_id]).values("pk")


def in_unit_tree(field: str, unit) -> Q:
    """``field`` is the unit or one of its sub-units (the tree is city → district → ward).

    The one definition of "a unit's models" or "a unit's questions": lists, filters and counts all
    include the sub-units. ``unit`` may be an ``OuterRef`` (a count per unit in a subquery).

    The tree is resolved to unit ids first (``Unit.tree_path``, a handful of rows), so that the
    filter is ``field IN (ids)`` and the big tables' indexes on ``field`` apply; an OR over the
    parent and grandparent made PostgreSQL scan every question.
    """
    if hasattr(unit, "resolve_expression"):
        # The ids' subquery sits one level below the caller's query: an outer reference
        # reaches one level further out.
        if isinstance(unit, OuterRef):
            unit = OuterRef(unit)
        unit_path = Func(unit, template="ARRAY[%(expressions)s]::bigint[]", output_field=_UNIT_IDS)
        # ``field = ANY(ARRAY(ids))``: the ids are read first, then one index scan (index-only
        # for the counts) reads the rows of all of them; a join or ``IN`` made PostgreSQL
        # expect two units and read every row's page from the table (3.9 s against 0.17 s
        # for the five cities' counts at 100,000 models).
        ids = Unit.objects.filter(tree_path__contains=unit_path).order_by().values("pk")
        return Q(_AnyOf(F(field), Subquery(ids)))
    return Q(**{f"{field}__in": unit_tree_ids(unit)})


def in_unit_trees(field: str, unit_ids) -> Q:
    """``in_unit_tree`` for several units at once (``unit_ids`` may be a subquery)."""
    unit_ids = ArraySubquery(unit_ids) if hasattr(unit_ids, "query") else list(unit_ids)
    return Q(**{f"{field}__in": Unit.objects.filter(tree_path__overlap=unit_ids).values("pk")})


def term_history(cluster) -> list:
    """The cluster's terms, newest first, with their head and deputy (one query)."""
    if cluster is None:
        return []
    return list(cluster.terms.select_related("head_unit", "deputy_unit").order_by("-year"))


def portal_cluster_and_terms():
    """The portal's cluster (the first one) and ``term_history`` of it, in one query when it has
    terms (the terms bring their cluster along)."""
    first = Cluster.objects.order_by("id").values("id")[:1]
    terms = list(
        ClusterTerm.objects.filter(cluster=Subquery(first))
        .select_related("cluster", "head_unit", "deputy_unit")
        .order_by("-year")
    )
    cluster = terms[0].cluster if terms else Cluster.objects.order_by("id").first()
    return cluster, terms


def current_term(terms, year: int):
    """Of ``term_history``'s terms, this year's or else the latest earlier one (as
    ``Cluster.current_term``, without asking the database again)."""
    return next((term for term in terms if term.year <= year), None)


def _term_roles(unit) -> ArraySubquery:
    """The years ``unit`` headed the cluster (as positive numbers) or was its deputy (negative),
    oldest first: one array, so that the unit's page reads them with the unit."""
    signed_year = Case(When(head_unit=unit, then=F("year")), default=-F("year"))
    terms = ClusterTerm.objects.filter(Q(head_unit=unit) | Q(deputy_unit=unit))
    return ArraySubquery(terms.order_by("year").values(signed=signed_year))


def unit_for_page(slug: str):
    """The unit at ``slug`` with its parent, cluster and ``term_years`` (``unit_term_roles``)."""
    return (
        Unit.objects.select_related("parent", "cluster")
        .annotate(term_years=_term_roles(OuterRef("pk")))
        .filter(slug=slug)
    )


def unit_term_roles(unit) -> list[tuple[int, bool]]:
    """(year, whether head: else deputy) of every term ``unit`` headed or was deputy of, oldest
    first (read with the unit by ``unit_for_page``, else one query)."""
    years = getattr(unit, "term_years", None)
    if years is None:
        years = Unit.objects.filter(pk=unit.pk).values_list(_term_roles(OuterRef("pk")), flat=True)
        years = years.first()
    return [(abs(year), year > 0) for year in years]


def administration_history(limit: int):
    """The latest changes made through the cluster's administration: terms, units, partners
    and topics (topics are the registry's: named by their table, not imported)."""
    own = ContentType.objects.get_for_models(ClusterTerm, Unit, Partner).values()
    kinds = Q(target_type__in=list(own)) | Q(
        target_type__app_label="models_registry", target_type__model="topic"
    )
    return AuditEntry.objects.filter(kinds).select_related("actor", "target_type")[:limit]
