"""From an audit entry to the page of what it is about, for the entries of a whole page at once.

The log names its objects by content type and id; the pages that show them belong to the apps
(a model's page to ``models_registry``, a seminar's to ``seminars``), which this app may not
import. So each app registers here, when it starts, how to reach its objects: the field path the
address needs (a model's slug, an answer's question), how to write the address, and the viewer's
rule as a filter. One query then annotates a page of entries with what each link needs (nothing
when the object is gone or the viewer may not see it): one subquery per registered kind, not
one query per row.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Case, CharField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Cast
from django.urls import reverse


@dataclass(frozen=True)
class Link:
    model: type
    # A path from the object to what its address needs (``"slug"``, ``"question_id"``).
    key: str
    # (that value, the object's id) → the address.
    address: Callable[[str, int], str]
    # The viewer's rule for the object as a filter (``visible_models_q``); None: anyone.
    visible: Callable[[object], Q] | None = None


_LINKS: dict[tuple[str, str], Link] = {}


def register(model, key: str, address, visible=None) -> None:
    """Called from an app's ``ready()``: how the audit page links to ``model``'s objects."""
    meta = model._meta
    _LINKS[(meta.app_label, meta.model_name)] = Link(model, key, address, visible)


def _key(side: str, user):
    """For the entries' ``side`` ("target" or "subject"): the registered kind's link value."""
    whens = []
    for (app_label, model_name), link in _LINKS.items():
        rows = link.model._default_manager.filter(pk=OuterRef(f"{side}_id"))
        if link.visible is not None:
            rows = rows.filter(link.visible(user))
        value = rows.annotate(link_value=Cast(link.key, CharField())).values("link_value")[:1]
        kind = Q(**{f"{side}_type__app_label": app_label, f"{side}_type__model": model_name})
        whens.append(When(kind, then=Subquery(value)))
    if not whens:
        return Value(None, output_field=CharField())
    return Case(*whens, default=Value(None), output_field=CharField())


def with_link_keys(entries, user):
    """``entries`` annotated with what the links of their object and subject need."""
    return entries.annotate(target_link=_key("target", user), subject_link=_key("subject", user))


def _address(content_type, value, object_id) -> str:
    link = _LINKS.get((content_type.app_label, content_type.model))
    if link is None or value is None:
        return ""
    return link.address(value, object_id)


def address_of(entry) -> str:
    """The page of the entry's object, else of its subject (an agenda item's seminar), else ""."""
    return _address(entry.target_type, entry.target_link, entry.target_id) or _address(
        entry.subject_type, entry.subject_link, entry.subject_id
    )


def register_cluster_links() -> None:
    """The cluster's own objects: a unit, and its members page for memberships and invitations."""
    from emulation_cluster.models import Invitation, Membership, Unit
    from emulation_cluster.permissions import managed_units

    def unit_page(slug, _pk):
        return reverse("unit_detail", kwargs={"slug": slug})

    def members_page(slug, _pk):
        return reverse("unit_members", kwargs={"slug": slug})

    def managed(user):
        return Q(unit__in=managed_units(user))

    register(Unit, "slug", unit_page)
    register(Membership, "unit__slug", members_page, managed)
    register(Invitation, "unit__slug", members_page, managed)
