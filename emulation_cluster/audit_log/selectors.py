"""The audit page's read: the whole log, filtered, newest first, ready to show in two queries
(the count and the page) whatever the page holds."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from emulation_cluster.audit_log import links
from emulation_cluster.audit_log.filters import AuditFilters
from emulation_cluster.models import AuditEntry
from emulation_cluster.selectors import in_unit_tree
from emulation_cluster.vietnamese import fold


def _people_matching(text: str) -> list[int]:
    """The people of the log whose name or email holds every word of ``text``, accents and
    capitals aside ("nguyen van" finds "Nguyễn Văn"): the names have no folded column, so they
    are folded here, over the people who appear in the log only (one query)."""
    words = fold(text).split()
    actors = get_user_model().objects.filter(
        pk__in=AuditEntry.objects.filter(actor__isnull=False).values("actor_id")
    )
    return [
        pk
        for pk, email, first, last in actors.values_list("pk", "email", "first_name", "last_name")
        if all(word in fold(f"{email} {first} {last}") for word in words)
    ]


def audit_entries(filters: AuditFilters, user):
    entries = AuditEntry.objects.select_related("actor", "unit", "target_type", "subject_type")
    if filters.unit is not None:
        entries = entries.filter(in_unit_tree("unit", filters.unit))
    if filters.person:
        entries = entries.filter(actor_id__in=_people_matching(filters.person))
    if filters.kind is not None:
        # A model's kind includes its attachments and replications (their subject is the model).
        entries = entries.filter(Q(target_type=filters.kind) | Q(subject_type=filters.kind))
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.since is not None:
        entries = entries.filter(created_at__gte=filters.since)
    if filters.until is not None:
        entries = entries.filter(created_at__lt=filters.until)
    return links.with_link_keys(entries.order_by("-created_at", "-id"), user)


def with_addresses(entries) -> None:
    """Each entry of a page gets ``address``: its object's page, or "" (gone, not visible)."""
    for entry in entries:
        entry.address = links.address_of(entry)
