from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from emulation_cluster import dates, permissions
from emulation_cluster.markdown import markdown_text, render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    # Safe: render_markdown sanitises with nh3 before anything reaches the page.
    return mark_safe(render_markdown(text))  # noqa: S308 - sanitised above


@register.filter
def time_since(value):
    """How long ago, in words of the reader's language (Django's ``timesince`` is not)."""
    return dates.time_since(value)


@register.filter
def plain_text(text):
    """A Markdown text as the plain words a card shows (``**bold**`` becomes bold)."""
    return markdown_text(text)


@register.filter
def change_value(value):
    """A value of the audit log as a reader reads it: rows of a list joined, nothing as “–”."""
    if value in (None, "", []):
        return "–"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return value


@register.simple_tag
def can(rule, user, *args):
    """``{% can "edit_model" user model as allowed %}``: the same rules the views use."""
    return getattr(permissions, f"can_{rule}")(user, *args)


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (for sorting and pages)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


@register.filter
def iso_datetime(value):
    """A ``datetime`` attribute value as HTML wants it: seconds, no microseconds."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.isoformat(timespec="seconds")
