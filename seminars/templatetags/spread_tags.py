"""What the spread of good practice contributes to pages it does not own (the menu, a unit's
page): whether the reader may see the dashboards."""

from django import template

from seminars.spread import permissions

register = template.Library()


@register.simple_tag
def spread_can(rule, user, *args):
    """``{% spread_can "view_dashboard" user as allowed %}``."""
    return getattr(permissions, f"can_{rule}")(user, *args)
