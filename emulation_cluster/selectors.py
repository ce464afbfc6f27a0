"""Reads of the cluster that the apps share: a unit's tree, the terms, the administration's log."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from emulation_cluster.models import AuditEntry, ClusterTerm, Partner, Unit


def in_unit_tree(field: str, unit) -> Q:
    """``field`` is the unit or one of its sub-units (the tree is city → district → ward).

    The one definition of "a unit's models" or "a unit's questions": lists, filters and counts all
    include the sub-units. ``unit`` may be an ``OuterRef`` (a count per unit in a subquery).
    """
    return (
        Q(**{field: unit})
        | Q(**{f"{field}__parent": unit})
        | Q(**{f"{field}__parent__parent": unit})
    )


def term_history(cluster) -> list:
    """The cluster's terms, newest first, with their head and deputy (one query)."""
    if cluster is None:
        return []
    return list(cluster.terms.select_related("head_unit", "deputy_unit").order_by("-year"))


def current_term(terms, year: int):
    """Of ``term_history``'s terms, this year's or else the latest earlier one (as
    ``Cluster.current_term``, without asking the database again)."""
    return next((term for term in terms if term.year <= year), None)


def unit_term_roles(unit) -> list[tuple[int, bool]]:
    """(year, whether head: else deputy) of every term ``unit`` headed or was deputy of, oldest
    first (one query)."""
    rows = (
        ClusterTerm.objects.filter(Q(head_unit=unit) | Q(deputy_unit=unit))
        .order_by("year")
        .values_list("year", "head_unit_id")
    )
    return [(year, head_id == unit.pk) for year, head_id in rows]


def administration_history(limit: int):
    """The latest changes made through the cluster's administration: terms, units, partners
    and topics (topics are the registry's: named by their table, not imported)."""
    own = ContentType.objects.get_for_models(ClusterTerm, Unit, Partner).values()
    kinds = Q(target_type__in=list(own)) | Q(
        target_type__app_label="models_registry", target_type__model="topic"
    )
    return AuditEntry.objects.filter(kinds).select_related("actor", "target_type")[:limit]
