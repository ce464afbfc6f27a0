"""Editing what one wrote, and moderation: hide a post, lock a thread, merge a duplicate.

Who may act is checked by the views (``seminars.qa.permissions``); the state of the thread and the
input are checked here. Nothing is deleted: the audit log keeps the before and after, and the
moderator's reason, which the author is told.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation_cluster import audit
from emulation_cluster.enums import AuditAction
from seminars.qa import counters
from seminars.qa import notifications as notify
from seminars.qa.models import (
    BODY_MAX_LENGTH,
    COMMENT_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    Answer,
    Comment,
    Follow,
    Question,
    Vote,
)
from seminars.qa.posting import (
    checked_texts,
    derived_state,
    locked,
    question_texts,
    require_open_thread,
)


def _post_fields(post) -> list[str]:
    return ["title", "body"] if isinstance(post, Question) else ["body"]


@transaction.atomic
def post_edit(*, post, question, editor, body, title=None):
    """The author changes their post; the audit log keeps the before and after.

    Returns the post and whether anything changed.
    """
    question = locked(question)
    if isinstance(post, Question):
        post = question
    require_open_thread(question)
    if post.hidden_at:
        raise ValidationError(_("A hidden post cannot be edited."), code="hidden")
    if isinstance(post, Question):
        values = question_texts(title, body)
    elif isinstance(post, Comment):
        values = checked_texts(body=(body, COMMENT_MAX_LENGTH, _("The comment cannot be empty.")))
    else:
        values = checked_texts(body=(body, BODY_MAX_LENGTH, _("The answer cannot be empty.")))
    fields = _post_fields(post)
    before = audit.snapshot(post, fields)
    for name, value in values.items():
        setattr(post, name, value)
    changes = audit.diff(before, audit.snapshot(post, fields))
    if not changes:
        return post, False
    post.edited_at = timezone.now()
    post.save(update_fields=[*fields, "edited_at", "updated_at"])
    audit.record(
        actor=editor, action=AuditAction.CHANGE, target=post, subject=question, changes=changes
    )
    return post, True


@transaction.atomic
def post_hide(*, post, question, moderator, reason="", hide=True, base_url: str = ""):
    """Hide a post with a reason (in the audit log, told to the author), or show it again."""
    question = locked(question)
    if isinstance(post, Question):
        post = question
    if hide and post.hidden_at:
        raise ValidationError(_("This post is already hidden."), code="already")
    if not hide and not post.hidden_at:
        raise ValidationError(_("This post is not hidden."), code="not_hidden")
    if hide:
        reason = checked_texts(
            reason=(
                reason,
                NOTE_MAX_LENGTH,
                _("Give the reason for hiding: the author is told and the audit log keeps it."),
            )
        )["reason"]
    before = audit.snapshot(post, ["hidden_reason"])
    post.hidden_at = timezone.now() if hide else None
    post.hidden_by = moderator if hide else None
    post.hidden_reason = reason if hide else ""
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "updated_at"])
    if isinstance(post, Answer):
        counters.count_answers(question.pk)
    audit.record(
        actor=moderator,
        action=AuditAction.HIDE if hide else AuditAction.CHANGE,
        target=post,
        subject=question,
        unit=question.owner_unit,
        changes=audit.diff(before, audit.snapshot(post, ["hidden_reason"])),
        note=(reason or "").strip()[:NOTE_MAX_LENGTH],
    )
    if isinstance(post, Answer) and hide and question.accepted_answer_id == post.pk:
        question.accepted_answer = None
        question.accepted_at = None
        question.accepted_by = None
    question.state = derived_state(question)
    question.save(
        update_fields=["accepted_answer", "accepted_at", "accepted_by", "state", "updated_at"]
    )
    if hide:
        notify.post_hidden(post, question, actor=moderator, base_url=base_url)
    return post


@transaction.atomic
def question_lock(*, question, moderator, lock=True, reason="", base_url: str = "") -> Question:
    """Close the thread to new answers, comments, votes and edits (or open it again)."""
    question = locked(question)
    if question.merged_into_id:
        raise ValidationError(_("A merged question stays closed."), code="merged")
    if lock and question.locked_at:
        raise ValidationError(_("This thread is already locked."), code="already")
    if not lock and not question.locked_at:
        raise ValidationError(_("This thread is not locked."), code="not_locked")
    before = audit.snapshot(question, ["locked_at", "state"])
    question.locked_at = timezone.now() if lock else None
    question.locked_by = moderator if lock else None
    question.state = derived_state(question)
    question.save(update_fields=["locked_at", "locked_by", "state", "updated_at"])
    audit.record(
        actor=moderator,
        action=AuditAction.CHANGE,
        target=question,
        unit=question.owner_unit,
        changes=audit.diff(before, audit.snapshot(question, ["locked_at", "state"])),
        note=(reason or "").strip()[:NOTE_MAX_LENGTH],
    )
    if lock:
        notify.question_locked(question, actor=moderator, base_url=base_url)
    return question


@transaction.atomic
def question_merge(*, duplicate, into, moderator, base_url: str = "") -> Question:
    """Close ``duplicate`` in favour of ``into``: its voters and followers move over."""
    if duplicate.pk == into.pk:
        raise ValidationError(_("A question cannot be merged into itself."), code="itself")
    first, second = sorted([duplicate, into], key=lambda question: question.pk)
    first, second = locked(first), locked(second)  # in id order: no deadlock
    duplicate, into = (first, second) if first.pk == duplicate.pk else (second, first)
    if duplicate.exemplary_model_id != into.exemplary_model_id:
        raise ValidationError(_("Only questions about the same model can be merged."))
    if duplicate.merged_into_id:
        raise ValidationError(
            _("This question is already merged into “%(title)s”.")
            % {"title": duplicate.merged_into.title}
        )
    if into.merged_into_id:
        raise ValidationError(
            _("“%(title)s” was itself merged into another question: merge into that one.")
            % {"title": into.title}
        )
    if into.hidden_at:
        raise ValidationError(_("A hidden question cannot take a duplicate."))
    voted = set(into.votes.values_list("voter_id", flat=True))
    Vote.objects.bulk_create(
        [
            Vote(question=into, voter_id=voter_id)
            for voter_id in duplicate.votes.values_list("voter_id", flat=True)
            if voter_id not in voted
        ]
    )
    into.vote_count = into.votes.count()
    into.save(update_fields=["vote_count", "updated_at"])
    Follow.objects.bulk_create(
        [
            Follow(user_id=user_id, question=into)
            for user_id in duplicate.followers.values_list("user_id", flat=True)
        ],
        ignore_conflicts=True,
    )
    before = audit.snapshot(duplicate, ["merged_into", "state"])
    duplicate.merged_into = into
    duplicate.state = derived_state(duplicate)
    duplicate.save(update_fields=["merged_into", "state", "updated_at"])
    audit.record(
        actor=moderator,
        action=AuditAction.CHANGE,
        target=duplicate,
        unit=duplicate.owner_unit,
        changes=audit.diff(before, audit.snapshot(duplicate, ["merged_into", "state"])),
    )
    audit.record(
        actor=moderator,
        action=AuditAction.CHANGE,
        target=into,
        unit=into.owner_unit,
        note=f"#{duplicate.pk} “{duplicate.title}” → #{into.pk}"[:NOTE_MAX_LENGTH],
    )
    notify.question_merged(duplicate, actor=moderator, base_url=base_url)
    return duplicate
