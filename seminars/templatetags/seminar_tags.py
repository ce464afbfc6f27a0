from django import template

from seminars import selectors
from seminars.models import Lesson, Solution

register = template.Library()


@register.simple_tag
def model_seminar_links(exemplary_model, user):
    """Where a model was presented and what the seminars learned about it (for its page).

    Three queries for a member, none for a visitor: seminars are the members' side.
    """
    if not user.is_authenticated:
        return {}
    return {
        "presentations": list(selectors.model_presentations(exemplary_model, user)),
        "lessons": list(selectors.model_findings(Lesson, exemplary_model, user)),
        "solutions": list(selectors.model_findings(Solution, exemplary_model, user)),
    }


@register.simple_tag
def next_seminar(user):
    """The home page's next seminar that ``user`` may see; no query for a visitor."""
    return selectors.next_seminar_for(user)
