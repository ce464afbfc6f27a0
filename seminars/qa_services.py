"""Writes to the Q&A threads: small domain functions that views, commands and the demo call.

Who may act is checked by the views with ``seminars.permissions``; the state of the thread
(locked, merged, hidden) and the input are checked here. Bad input is refused with a
``ValidationError`` whose message the page shows beside the form, so nothing typed is lost. Every
change of what people read is kept in the audit log (who, when, before and after).

A post sent twice by the same form (a double click, a reload of the POST) carries the same
one-time token: the second sending returns the first post instead of making another.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation_cluster import audit
from emulation_cluster.enums import AuditAction
from seminars import qa_notifications as notify
from seminars.enums import EMAIL_CHOICE_KINDS, NoticeKind, QuestionState, ReminderKind
from seminars.permissions import can_answer_officially
from seminars.questions import (
    BODY_MAX_LENGTH,
    COMMENT_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Answer,
    Comment,
    Follow,
    NotificationPreference,
    Question,
    QuestionReminder,
    Vote,
)


def _text(value, *, max_length: int, empty: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError(empty, code="empty")
    if len(text) > max_length:
        raise ValidationError(
            _("The text has %(length)d characters; the limit is %(limit)d.")
            % {"length": len(text), "limit": max_length},
            code="too_long",
        )
    return text


def _texts(**fields) -> dict:
    """Check several texts at once: ``name=(value, max_length, empty message)``.

    Raises one ``ValidationError`` keyed by field, so a form shows each message beside its field.
    """
    cleaned, errors = {}, {}
    for name, (value, max_length, empty) in fields.items():
        try:
            cleaned[name] = _text(value, max_length=max_length, empty=empty)
        except ValidationError as error:
            errors[name] = error
    if errors:
        raise ValidationError(errors)
    return cleaned


def _question_texts(title, body) -> dict:
    return _texts(
        title=(title, TITLE_MAX_LENGTH, _("Write the question in a line.")),
        body=(body, BODY_MAX_LENGTH, _("Explain the question: what your unit wants to know.")),
    )


def _locked(question) -> Question:
    """The question, locked for this transaction: two answers or votes at once stay consistent."""
    return (
        Question.objects.select_for_update(of=("self",))
        .select_related("exemplary_model", "owner_unit", "asking_unit", "seminar", "merged_into")
        .get(pk=question.pk)
    )


def require_open_thread(question):
    """Refuse a new post, vote or edit in a merged, locked or hidden thread."""
    if question.merged_into_id:
        raise ValidationError(
            _("This question was merged into “%(title)s”: continue there.")
            % {"title": question.merged_into.title},
            code="merged",
        )
    if question.locked_at:
        raise ValidationError(
            _("This thread is closed by a moderator: nothing more can be added to it."),
            code="locked",
        )
    if question.hidden_at:
        raise ValidationError(_("This question is hidden by a moderator."), code="hidden")


def derived_state(question) -> str:
    """Closed (locked or merged), accepted, answered (officially or live), or open."""
    if question.merged_into_id or question.locked_at:
        return QuestionState.CLOSED
    if question.accepted_answer_id:
        return QuestionState.ACCEPTED
    if (
        question.answered_live_at
        or question.answers.filter(is_official=True, hidden_at__isnull=True).exists()
    ):
        return QuestionState.ANSWERED
    return QuestionState.OPEN


def _save_once(instance, model_class, author, token):
    """Save a new post; the same form sent twice at once returns the post the first one made."""
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        existing = token and model_class.objects.filter(author=author, submission_token=token)
        if existing and existing.exists():
            return existing.get(), False
        raise
    return instance, True


def _already_sent(model_class, author, token):
    if not token:
        return None
    return model_class.objects.filter(author=author, submission_token=token).first()


# --- asking and answering ---------------------------------------------------------------------


@transaction.atomic
def question_ask(
    *,
    exemplary_model,
    asking_unit,
    author,
    title,
    body,
    seminar=None,
    upload=None,
    file_type=None,
    token: str = "",
    base_url: str = "",
) -> tuple[Question, bool]:
    """Ask the model's owner unit on behalf of ``asking_unit``; its editors are told.

    Returns the question and whether it is new (False: the same form was already sent).
    """
    if existing := _already_sent(Question, author, token):
        return existing, False
    if not exemplary_model.is_published:
        raise ValidationError(_("Questions are asked about published models only."))
    if asking_unit.pk == exemplary_model.owner_unit_id:
        raise ValidationError(
            {
                "asking_unit": _(
                    "%(unit)s owns this model: it answers the questions, it does not ask them."
                )
                % {"unit": asking_unit}
            }
        )
    texts = _question_texts(title, body)
    question, created = _save_once(
        Question(
            exemplary_model=exemplary_model,
            owner_unit_id=exemplary_model.owner_unit_id,
            asking_unit=asking_unit,
            seminar=seminar,
            author=author,
            submission_token=token,
            **texts,
        ),
        Question,
        author,
        token,
    )
    if not created:
        return question, False
    if upload is not None:
        question.attachment_name = upload.name[:255]
        question.attachment_kind = file_type.kind
        question.attachment_type = file_type.content_type
        question.attachment_size = upload.size
        question.attachment.save(upload.name, upload, save=False)
        question.save(
            update_fields=[
                "attachment",
                "attachment_name",
                "attachment_kind",
                "attachment_type",
                "attachment_size",
            ]
        )
    audit.record(
        actor=author,
        action=AuditAction.CREATE,
        target=question,
        unit=asking_unit,
        changes={
            "title": [None, question.title],
            "body": [None, question.body],
            "asking_unit": [None, str(asking_unit)],
        },
    )
    # The asker follows their question: the answers reach them through the notices.
    Follow.objects.get_or_create(user=author, question=question)
    notify.question_asked(question, base_url=base_url)
    return question, True


def _record_official(question, when):
    fields = []
    if question.first_official_answer_at is None:
        question.first_official_answer_at = when
        fields.append("first_official_answer_at")
    if question.state == QuestionState.OPEN:
        question.state = QuestionState.ANSWERED
        fields.append("state")
    if fields:
        question.save(update_fields=[*fields, "updated_at"])


@transaction.atomic
def answer_post(*, question, author, body, token: str = "", base_url: str = ""):
    """Answer; an editor of the owner unit answers officially, in the unit's name."""
    if existing := _already_sent(Answer, author, token):
        return existing, False
    question = _locked(question)
    require_open_thread(question)
    texts = _texts(body=(body, BODY_MAX_LENGTH, _("Write the answer before sending it.")))
    official = can_answer_officially(author, question)
    now = timezone.now()
    answer, created = _save_once(
        Answer(
            question=question,
            author=author,
            submission_token=token,
            is_official=official,
            official_unit=question.owner_unit if official else None,
            made_official_at=now if official else None,
            made_official_by=author if official else None,
            **texts,
        ),
        Answer,
        author,
        token,
    )
    if not created:
        return answer, False
    if official:
        _record_official(question, now)
    audit.record(
        actor=author,
        action=AuditAction.CREATE,
        target=answer,
        subject=question,
        unit=question.owner_unit if official else None,
        changes={"body": [None, answer.body], "is_official": [None, official]},
    )
    notify.answer_posted(answer, base_url=base_url)
    return answer, True


@transaction.atomic
def answer_make_official(*, answer, actor, base_url: str = "") -> Answer:
    """An editor of the owner unit makes an existing answer the unit's official answer."""
    question = _locked(answer.question)
    require_open_thread(question)
    if answer.is_official:
        raise ValidationError(_("This answer is already an official answer."), code="already")
    if answer.hidden_at:
        raise ValidationError(_("A hidden answer cannot be made official."), code="hidden")
    now = timezone.now()
    answer.is_official = True
    answer.official_unit = question.owner_unit
    answer.made_official_at = now
    answer.made_official_by = actor
    answer.save(
        update_fields=[
            "is_official",
            "official_unit",
            "made_official_at",
            "made_official_by",
            "updated_at",
        ]
    )
    answer.question = question
    _record_official(question, now)
    audit.record(
        actor=actor,
        action=AuditAction.CHANGE,
        target=answer,
        subject=question,
        unit=question.owner_unit,
        changes={"is_official": [False, True]},
    )
    notify.answer_made_official(answer, actor=actor, base_url=base_url)
    return answer


@transaction.atomic
def answer_accept(*, answer, actor, base_url: str = "") -> Answer:
    """The asking unit marks the answer that solved its question."""
    question = _locked(answer.question)
    require_open_thread(question)
    if answer.question_id != question.pk or answer.hidden_at:
        raise ValidationError(_("A hidden answer cannot be accepted."), code="hidden")
    if question.accepted_answer_id == answer.pk:
        raise ValidationError(_("This answer is already the accepted one."), code="already")
    before = audit.snapshot(question, ["accepted_answer", "state"])
    question.accepted_answer = answer
    question.accepted_at = timezone.now()
    question.accepted_by = actor
    question.state = QuestionState.ACCEPTED
    question.save(
        update_fields=["accepted_answer", "accepted_at", "accepted_by", "state", "updated_at"]
    )
    audit.record(
        actor=actor,
        action=AuditAction.ACCEPT,
        target=answer,
        subject=question,
        unit=question.asking_unit,
        changes=audit.diff(before, audit.snapshot(question, ["accepted_answer", "state"])),
    )
    answer.question = question
    notify.answer_accepted(answer, actor=actor, base_url=base_url)
    return answer


@transaction.atomic
def comment_post(*, question, author, body, answer=None, token: str = "", base_url: str = ""):
    """A follow-up comment under the question or under one of its answers."""
    if existing := _already_sent(Comment, author, token):
        return existing, False
    question = _locked(question)
    require_open_thread(question)
    if answer is not None and (answer.question_id != question.pk or answer.hidden_at):
        raise ValidationError(_("This answer takes no comments."), code="bad_answer")
    texts = _texts(body=(body, COMMENT_MAX_LENGTH, _("Write the comment before sending it.")))
    comment, created = _save_once(
        Comment(question=question, answer=answer, author=author, submission_token=token, **texts),
        Comment,
        author,
        token,
    )
    if not created:
        return comment, False
    audit.record(
        actor=author,
        action=AuditAction.CREATE,
        target=comment,
        subject=question,
        changes={"body": [None, comment.body]},
    )
    notify.comment_posted(comment, base_url=base_url)
    return comment, True


# --- votes and the seminar --------------------------------------------------------------------


@transaction.atomic
def vote_cast(*, question, voter) -> Question:
    """One vote per person; refused twice and on a closed thread."""
    question = _locked(question)
    require_open_thread(question)
    if question.votes.filter(voter=voter).exists():
        raise ValidationError(_("You have already voted for this question."), code="already")
    Vote.objects.create(question=question, voter=voter)
    Question.objects.filter(pk=question.pk).update(vote_count=F("vote_count") + 1)
    question.refresh_from_db(fields=["vote_count"])
    return question


@transaction.atomic
def vote_withdraw(*, question, voter) -> Question:
    question = _locked(question)
    require_open_thread(question)
    deleted, _rows = question.votes.filter(voter=voter).delete()
    if not deleted:
        raise ValidationError(_("You have not voted for this question."), code="not_voted")
    Question.objects.filter(pk=question.pk).update(vote_count=F("vote_count") - 1)
    question.refresh_from_db(fields=["vote_count"])
    return question


@transaction.atomic
def mark_answered_live(*, question, actor, note, base_url: str = "") -> Question:
    """The chair or an organizer: the question was answered in the room, with a short note."""
    question = _locked(question)
    if question.seminar_id is None:
        raise ValidationError(_("Only a question of a seminar's thread is answered live."))
    require_open_thread(question)
    if question.answered_live_at:
        raise ValidationError(_("This question is already marked as answered live."))
    texts = _texts(
        note=(note, NOTE_MAX_LENGTH, _("Write a short note: who answered, and the gist."))
    )
    before = audit.snapshot(question, ["answered_live_note", "state"])
    question.answered_live_at = timezone.now()
    question.answered_live_by = actor
    question.answered_live_note = texts["note"]
    if question.state == QuestionState.OPEN:
        question.state = QuestionState.ANSWERED
    question.save(
        update_fields=[
            "answered_live_at",
            "answered_live_by",
            "answered_live_note",
            "state",
            "updated_at",
        ]
    )
    audit.record(
        actor=actor,
        action=AuditAction.CHANGE,
        target=question,
        unit=question.seminar.host_unit,
        changes=audit.diff(before, audit.snapshot(question, ["answered_live_note", "state"])),
    )
    notify.answered_live(question, actor=actor, base_url=base_url)
    return question


# --- editing and moderation -------------------------------------------------------------------


def _post_fields(post) -> list[str]:
    return ["title", "body"] if isinstance(post, Question) else ["body"]


@transaction.atomic
def post_edit(*, post, question, editor, body, title=None):
    """The author changes their post; the audit log keeps the before and after.

    Returns the post and whether anything changed.
    """
    question = _locked(question)
    if isinstance(post, Question):
        post = question
    require_open_thread(question)
    if post.hidden_at:
        raise ValidationError(_("A hidden post cannot be edited."), code="hidden")
    if isinstance(post, Question):
        values = _question_texts(title, body)
    elif isinstance(post, Comment):
        values = _texts(body=(body, COMMENT_MAX_LENGTH, _("The comment cannot be empty.")))
    else:
        values = _texts(body=(body, BODY_MAX_LENGTH, _("The answer cannot be empty.")))
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
    question = _locked(question)
    if isinstance(post, Question):
        post = question
    if hide and post.hidden_at:
        raise ValidationError(_("This post is already hidden."), code="already")
    if not hide and not post.hidden_at:
        raise ValidationError(_("This post is not hidden."), code="not_hidden")
    if hide:
        reason = _texts(
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
def thread_lock(*, question, moderator, lock=True, reason="", base_url: str = "") -> Question:
    """Close the thread to new answers, comments, votes and edits (or open it again)."""
    question = _locked(question)
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
        notify.thread_locked(question, actor=moderator, base_url=base_url)
    return question


@transaction.atomic
def question_merge(*, duplicate, into, moderator, base_url: str = "") -> Question:
    """Close ``duplicate`` in favour of ``into``: its voters and followers move over."""
    if duplicate.pk == into.pk:
        raise ValidationError(_("A question cannot be merged into itself."), code="itself")
    first, second = sorted([duplicate, into], key=lambda question: question.pk)
    first, second = _locked(first), _locked(second)  # in id order: no deadlock
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
    duplicate.state = QuestionState.CLOSED
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


# --- follows and preferences ------------------------------------------------------------------


def follow_set(*, user, follow: bool, exemplary_model=None, unit=None, question=None) -> bool:
    """Follow (or stop following) one target; returns whether the user follows it now."""
    target = {"exemplary_model": exemplary_model, "unit": unit, "question": question}
    target = {name: value for name, value in target.items() if value is not None}
    if len(target) != 1:
        raise ValueError("follow exactly one model, unit or question")
    if follow:
        Follow.objects.get_or_create(user=user, **target)
    else:
        Follow.objects.filter(user=user, **target).delete()
    return follow


def email_kinds_off(user) -> set[str]:
    return set(
        NotificationPreference.objects.filter(user=user, email=False).values_list("kind", flat=True)
    )


@transaction.atomic
def preferences_save(*, user, email_on: set[str]) -> set[str]:
    """Email on for the kinds in ``email_on``, off for the others; returns the kinds off."""
    off = {kind for kind in EMAIL_CHOICE_KINDS if kind not in email_on}
    NotificationPreference.objects.filter(user=user).delete()
    NotificationPreference.objects.bulk_create(
        [NotificationPreference(user=user, kind=kind, email=False) for kind in sorted(off)]
    )
    return off


# --- reminders (the cron command) -------------------------------------------------------------


def overdue_days(kind) -> int:
    if kind == ReminderKind.ESCALATION:
        return settings.QUESTION_ESCALATION_AFTER_DAYS
    return settings.QUESTION_REMINDER_AFTER_DAYS


def questions_due(*, kind, now):
    """Open questions older than the setting of ``kind`` that have not had it yet."""
    return (
        Question.objects.filter(
            state=QuestionState.OPEN,
            hidden_at__isnull=True,
            created_at__lte=now - datetime.timedelta(days=overdue_days(kind)),
        )
        .exclude(reminders__kind=kind)
        .select_related(
            "exemplary_model", "owner_unit", "owner_unit__parent", "owner_unit__cluster"
        )
        .select_related("asking_unit")
        .order_by("created_at", "id")
    )


def reminder_send(*, question, kind, base_url: str) -> QuestionReminder | None:
    """Send the reminder (or escalation) of ``question`` once: None if it was already sent.

    The record and the emails share one transaction: if sending fails nothing is recorded and the
    next run tries again; two runs at once cannot both send (row lock and unique constraint).
    """
    with transaction.atomic():
        locked = Question.objects.select_for_update(skip_locked=True).filter(pk=question.pk)
        if not locked.exists() or question.reminders.filter(kind=kind).exists():
            return None
        reminder = QuestionReminder.objects.create(question=question, kind=kind)
        if kind == ReminderKind.ESCALATION:
            candidates = notify.head_unit_admins(question.owner_unit)
        else:
            candidates = notify.unit_editors(question.owner_unit)
        told = notify.question_overdue(
            question,
            kind=NoticeKind(kind),
            days=overdue_days(kind),
            recipients=candidates,
            base_url=base_url,
        )
        if not told and kind == ReminderKind.ESCALATION:
            # The head unit's admins may not see it (a restricted model): the cluster's admins do.
            told = notify.question_overdue(
                question,
                kind=NoticeKind(kind),
                days=overdue_days(kind),
                recipients=notify.cluster_administrators(question.owner_unit),
                base_url=base_url,
            )
        reminder.recipients = len(told)
        reminder.sent_to = [user.email for user in told]
        reminder.save(update_fields=["recipients", "sent_to"])
    return reminder
