"""Who may do what: every rule of the portal written once, used by views, templates and tests.

Roles come from ``Membership``: a role held in a unit also applies to its sub-units (the Đà Nẵng
police's editors may edit a model of CAP Xuân Hà). Cluster administrators may do everything.
"""

from django.db.models import Q

from emulation_cluster.enums import Role, Visibility
from emulation_cluster.models import Membership, Unit

EDITOR_ROLES = frozenset({Role.EDITOR, Role.ADMIN})
ORGANIZER_ROLES = frozenset({Role.ORGANIZER, Role.ADMIN})
ANY_ROLE = frozenset(Role.values)


def _cached(user, name, compute):
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

    return _cached(user, ("units", frozenset(roles)), compute)


def is_cluster_admin(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return _cached(user, "cluster_admin", lambda: user.administered_clusters.exists())


def is_cluster_member(user) -> bool:
    return is_cluster_admin(user) or bool(unit_ids_with_role(user))


def editor_units(user):
    """Units for which ``user`` may write models (a queryset, in Vietnamese order)."""
    if is_cluster_admin(user):
        return Unit.objects.all()
    return Unit.objects.filter(id__in=unit_ids_with_role(user, EDITOR_ROLES))


def can_create_model(user) -> bool:
    return is_cluster_admin(user) or bool(unit_ids_with_role(user, EDITOR_ROLES))


def can_edit_model(user, model) -> bool:
    return is_cluster_admin(user) or model.owner_unit_id in unit_ids_with_role(user, EDITOR_ROLES)


def can_publish_model(user, model) -> bool:
    return can_edit_model(user, model)


def _may_see(user, visibility, owner_unit_id) -> bool:
    if visibility == Visibility.PUBLIC:
        return True
    if visibility == Visibility.MEMBERS:
        return is_cluster_member(user)
    return is_cluster_admin(user) or owner_unit_id in unit_ids_with_role(user)


def can_view_model(user, model) -> bool:
    """A draft only for those who may edit it; a published model by its visibility."""
    if not model.is_published:
        return can_edit_model(user, model)
    return _may_see(user, model.visibility, model.owner_unit_id)


def visible_models_q(user, prefix: str = "") -> Q:
    """The same rule as ``can_view_model`` for published models, as a filter for querysets.

    ``prefix`` reaches the model through a relation (``"exemplary_model__"``).
    """

    published = Q(**{f"{prefix}published_at__isnull": False})
    if is_cluster_admin(user):
        return published
    visible = Q(**{f"{prefix}visibility": Visibility.PUBLIC})
    if is_cluster_member(user):
        visible |= Q(**{f"{prefix}visibility": Visibility.MEMBERS})
        visible |= Q(
            **{
                f"{prefix}visibility": Visibility.RESTRICTED,
                f"{prefix}owner_unit_id__in": unit_ids_with_role(user),
            }
        )
    return published & visible


def can_verify_model(user, model) -> bool:
    return model.is_published and is_cluster_admin(user)


def replicating_units(user, model):
    """Units on whose behalf ``user`` may record that they replicate ``model``."""
    return editor_units(user).exclude(id=model.owner_unit_id)


def can_record_replication(user, model) -> bool:
    if not model.is_published or not user.is_authenticated:
        return False
    if is_cluster_admin(user):
        return True
    return bool(unit_ids_with_role(user, EDITOR_ROLES) - {model.owner_unit_id})


def can_edit_replication(user, replication) -> bool:
    return is_cluster_admin(user) or replication.adopting_unit_id in unit_ids_with_role(
        user, EDITOR_ROLES
    )


def can_view_attachment(user, attachment) -> bool:
    model = attachment.exemplary_model
    return can_view_model(user, model) and (
        can_edit_model(user, model) or _may_see(user, attachment.visibility, model.owner_unit_id)
    )


def can_view_history(user, model) -> bool:
    """A model's audit history: its owner unit (any role) and cluster administrators."""
    return is_cluster_admin(user) or model.owner_unit_id in unit_ids_with_role(user)


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
