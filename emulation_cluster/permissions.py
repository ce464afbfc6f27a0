"""Who may do what: every rule of the portal written once, used by views, templates and tests.

Roles come from ``Membership``: a role held in a unit also applies to its sub-units (the Đà Nẵng
police's editors may edit a model of CAP Xuân Hà). Cluster administrators may do everything.
"""

from django.db.models import Q

from emulation_cluster.enums import Role
from emulation_cluster.models import Cluster, Membership, Unit

EDITOR_ROLES = frozenset({Role.EDITOR, Role.ADMIN})
ORGANIZER_ROLES = frozenset({Role.ORGANIZER, Role.ADMIN})
ANY_ROLE = frozenset(Role.values)


def cached(user, name, compute):
    """Per-request memo on the user object, so a page asks the database once per rule."""
    cache = user.__dict__.setdefault("_portal_permissions", {})
    if name not in cache:
        cache[name] = compute()
    return cache[name]


def _roles_and_tree(user):
    """The user's active (unit, role) pairs and the units below those units, read once a
    request (two queries) whatever roles the page asks about."""

    def compute():
        held = list(Membership.objects.active().filter(user=user).values_list("unit_id", "role"))
        direct = {unit_id for unit_id, _role in held}
        if not direct:
            return held, []
        # The tree is shallow (city → district → ward): two hops reach every descendant.
        below = Unit.objects.filter(
            Q(parent_id__in=direct) | Q(parent__parent_id__in=direct)
        ).values_list("id", "parent_id", "parent__parent_id")
        return held, list(below)

    return cached(user, "roles_and_tree", compute)


def unit_ids_with_role(user, roles=ANY_ROLE) -> frozenset[int]:
    """Ids of the units where ``user`` holds one of ``roles``, with all their sub-units."""
    if not user.is_authenticated:
        return frozenset()
    held, below = _roles_and_tree(user)
    direct = {unit_id for unit_id, role in held if role in roles}
    return frozenset(
        direct
        | {unit_id for unit_id, parent, grand in below if parent in direct or grand in direct}
    )


def is_cluster_admin(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return cached(user, "cluster_admin", lambda: user.administered_clusters.exists())


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
    held, _below = _roles_and_tree(user)
    return frozenset(unit_id for unit_id, _role in held)


def can_view_audit_log(user) -> bool:
    """The whole cluster's audit log (every unit's writes): the cluster administrators."""
    return is_cluster_admin(user)
