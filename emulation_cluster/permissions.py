"""Who may do what: every rule of the portal written once, used by views, templates and tests.

Roles come from ``Membership``: a role held in a unit also applies to its sub-units (the Đà Nẵng
police's editors may edit a model of CAP Xuân Hà). Cluster administrators may do everything.
"""

from emulation_cluster.enums import Role
from emulation_cluster.models import Cluster, Unit
from emulation_cluster.reading import PortalReading

EDITOR_ROLES = frozenset({Role.EDITOR, Role.ADMIN})
ORGANIZER_ROLES = frozenset({Role.ORGANIZER, Role.ADMIN})
ANY_ROLE = frozenset(Role.values)


def _memo(user) -> dict:
    return user.__dict__.setdefault("_portal_permissions", {})


def cached(user, name, compute):
    """Per-request memo on the user object, so a page asks the database once per rule."""
    cache = _memo(user)
    if name not in cache:
        cache[name] = compute()
    return cache[name]


def remember(user, name, value):
    """Put ``value`` in the request's memo as ``cached`` would (it was read some other way)."""
    _memo(user)[name] = value
    return value


def reading(user) -> PortalReading:
    """What the rules know of ``user`` (and whether demo data is loaded), read once a request:
    every rule, the menus and the base layout ask this same object."""
    return cached(user, "reading", lambda: PortalReading.read(user))


def unit_ids_with_role(user, roles=ANY_ROLE) -> frozenset[int]:
    """Ids of the units where ``user`` holds one of ``roles``, with all their sub-units."""
    if not user.is_authenticated:
        return frozenset()
    return reading(user).unit_ids_with(roles)


def is_cluster_admin(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return reading(user).is_cluster_admin


def can_run_cluster(user) -> bool:
    """The cluster's yearly terms, unit tree, topics and partners (``/quan-tri-cum/``): its
    administrators only. The middleware has already asked them for their second factor."""
    return is_cluster_admin(user)


def administered_clusters(user):
    """The clusters whose terms ``user`` may write (a superuser: every cluster)."""
    if not user.is_authenticated:
        return Cluster.objects.none()
    if user.is_superuser:
        return Cluster.objects.all()
    return user.administered_clusters.all()


def is_cluster_member(user) -> bool:
    return is_cluster_admin(user) or bool(unit_ids_with_role(user))


def editor_units(user):
    """Units for which ``user`` may write models (a queryset, in Vietnamese order)."""
    if is_cluster_admin(user):
        return Unit.objects.all()
    return Unit.objects.filter(id__in=unit_ids_with_role(user, EDITOR_ROLES))


def can_manage_members(user, unit) -> bool:
    """Invite, change roles, archive: the unit's admins (or a parent's) and cluster admins."""
    return is_cluster_admin(user) or unit.pk in unit_ids_with_role(user, {Role.ADMIN})


def managed_units(user):
    if is_cluster_admin(user):
        return Unit.objects.all()
    return Unit.objects.filter(id__in=unit_ids_with_role(user, {Role.ADMIN}))


def requires_second_factor(user) -> bool:
    """Unit and cluster administrators may not work without a second factor."""
    return is_cluster_admin(user) or bool(unit_ids_with_role(user, {Role.ADMIN}))


def member_unit_ids(user) -> frozenset[int]:
    """Units of ``user``'s active memberships themselves (no sub-units)."""
    if not user.is_authenticated:
        return frozenset()
    return frozenset(reading(user).trees)


def can_view_audit_log(user) -> bool:
    """The whole cluster's audit log (every unit's writes): the cluster administrators."""
    return is_cluster_admin(user)
