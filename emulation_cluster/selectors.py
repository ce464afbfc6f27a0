"""Reads of the cluster that the apps share: a unit's tree."""

from django.db.models import Q


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
