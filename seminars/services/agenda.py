"""The agenda: items kept in time order, moved by swapping slots, removed with a record."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from emulation_cluster import audit
from emulation_cluster.enums import AuditAction
from emulation_cluster.page_cache.invalidation import announce_write
from seminars.models import (
    AgendaItem,
)
from seminars.services.base import (
    AGENDA_FIELDS,
    audit_seminar,
    require_editable,
)


def _renumber(seminar):
    """Positions 1, 2, 3 … in time order (ties keep their current order)."""
    items = list(seminar.agenda_items.order_by("starts_at", "position", "id"))
    for position, item in enumerate(items, start=1):
        item.position = position
    AgendaItem.objects.bulk_update(items, ["position"])


@transaction.atomic
def agenda_item_save(*, item: AgendaItem, actor=None) -> AgendaItem:
    require_editable(item.seminar)
    creating = item.pk is None
    before = {} if creating else audit.snapshot(AgendaItem.objects.get(pk=item.pk), AGENDA_FIELDS)
    if creating:
        item.position = (item.seminar.agenda_items.count() or 0) + 1
    item.full_clean()
    item.save()
    changes = audit.diff(before, audit.snapshot(item, AGENDA_FIELDS))
    if creating or changes:
        action = AuditAction.CREATE if creating else AuditAction.CHANGE
        audit_seminar(actor, action, item, item.seminar, changes)
    _renumber(item.seminar)
    item.refresh_from_db(fields=["position"])
    return item


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, direction: str, actor=None) -> AgendaItem | None:
    """Swap the item with its neighbour: places and start times (each slot keeps its time).

    Returns the neighbour, or None when the item is already first (or last).
    """
    require_editable(item.seminar)
    siblings = item.seminar.agenda_items.select_for_update()
    if direction == "up":
        neighbour = siblings.filter(position__lt=item.position).order_by("-position").first()
    elif direction == "down":
        neighbour = siblings.filter(position__gt=item.position).order_by("position").first()
    else:
        raise ValidationError(_("Unknown direction."), code="bad_direction")
    if neighbour is None:
        return None
    item.position, neighbour.position = neighbour.position, item.position
    item.starts_at, neighbour.starts_at = neighbour.starts_at, item.starts_at
    AgendaItem.objects.bulk_update([item, neighbour], ["position", "starts_at"])
    # No save of this transaction tells the kept pages (the seminar's page shows the order).
    announce_write(visitors=False)
    audit_seminar(
        actor,
        AuditAction.CHANGE,
        item,
        item.seminar,
        {"position": [neighbour.position, item.position]},
    )
    return neighbour


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, actor=None) -> None:
    require_editable(item.seminar)
    seminar = item.seminar
    # The item itself goes; what it was stays in the seminar's audit history.
    removed = {name: [value, None] for name, value in audit.snapshot(item, AGENDA_FIELDS).items()}
    audit_seminar(actor, AuditAction.DELETE, item, seminar, removed)
    item.delete()
    _renumber(seminar)
