"""Who may do what: every rule of the portal written once, used by views, templates and tests.

Roles come from ``Membership``: a role held in a unit also applies to its sub-units (the Đà Nẵng
police's editors may edit a model of CAP Xuân Hà). Cluster administrators may do everything.
"""

from emulation_cluster.enums import Role
from emulation_cluster.models import Membership, Unit

EDITOR_ROLES = frozenset({Role.EDITOR, Role.ADMIN})
ORGANIZER_ROLES = frozenset({Role.ORGANIZER, Role.ADMIN})
ANY_ROLE = frozenset(Role.values)


def cached(user, name, compute):
    """Per-request memo on the user object, so a page asks the database once per rule."""
    cache = user.__dict__.setdefault("_portal_permissions", {})
    if name not in cache:
        cache[name] = compute()
    return cache[name]


def unit_ids_with_role(user, roles=ANY_ROLE) -> frozenset[int]:
    """Ids of the units where ``user`` holds one of ``roles``, with all their sub-units."""
    if not user.is_authenticated:
        return frozenset()

    def compute():
        direct = set(
            Membership.objects.active()
            .filter(user=user, role__in=roles)
            .values_list("unit_id", flat=True)
        )
        if not direct:
            return frozenset()
        # The tree is shallow (city → district → ward): two hops reach every descendant.
        descendants = Unit.objects.filter(parent_id__in=direct).values_list("id", flat=True)
        grand = Unit.objects.filter(parent__parent_id__in=direct).values_list("id", flat=True)
        return frozenset(direct | set(descendants) | set(grand))

    return cached(user, ("units", frozenset(roles)), compute)


def is_cluster_admin(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return cached(user, "cluster_admin", lambda: user.administered_clusters.exists())


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
    return cached(
        user,
        "member_units",
        lambda: frozenset(
            Membership.objects.active().filter(user=user).values_list("unit_id", flat=True)
        ),
    )
