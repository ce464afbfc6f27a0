"""Who may do what with award nominations: each rule once, used by views, templates and tests.

- A unit's administrators (or those of a unit above it) nominate the unit's published models that
  the cluster's members may read (public or members-only): the reviewers and the other units must
  be able to read what is nominated. A unit may nominate several of its models, each once a year.
  Cluster administrators review nominations; they do not make them (who judges does not nominate).
- The administrators of the head unit of the year's term (``ClusterTerm.head_unit``) and the
  cluster's administrators review. The head unit's administrators do not review their own unit's
  nominations (nor those of its sub-units): the cluster's administrators do.
- Nominations are the members' side of the portal: a member sees those of the models they may see,
  and their own unit's; visitors see none.
"""

from django.db.models import Q

from emulation_cluster.enums import Role, Visibility
from emulation_cluster.models import ClusterTerm
from emulation_cluster.permissions import is_cluster_admin, is_cluster_member, unit_ids_with_role
from models_registry.permissions import can_view_model, visible_models_q

ADMIN_ROLES = frozenset({Role.ADMIN})


def nominating_unit_ids(user) -> frozenset[int]:
    """Units whose models ``user`` may nominate: where they are an administrator, and below."""
    return unit_ids_with_role(user, ADMIN_ROLES)


def may_be_nominated(exemplary_model) -> bool:
    """Published and readable by the cluster's members (a restricted model is not)."""
    return exemplary_model.is_published and exemplary_model.visibility != Visibility.RESTRICTED


def can_nominate(user, exemplary_model) -> bool:
    return may_be_nominated(exemplary_model) and exemplary_model.owner_unit_id in (
        nominating_unit_ids(user)
    )


def can_nominate_any(user) -> bool:
    """Whether to offer the nomination form at all (its list offers the user's models)."""
    return bool(nominating_unit_ids(user))


def can_view_awards(user) -> bool:
    """The year's nominations and their comparison: every member of the cluster."""
    return is_cluster_member(user)


def visible_nominations_q(user, prefix: str = "") -> Q:
    """``can_view_nomination`` as a filter (``prefix`` reaches the nomination)."""
    if not is_cluster_member(user):
        return Q(**{f"{prefix}pk__in": []})
    if is_cluster_admin(user):
        return Q()
    own = Q(**{f"{prefix}nominating_unit_id__in": unit_ids_with_role(user)})
    return own | visible_models_q(user, f"{prefix}exemplary_model__")


def can_view_nomination(user, nomination) -> bool:
    if not is_cluster_member(user):
        return False
    return (
        is_cluster_admin(user)
        or nomination.nominating_unit_id in unit_ids_with_role(user)
        or can_view_model(user, nomination.exemplary_model)
    )


def head_unit_id(nomination):
    """The head unit of the nomination's year (annotated by the selectors, else asked)."""
    if hasattr(nomination, "head_unit_id"):
        return nomination.head_unit_id
    return (
        ClusterTerm.objects.filter(cluster_id=nomination.cluster_id, year=nomination.year)
        .values_list("head_unit_id", flat=True)
        .first()
    )


def is_reviewer(user, head_unit_id_of_year) -> bool:
    """Reviews the year's nominations: the cluster's administrators and the head unit's."""
    return is_cluster_admin(user) or head_unit_id_of_year in nominating_unit_ids(user)


def can_review_nomination(user, nomination) -> bool:
    """Accept, return or decline (the state is checked by the service)."""
    if not can_view_nomination(user, nomination):
        return False
    if is_cluster_admin(user):
        return True
    own = nominating_unit_ids(user)
    return head_unit_id(nomination) in own and nomination.nominating_unit_id not in own


def can_edit_nomination(user, nomination) -> bool:
    """Change the statement (and send a returned nomination again): the nominating unit's
    administrators, until the nomination is decided."""
    return nomination.is_editable and nomination.nominating_unit_id in nominating_unit_ids(user)


def can_view_nomination_history(user, nomination) -> bool:
    """Every step, with the reviewers' reasons: the nominating unit and the reviewers."""
    return nomination.nominating_unit_id in unit_ids_with_role(user) or can_review_nomination(
        user, nomination
    )
