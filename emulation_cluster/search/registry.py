"""The kinds of search documents: each app registers, when it starts, what it indexes.

A kind says how to build the documents of some of its objects (``documents``: a queryset of the
app's model → ``Document`` rows, leaving out what must not be found, such as hidden posts) and
who may read them (``visible``: a user → a filter over ``SearchDocument``'s columns, written with
the app's own ``visible_*_q``). The search page ORs the kinds' filters into one query.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Q


@dataclass(frozen=True)
class Kind:
    name: str
    # The plural label of the facet ("Models", "Answers"), lazily translated.
    label: object
    model: type
    documents: Callable[[object], Iterable]
    visible: Callable[[object], Q]
    # The position of the kind in the facet list.
    position: int = 0


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    """Called from an app's ``ready()``."""
    _KINDS[kind.name] = kind


def kinds() -> list[Kind]:
    return sorted(_KINDS.values(), key=lambda kind: (kind.position, kind.name))


def kind(name: str) -> Kind | None:
    return _KINDS.get(name)


def visible_q(user) -> Q:
    """Every document ``user`` may read: each kind by its own rule, in one filter."""
    rule = Q(pk__in=[])
    for registered in kinds():
        rule |= Q(kind=registered.name) & registered.visible(user)
    return rule
