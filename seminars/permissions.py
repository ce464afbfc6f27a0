"""Who may do what with seminars: each rule written once, used by views, templates and tests.

Built on the cluster's helpers (``emulation_cluster.permissions``): a role held in a unit also
applies to its sub-units. Seminars are the members' side of the portal: anonymous visitors see none.

- Organizers (role organizer or unit administrator) of the host unit and cluster administrators
  create and manage a seminar; only they see it while it is a draft.
- Once scheduled (and when held, closed or cancelled) every signed-in member of the cluster sees it.
- The administrators and organizers of an invited unit reply for that unit.

The rules on the seminar's Q&A thread are in ``seminars.qa.permissions``.
"""

from dataclasses import dataclass

from django.db.models import Q

from emulation_cluster.models import Unit
from emulation_cluster.permissions import (
    ORGANIZER_ROLES,
    is_cluster_admin,
    is_cluster_member,
    unit_ids_with_role,
)
from seminars.enums import SeminarStatus


def organizer_unit_ids(user) -> frozenset[int]:
    return unit_ids_with_role(user, ORGANIZER_ROLES)


def host_units(user):
    """Units that ``user`` may host a seminar for (a queryset, in Vietnamese order)."""
    units = Unit.objects.filter(cluster__isnull=False)
    if is_cluster_admin(user):
        return units
    return units.filter(id__in=organizer_unit_ids(user))


def can_create_seminar(user) -> bool:
    return is_cluster_admin(user) or bool(organizer_unit_ids(user))


def can_manage_seminar(user, seminar) -> bool:
    """Edit, schedule, invite, mark attendance, record the outcome: the host's organizers."""
    return is_cluster_admin(user) or seminar.host_unit_id in organizer_unit_ids(user)


@dataclass(frozen=True)
class _Audience:
    """Which seminars ``user`` may open: the one statement of the rule, for a row or a query."""

    everything: bool
    past_drafts: bool  # a member sees every seminar once it is no longer a draft
    host_unit_ids: frozenset[int]

    @classmethod
    def of(cls, user):
        if not user.is_authenticated:
            return cls(False, False, frozenset())
        return cls(is_cluster_admin(user), is_cluster_member(user), organizer_unit_ids(user))

    def allows(self, seminar) -> bool:
        return (
            self.everything
            or seminar.host_unit_id in self.host_unit_ids
            or (self.past_drafts and seminar.status != SeminarStatus.DRAFT)
        )

    def q(self, prefix: str = "") -> Q:
        if self.everything:
            return Q()
        visible = Q(**{f"{prefix}host_unit_id__in": self.host_unit_ids})
        if self.past_drafts:
            visible |= ~Q(**{f"{prefix}status": SeminarStatus.DRAFT})
        return visible


def can_view_seminar(user, seminar) -> bool:
    return _Audience.of(user).allows(seminar)


def visible_seminars_q(user, prefix: str = "") -> Q:
    """``can_view_seminar`` as a queryset filter (``prefix`` reaches the seminar)."""
    return _Audience.of(user).q(prefix)


def can_reply_to_invitation(user, invitation) -> bool:
    """The invited unit's administrators and organizers (the state is checked by the service)."""
    return invitation.unit_id in organizer_unit_ids(user) and can_view_seminar(
        user, invitation.seminar
    )


def can_reply_to_seminar(user, seminar) -> bool:
    """``user`` may answer for some unit: whether that unit was invited is told on the form."""
    return (
        seminar.status != SeminarStatus.DRAFT
        and can_view_seminar(user, seminar)
        and bool(organizer_unit_ids(user))
    )


def can_see_delegations(user, seminar) -> bool:
    """Names of delegates are for the organizers; other members see who replied what."""
    return can_manage_seminar(user, seminar)


def can_see_delegation_size(user, invitation) -> bool:
    """How many a unit sends: the host's organizers, and the invited unit's own (its reply)."""
    return can_see_delegations(user, invitation.seminar) or invitation.unit_id in (
        organizer_unit_ids(user)
    )


def can_see_attendance(user, seminar) -> bool:
    """Who was present is shown once the seminar has begun (to its organizers at any time)."""
    return seminar.has_started or can_manage_seminar(user, seminar)


def can_view_minutes(user, seminar) -> bool:
    if can_manage_seminar(user, seminar):
        return True
    return seminar.status in (SeminarStatus.HELD, SeminarStatus.CLOSED) and can_view_seminar(
        user, seminar
    )


def can_view_material(user, material) -> bool:
    return can_view_seminar(user, material.seminar)
