from django import template

from emulation_cluster import dates
from emulation_cluster.permissions import is_cluster_member
from seminars.notices.selectors import unread_count
from seminars.qa import permissions, unit_figures
from seminars.qa import selectors as qa_selectors

register = template.Library()

MODEL_PAGE_QUESTIONS = 5


@register.simple_tag
def unread_notice_count(user) -> int:
    """The bell's number: the notices the list shows, unread; no query for a visitor."""
    return unread_count(user)


@register.simple_tag
def model_questions_summary(exemplary_model, user):
    """The model page's Q&A section: the latest questions, their number, may the reader ask.

    Questions are the members' side: no query for a visitor or a person of no unit.
    """
    if not user.is_authenticated:
        return {"signed_out": True}
    if not is_cluster_member(user):
        return {}
    questions, count = qa_selectors.latest_model_questions(
        user, exemplary_model, MODEL_PAGE_QUESTIONS
    )
    return {
        "member": True,
        "questions": questions,
        "count": count,
        "may_ask": permissions.can_ask_question(user, exemplary_model),
    }


@register.simple_tag
def my_question_units(user):
    """Units whose inbox the Q&A menu links to (the reader's own units)."""
    if not user.is_authenticated:
        return []
    return list(qa_selectors.my_units(user))


@register.filter
def duration_words(delta):
    """A waiting time in words ("2 days, 3 hours"), in the reader's language."""
    return dates.duration_words(delta)


@register.simple_tag
def question_can(rule, user, *args):
    """``{% question_can "edit_post" user post question as allowed %}``: the views' rules."""
    return getattr(permissions, f"can_{rule}")(user, *args)


@register.simple_tag
def unit_question_stats(unit, user):
    """A unit page's figures on the questions to it (None for visitors, without a query)."""
    return unit_figures.unit_question_figures(user, unit)
