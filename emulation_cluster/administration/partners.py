"""Partner organisations (outside the police) that run models with units."""

from emulation_cluster.administration.common import entry_delete, entry_save
from emulation_cluster.models import Partner

AUDITED_FIELDS = ["name", "city", "description"]


def partner_save(*, partner=None, name, city="", description="", actor) -> Partner:
    """Create (``partner`` None) or change a partner."""
    fields = {"name": name, "city": city, "description": description}
    return entry_save(
        Partner, instance=partner, fields=fields, fallback_slug="doi-tac", actor=actor
    )


def partner_delete(*, partner, actor) -> None:
    """Only a partner no model names is deleted."""
    entry_delete(partner, audited=AUDITED_FIELDS, actor=actor)
