"""Writes to the Q&A threads: small domain functions that views, commands and the demo call.

Who may act is checked by the views with ``seminars.qa.permissions``; the state of the thread
(locked, merged, hidden) and the input are checked here. Bad input is refused with a
``ValidationError`` whose message the page shows beside the form, so nothing typed is lost. Every
change of what people read is kept in the audit log (who, when, before and after).

A post sent twice by the same form (a double click, a reload of the POST) carries the same
one-time token: the second sending returns the first post instead of making another.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
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
    QuestionAttachment,
    Vote,
)
from seminars.qa.permissions import can_answer_officially
from seminars.qa.posting import (
    already_sent,
    checked_texts,
    derived_state,
    locked,
    question_texts,
    require_open_thread,
    save_once,
)

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
    if existing := already_sent(Question, author, token):
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
    texts = question_texts(title, body)
    question, created = save_once(
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
        QuestionAttachment(question=question, title=upload.name[:200]).store(
            upload=upload, file_type=file_type, uploader=author
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
    state = derived_state(question, has_official_answer=True)
    if state != question.state:
        question.state = state
        fields.append("state")
    if fields:
        question.save(update_fields=[*fields, "updated_at"])


@transaction.atomic
def answer_create(*, question, author, body, token: str = "", base_url: str = ""):
    """Answer; an editor of the owner unit answers officially, in the unit's name."""
    if existing := already_sent(Answer, author, token):
        return existing, False
    question = locked(question)
    require_open_thread(question)
    texts = checked_texts(body=(body, BODY_MAX_LENGTH, _("Write the answer before sending it.")))
    official = can_answer_officially(author, question)
    now = timezone.now()
    answer, created = save_once(
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
    counters.count_answers(question.pk)
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
    question = locked(answer.question)
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
    question = locked(answer.question)
    require_open_thread(question)
    if answer.question_id != question.pk or answer.hidden_at:
        raise ValidationError(_("A hidden answer cannot be accepted."), code="hidden")
    if question.accepted_answer_id == answer.pk:
        raise ValidationError(_("This answer is already the accepted one."), code="already")
    before = audit.snapshot(question, ["accepted_answer", "state"])
    question.accepted_answer = answer
    question.accepted_at = timezone.now()
    question.accepted_by = actor
    question.state = derived_state(question)
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
def comment_create(*, question, author, body, answer=None, token: str = "", base_url: str = ""):
    """A follow-up comment under the question or under one of its answers."""
    if existing := already_sent(Comment, author, token):
        return existing, False
    question = locked(question)
    require_open_thread(question)
    if answer is not None and (answer.question_id != question.pk or answer.hidden_at):
        raise ValidationError(_("This answer takes no comments."), code="bad_answer")
    texts = checked_texts(
        body=(body, COMMENT_MAX_LENGTH, _("Write the comment before sending it."))
    )
    comment, created = save_once(
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
    question = locked(question)
    require_open_thread(question)
    if question.votes.filter(voter=voter).exists():
        raise ValidationError(_("You have already voted for this question."), code="already")
    Vote.objects.create(question=question, voter=voter)
    Question.objects.filter(pk=question.pk).update(vote_count=F("vote_count") + 1)
    question.refresh_from_db(fields=["vote_count"])
    return question


@transaction.atomic
def vote_withdraw(*, question, voter) -> Question:
    question = locked(question)
    require_open_thread(question)
    deleted, _rows = question.votes.filter(voter=voter).delete()
    if not deleted:
        raise ValidationError(_("You have not voted for this question."), code="not_voted")
    Question.objects.filter(pk=question.pk).update(vote_count=F("vote_count") - 1)
    question.refresh_from_db(fields=["vote_count"])
    return question


@transaction.atomic
def question_mark_answered_live(*, question, actor, note, base_url: str = "") -> Question:
    """The chair or an organizer: the question was answered in the room, with a short note."""
    question = locked(question)
    if question.seminar_id is None:
        raise ValidationError(_("Only a question of a seminar's thread is answered live."))
    require_open_thread(question)
    if question.answered_live_at:
        raise ValidationError(_("This question is already marked as answered live."))
    texts = checked_texts(
        note=(note, NOTE_MAX_LENGTH, _("Write a short note: who answered, and the gist."))
    )
    before = audit.snapshot(question, ["answered_live_note", "state"])
    question.answered_live_at = timezone.now()
    question.answered_live_by = actor
    question.answered_live_note = texts["note"]
    question.state = derived_state(question)
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


# --- follows ------------------------------------------------------------------


def follow_set(
    *, user, follow: bool, exemplary_model=None, unit=None, question=None, topic=None
) -> bool:
    """Follow (or stop following) one target; returns whether the user follows it now."""
    target = {"exemplary_model": exemplary_model, "unit": unit, "question": question}
    target["topic"] = topic
    target = {name: value for name, value in target.items() if value is not None}
    if len(target) != 1:
        raise ValueError("follow exactly one model, unit, question or topic")
    if follow:
        Follow.objects.get_or_create(user=user, **target)
    else:
        Follow.objects.filter(user=user, **target).delete()
    return follow
