"""Who may do what in the Q&A threads: each rule once, used by views, templates and tests.

Questions are the members' side of the portal: a signed-in member of the cluster sees the
questions on every model they may see (``can_view_model``), and no one else sees any. The same
rule filters every list, search and notice through ``visible_questions_q``.
"""

from django.db.models import Q

from emulation_cluster.enums import Role
from emulation_cluster.models import Unit
from emulation_cluster.permissions import (
    EDITOR_ROLES,
    is_cluster_admin,
    is_cluster_member,
    member_unit_ids,
    unit_ids_with_role,
)
from models_registry.permissions import can_view_model, visible_models_q
from seminars.permissions import can_manage_seminar, can_view_seminar


def can_view_question(user, question) -> bool:
    return is_cluster_member(user) and can_view_model(user, question.exemplary_model)


def visible_questions_q(user, prefix: str = "") -> Q:
    """The rule of ``can_view_question`` as a queryset filter (``prefix`` reaches the question)."""
    return on_visible_model_q(user, f"{prefix}exemplary_model__", none=f"{prefix}pk__in")


def on_visible_model_q(user, model_prefix: str = "", *, none: str = "pk__in") -> Q:
    """The same rule where ``model_prefix`` reaches the model's columns (a search document of
    a question or an answer carries them): members only, then the model's visibility."""
    if not is_cluster_member(user):
        return Q(**{none: []})
    return visible_models_q(user, model_prefix)


def asking_units(user, exemplary_model):
    """Units ``user`` may ask for: those they belong to, except the model's owner unit."""
    ids = member_unit_ids(user) - {exemplary_model.owner_unit_id}
    return Unit.objects.active().filter(id__in=ids)


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
    return can_mark_answered_live_in(user, seminar)


def can_mark_answered_live_in(user, seminar) -> bool:
    """The seminar's chair (their portal account) or its organizers, on its ranked thread."""
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


def can_follow_topic(user, topic) -> bool:
    return is_cluster_member(user)


def can_view_seminar_questions(user, seminar) -> bool:
    return can_view_seminar(user, seminar)
