"""Who may do what with seminars: each rule written once, used by views, templates and tests.

Built on the cluster's helpers (``emulation_cluster.permissions``): a role held in a unit also
applies to its sub-units. Seminars are the members' side of the portal: anonymous visitors see none.

- Organizers (role organizer or unit administrator) of the host unit and cluster administrators
  create and manage a seminar; only they see it while it is a draft.
- Once scheduled (and when held, closed or cancelled) every signed-in member of the cluster sees it.
- The administrators and organizers of an invited unit reply for that unit.
"""

from django.db.models import Q

from emulation_cluster.enums import Role
from emulation_cluster.models import Membership, Unit
from emulation_cluster.permissions import (
    EDITOR_ROLES,
    ORGANIZER_ROLES,
    _cached,
    can_view_model,
    is_cluster_admin,
    is_cluster_member,
    unit_ids_with_role,
    visible_models_q,
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


def can_view_seminar(user, seminar) -> bool:
    if seminar.status == SeminarStatus.DRAFT:
        return can_manage_seminar(user, seminar)
    return is_cluster_member(user)


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


def can_view_minutes(user, seminar) -> bool:
    if can_manage_seminar(user, seminar):
        return True
    return seminar.status in (SeminarStatus.HELD, SeminarStatus.CLOSED) and can_view_seminar(
        user, seminar
    )


def can_view_material(user, material) -> bool:
    return can_view_seminar(user, material.seminar)


# --- questions and answers --------------------------------------------------------------------
#
# Questions are the members' side of the portal: a signed-in member of the cluster sees the
# questions on every model they may see (``can_view_model``), and no one else sees any. The same
# rule filters every list, search and notice through ``visible_questions_q``.


def can_view_question(user, question) -> bool:
    return is_cluster_member(user) and can_view_model(user, question.exemplary_model)


def visible_questions_q(user, prefix: str = "") -> Q:
    """The rule of ``can_view_question`` as a queryset filter (``prefix`` reaches the question)."""
    if not is_cluster_member(user):
        return Q(**{f"{prefix}pk__in": []})
    return visible_models_q(user, f"{prefix}exemplary_model__")


def member_unit_ids(user) -> frozenset[int]:
    """Units of ``user``'s active memberships themselves (no sub-units)."""
    if not user.is_authenticated:
        return frozenset()
    return _cached(
        user,
        "member_units",
        lambda: frozenset(
            Membership.objects.active().filter(user=user).values_list("unit_id", flat=True)
        ),
    )


def asking_units(user, exemplary_model):
    """Units ``user`` may ask for: those they belong to, except the model's owner unit."""
    return Unit.objects.filter(id__in=member_unit_ids(user) - {exemplary_model.owner_unit_id})


def can_ask_question(user, exemplary_model) -> bool:
    return (
        exemplary_model.is_published
        and is_cluster_member(user)
        and can_view_model(user, exemplary_model)
        and bool(member_unit_ids(user) - {exemplary_model.owner_unit_id})
    )


def can_answer_question(user, question) -> bool:
    """Anyone of the cluster who may see it (a locked thread is refused by the service)."""
    return can_view_question(user, question)


def can_answer_officially(user, question) -> bool:
    """Editors of the owner unit (or of a unit above it) answer in the unit's name."""
    return question.owner_unit_id in unit_ids_with_role(user, EDITOR_ROLES)


def can_make_answer_official(user, answer) -> bool:
    return can_view_question(user, answer.question) and can_answer_officially(user, answer.question)


def can_accept_answer(user, question) -> bool:
    """The asker, or an editor or administrator of the asking unit."""
    return can_view_question(user, question) and (
        question.author_id == user.pk
        or question.asking_unit_id in unit_ids_with_role(user, EDITOR_ROLES)
    )


def can_vote_question(user, question) -> bool:
    return can_view_question(user, question)


def can_comment_question(user, question) -> bool:
    return can_view_question(user, question)


def can_follow_question(user, question) -> bool:
    return can_view_question(user, question)


def can_edit_post(user, post, question) -> bool:
    """Only the author edits a post; the history keeps every version."""
    return user.is_authenticated and post.author_id == user.pk and can_view_question(user, question)


def can_moderate_question(user, question) -> bool:
    """Hide a post, lock the thread, merge a duplicate: cluster admins and the owner's admins."""
    return can_view_question(user, question) and (
        is_cluster_admin(user) or question.owner_unit_id in unit_ids_with_role(user, {Role.ADMIN})
    )


def can_mark_answered_live(user, question) -> bool:
    """In a seminar's thread: the seminar's chair (their portal account) or its organizers."""
    seminar = question.seminar
    if seminar is None or not can_view_question(user, question):
        return False
    return (user.is_authenticated and seminar.chair_user_id == user.pk) or can_manage_seminar(
        user, seminar
    )


def can_view_unit_questions(user, unit) -> bool:
    """A unit's inbox and asked questions: every member of the cluster (what it owes is open)."""
    return is_cluster_member(user)


def can_follow_model(user, exemplary_model) -> bool:
    return is_cluster_member(user) and can_view_model(user, exemplary_model)


def can_follow_unit(user, unit) -> bool:
    return is_cluster_member(user)


def can_view_seminar_questions(user, seminar) -> bool:
    return can_view_seminar(user, seminar)
