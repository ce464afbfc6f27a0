"""What every write to a thread shares: checked texts, the locked question, whether the thread
still takes posts, the question's state, and one post per form sent."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from seminars.enums import QuestionState
from seminars.qa.models import (
    BODY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Question,
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


def checked_texts(**fields) -> dict:
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


def question_texts(title, body) -> dict:
    return checked_texts(
        title=(title, TITLE_MAX_LENGTH, _("Write the question in a line.")),
        body=(body, BODY_MAX_LENGTH, _("Explain the question: what your unit wants to know.")),
    )


def locked(question) -> Question:
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


def derived_state(question, *, has_official_answer: bool | None = None) -> str:
    """Closed (locked or merged), accepted, answered (officially or live), or open.

    The only place a question's state is decided: every write that may change it saves this.
    ``has_official_answer`` spares the query when the caller knows.
    """
    if question.merged_into_id or question.locked_at:
        return QuestionState.CLOSED
    if question.accepted_answer_id:
        return QuestionState.ACCEPTED
    if question.answered_live_at:
        return QuestionState.ANSWERED
    if has_official_answer is None:
        has_official_answer = question.answers.filter(
            is_official=True, hidden_at__isnull=True
        ).exists()
    return QuestionState.ANSWERED if has_official_answer else QuestionState.OPEN


def save_once(instance, model_class, author, token):
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


def already_sent(model_class, author, token):
    if not token:
        return None
    return model_class.objects.filter(author=author, submission_token=token).first()
