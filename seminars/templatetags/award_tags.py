from django import template

from emulation_cluster.permissions import is_cluster_member
from seminars.awards import permissions, selectors

register = template.Library()


@register.simple_tag
def model_award_nominations(exemplary_model, user):
    """The model page's award section: its nominations and their decisions, and whether the
    reader may nominate it for the current term's year.

    Nominations are the members' side: no query for a visitor; one for a member, two for an
    administrator of the owner unit (the year to nominate for).
    """
    if not is_cluster_member(user):
        return {}
    nominations = selectors.model_nominations(user, exemplary_model)
    year = None
    if permissions.can_nominate(user, exemplary_model):
        year = selectors.year_to_nominate(exemplary_model, nominations)
    return {"nominations": nominations, "year_to_nominate": year}


@register.simple_tag
def award_can(rule, user, *args):
    """``{% award_can "nominate_any" user as allowed %}``: the rules the views use."""
    return getattr(permissions, f"can_{rule}")(user, *args)
