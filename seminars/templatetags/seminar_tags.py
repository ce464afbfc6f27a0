from django import template

from seminars import findings, selectors

register = template.Library()


@register.simple_tag
def model_seminar_links(exemplary_model, user):
    """Where a model was presented and what the seminars learned about it (for its page).

    One query for a member, none for a visitor: seminars are the members' side.
    """
    if not user.is_authenticated:
        return {}
    return findings.model_seminar_links(exemplary_model, selectors.visible_seminars(user))


@register.simple_tag
def next_seminar(user):
    """The home page's next seminar that ``user`` may see; no query for a visitor."""
    return selectors.next_seminar_for(user)
