from django import template

from models_registry import permissions

register = template.Library()


@register.simple_tag
def model_can(rule, user, *args):
    """``{% model_can "edit_model" user model as allowed %}``: the rules the views use."""
    return getattr(permissions, f"can_{rule}")(user, *args)
