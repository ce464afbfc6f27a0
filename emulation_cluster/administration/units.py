"""The unit tree: add a unit under a parent, rename it, move it, archive and restore it.

The tree is city → district → ward, and the code that reads it (``selectors.in_unit_tree``, the
roles' reach in ``permissions``) counts on those three levels: a district sits under a city, a
ward under a district or a city, a city under nothing. A move that would break that, or put a
unit under itself or one of its own sub-units, is refused with the reason.

An archived unit keeps its models, questions, memberships and people: it only leaves the lists
and the choices for new things.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation_cluster import audit
from emulation_cluster.administration.common import unique_slug
from emulation_cluster.enums import AuditAction, UnitKind
from emulation_cluster.models import Unit

# Which kinds of unit may hold a unit of each kind (a city holds nothing above it).
PARENT_KINDS = {
    UnitKind.CITY: frozenset(),
    UnitKind.DISTRICT: frozenset({UnitKind.CITY}),
    UnitKind.WARD: frozenset({UnitKind.CITY, UnitKind.DISTRICT}),
}
AUDITED_FIELDS = ["name", "short_name", "kind", "city", "parent", "cluster", "archived_at"]


def _is_below(candidate, unit) -> bool:
    """Whether ``candidate`` is ``unit`` itself or somewhere in its tree."""
    seen = set()
    while candidate is not None and candidate.pk not in seen:
        if candidate.pk == unit.pk:
            return True
        seen.add(candidate.pk)
        candidate = candidate.parent
    return False


def placement_problem(*, kind, parent, unit=None) -> str | None:
    """Why a unit of ``kind`` (``unit``, when it exists) may not sit under ``parent``; None if
    it may."""
    if unit is not None and parent is not None:
        if parent.pk == unit.pk:
            return _("A unit cannot be placed under itself.")
        if _is_below(parent, unit):
            return _(
                "%(parent)s is a sub-unit of %(unit)s: a unit cannot be placed under its own "
                "sub-unit."
            ) % {"parent": parent.name, "unit": unit.name}
    if parent is not None and parent.archived_at is not None:
        return _("%(parent)s is archived: restore it first or choose another unit.") % {
            "parent": parent.name
        }
    allowed = PARENT_KINDS[kind]
    if not allowed:
        if parent is not None:
            return _("A city police department is not placed under another unit.")
        return None
    if parent is None:
        return _("Choose the unit it belongs to: only a city police department has none.")
    if parent.kind not in allowed:
        if kind == UnitKind.DISTRICT:
            return _("A district police is placed under a city police department.")
        return _("A ward or commune police is placed under a district or a city police.")
    return None


def _refuse_placement(**kwargs):
    problem = placement_problem(**kwargs)
    if problem:
        raise ValidationError({"parent": problem})


@transaction.atomic
def unit_create(*, parent, kind, name, short_name, city="", slug="", cluster=None, actor) -> Unit:
    """A new unit under ``parent``: it takes the parent's cluster, and its city unless given."""
    _refuse_placement(kind=kind, parent=parent)
    taken = ValidationError({"slug": _("Another unit already has this address.")})
    if slug and Unit.objects.filter(slug=slug).exists():
        raise taken
    unit = Unit(
        parent=parent,
        kind=kind,
        name=name,
        short_name=short_name,
        city=city or (parent.city if parent else ""),
        cluster=parent.cluster if parent else cluster,
        slug=slug or unique_slug(Unit, short_name or name, fallback="don-vi"),
    )
    try:
        with transaction.atomic():
            unit.save()
    except IntegrityError as error:  # the same address taken at the same moment
        raise taken from error
    changes = audit.diff({}, audit.snapshot(unit, AUDITED_FIELDS))
    audit.record(actor=actor, action=AuditAction.CREATE, target=unit, unit=unit, changes=changes)
    return unit


def _save_audited(unit, before, actor, action=AuditAction.CHANGE):
    unit.save()
    changes = audit.diff(before, audit.snapshot(unit, AUDITED_FIELDS))
    if changes:
        audit.record(actor=actor, action=action, target=unit, unit=unit, changes=changes)
    return unit


@transaction.atomic
def unit_rename(*, unit, name, short_name, city, actor) -> Unit:
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    before = audit.snapshot(unit, AUDITED_FIELDS)
    unit.name, unit.short_name, unit.city = name, short_name, city
    return _save_audited(unit, before, actor)


@transaction.atomic
def unit_move(*, unit, parent, actor) -> Unit:
    """Put ``unit`` (with its sub-units) under ``parent``. They take the parent's cluster, and
    its city when they had the old parent's (a ward moved to another city's district)."""
    unit = Unit.objects.select_for_update(of=("self",)).select_related("parent").get(pk=unit.pk)
    _refuse_placement(kind=unit.kind, parent=parent, unit=unit)
    before = audit.snapshot(unit, AUDITED_FIELDS)
    old_city = unit.city
    if unit.parent is not None and unit.city == unit.parent.city:
        unit.city = parent.city
    unit.parent, unit.cluster = parent, parent.cluster
    _save_audited(unit, before, actor)
    unit.sub_units.update(cluster=parent.cluster)
    if unit.city != old_city:
        unit.sub_units.filter(city=old_city).update(city=unit.city)
    return unit


@transaction.atomic
def unit_archive(*, unit, actor) -> Unit:
    """Archive a unit whose sub-units are archived or moved: its rows and people stay."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if unit.archived_at is not None:
        raise ValidationError(_("This unit is already archived."))
    active_children = list(unit.sub_units.active().values_list("name", flat=True))
    if active_children:
        raise ValidationError(
            _("Archive or move its sub-units first: %(units)s.")
            % {"units": ", ".join(active_children)}
        )
    before = audit.snapshot(unit, AUDITED_FIELDS)
    unit.archived_at = timezone.now()
    return _save_audited(unit, before, actor, action=AuditAction.ARCHIVE)


@transaction.atomic
def unit_restore(*, unit, actor) -> Unit:
    unit = Unit.objects.select_for_update(of=("self",)).select_related("parent").get(pk=unit.pk)
    if unit.archived_at is None:
        raise ValidationError(_("This unit is not archived."))
    if unit.parent is not None and unit.parent.archived_at is not None:
        raise ValidationError(
            _("Restore %(parent)s first: a unit is not restored under an archived unit.")
            % {"parent": unit.parent.name}
        )
    before = audit.snapshot(unit, AUDITED_FIELDS)
    unit.archived_at = None
    return _save_audited(unit, before, actor)
