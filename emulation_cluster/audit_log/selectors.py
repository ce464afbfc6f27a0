"""The audit page's read: the whole log, filtered, newest first, ready to show in two queries
(the count and the page) whatever the page holds."""

from django.db.models import Q

from emulation_cluster.audit_log import links
from emulation_cluster.audit_log.filters import AuditFilters
from emulation_cluster.models import AuditEntry
from emulation_cluster.selectors import in_unit_tree


def _person_q(text: str) -> Q:
    """Every word of ``text`` in the actor's name or email address."""
    query = Q()
    for word in text.split():
        query &= (
            Q(actor__email__icontains=word)
            | Q(actor__first_name__icontains=word)
            | Q(actor__last_name__icontains=word)
        )
    return query


def audit_entries(filters: AuditFilters, user):
    entries = AuditEntry.objects.select_related("actor", "unit", "target_type", "subject_type")
    if filters.unit is not None:
        entries = entries.filter(in_unit_tree("unit", filters.unit))
    if filters.person:
        entries = entries.filter(_person_q(filters.person))
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
