"""Partner organisations (outside the police) that run models with units."""

from django.db import transaction

from emulation_cluster import audit
from emulation_cluster.administration.common import (
    refuse_if_used,
    refuse_taken_name,
    unique_slug,
)
from emulation_cluster.enums import AuditAction
from emulation_cluster.models import Partner

AUDITED_FIELDS = ["name", "city", "description"]


@transaction.atomic
def partner_save(*, partner=None, name, city="", description="", actor) -> Partner:
    """Create (``partner`` None) or change a partner; its address is made from the name once."""
    refuse_taken_name(Partner, name, instance=partner)
    creating = partner is None
    if creating:
        partner, before = Partner(slug=unique_slug(Partner, name, fallback="doi-tac")), {}
    else:
        partner = Partner.objects.select_for_update().get(pk=partner.pk)
        before = audit.snapshot(partner, AUDITED_FIELDS)
    partner.name, partner.city, partner.description = name, city, description
    partner.save()
    changes = audit.diff(before, audit.snapshot(partner, AUDITED_FIELDS))
    if changes:
        action = AuditAction.CREATE if creating else AuditAction.CHANGE
        audit.record(actor=actor, action=action, target=partner, changes=changes)
    return partner


@transaction.atomic
def partner_delete(*, partner, actor) -> None:
    """Only a partner no model names is deleted (``refuse_if_used`` says what uses it)."""
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    refuse_if_used(partner)
    before = audit.snapshot(partner, AUDITED_FIELDS)
    audit.record(
        actor=actor,
        action=AuditAction.DELETE,
        target=partner,
        changes={name: [value, None] for name, value in before.items() if value},
    )
    partner.delete()
