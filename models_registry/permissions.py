"""Who may read and write the registry: each rule once, used by views, templates and tests.

Roles come from the cluster (``emulation_cluster.permissions``): a role held in a unit applies to
its sub-units. A published model is read by its visibility (public, members, its owner unit);
a draft only by those who may edit it. Each ``visible_*_q`` sits beside its ``can_view_*`` and is
built from the same reading of the user (``_Readers``), so that a list and a page never disagree.
"""

from dataclasses import dataclass

from django.db.models import Q

from emulation_cluster.enums import Visibility
from emulation_cluster.permissions import (
    EDITOR_ROLES,
    editor_units,
    is_cluster_admin,
    is_cluster_member,
    unit_ids_with_role,
)


def can_create_model(user) -> bool:
    return is_cluster_admin(user) or bool(unit_ids_with_role(user, EDITOR_ROLES))


def can_edit_model(user, model) -> bool:
    return is_cluster_admin(user) or model.owner_unit_id in unit_ids_with_role(user, EDITOR_ROLES)


def can_publish_model(user, model) -> bool:
    return can_edit_model(user, model)


@dataclass(frozen=True)
class _Readers:
    """What ``user`` may read of the published models: the one statement of the visibility rule."""

    everything: bool
    members_only: bool
    unit_ids: frozenset[int]

    @classmethod
    def of(cls, user):
        member = is_cluster_member(user)
        return cls(
            everything=is_cluster_admin(user),
            members_only=member,
            unit_ids=unit_ids_with_role(user) if member else frozenset(),
        )

    def allows(self, visibility, owner_unit_id) -> bool:
        if self.everything or visibility == Visibility.PUBLIC:
            return True
        if visibility == Visibility.MEMBERS:
            return self.members_only
        return owner_unit_id in self.unit_ids

    def q(self, prefix: str) -> Q:
        if self.everything:
            return Q()
        visible = Q(**{f"{prefix}visibility": Visibility.PUBLIC})
        if self.members_only:
            visible |= Q(**{f"{prefix}visibility": Visibility.MEMBERS})
            visible |= Q(
                **{
                    f"{prefix}visibility": Visibility.RESTRICTED,
                    f"{prefix}owner_unit_id__in": self.unit_ids,
                }
            )
        return visible


def can_view_model(user, model) -> bool:
    """A draft only for those who may edit it; a published model by its visibility."""
    if not model.is_published:
        return can_edit_model(user, model)
    return _Readers.of(user).allows(model.visibility, model.owner_unit_id)


def visible_models_q(user, prefix: str = "") -> Q:
    """``can_view_model`` for published models, as a filter (``prefix`` reaches the model)."""
    return Q(**{f"{prefix}published_at__isnull": False}) & _Readers.of(user).q(prefix)


def visible_counts_q(user) -> Q:
    """``visible_models_q`` for rows that stand for published models by their ``visibility`` and
    ``owner_unit_id`` (the stored counts, ``UnitModelCount``)."""
    return _Readers.of(user).q("")


def readable_models_q(user, prefix: str = "") -> Q:
    """``can_view_model`` whole, as a filter: published models by ``visible_models_q``, drafts
    (and everything else of their owner unit) for those who may edit them."""
    if is_cluster_admin(user):
        return Q()
    editable = Q(**{f"{prefix}owner_unit_id__in": unit_ids_with_role(user, EDITOR_ROLES)})
    return visible_models_q(user, prefix) | editable


def can_view_attachment(user, attachment) -> bool:
    """The model's readers, within the attachment's own visibility (its editors see all)."""
    model = attachment.exemplary_model
    return can_view_model(user, model) and (
        can_edit_model(user, model)
        or _Readers.of(user).allows(attachment.visibility, model.owner_unit_id)
    )


def can_verify_model(user, model) -> bool:
    return model.is_published and is_cluster_admin(user)


def replicating_units(user, model, replication=None):
    """Units on whose behalf ``user`` may record that they replicate ``model`` (for a recorded
    replication: its own unit only, if ``user`` may write for it)."""
    if replication is not None:
        return editor_units(user).filter(pk=replication.adopting_unit_id)
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


def can_view_history(user, model) -> bool:
    """A model's audit history: its owner unit (any role) and cluster administrators."""
    return is_cluster_admin(user) or model.owner_unit_id in unit_ids_with_role(user)
