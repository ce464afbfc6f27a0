from django import template

from seminars import permissions

register = template.Library()


@register.simple_tag
def seminar_can(rule, user, *args):
    """``{% seminar_can "manage_seminar" user seminar as allowed %}``: the rules the views use."""
    return getattr(permissions, f"can_{rule}")(user, *args)
