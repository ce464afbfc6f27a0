from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from emulation_cluster import dates, permissions
from emulation_cluster.audit_log import display
from emulation_cluster.markdown import markdown_text, render_markdown
from emulation_cluster.page_cache import personal

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


@register.simple_tag(takes_context=True)
def personal_part(context, template_name):
    """``{% personal_part "partials/signed_in_tools.html" %}``: a part of the page that is the
    reader's own (their name, their unread notices), filled in for each reader of a kept page
    (``page_cache.personal``)."""
    return personal.part(context, template_name)


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


@register.inclusion_tag("partials/audit_changes.html")
def audit_changes(entry, limit=None):
    """``{% audit_changes entry 300 %}``: the entry's changes as “field: before → after”, the
    same on every history page (local times, choice labels, long texts cut at ``limit``)."""
    return {"rows": display.change_rows(entry, limit=limit)}


@register.filter
def person(user):
    """Who did something, as every page names a person: the full name, else the email. A
    relation to a person is ``SET_NULL`` when their account is deleted: ``None`` reads as
    "(account removed)" instead of failing (``x.get_full_name|default:x.email`` raises then)."""
    if user is None:
        return _("(account removed)")
    return user.get_full_name() or user.email or "—"
