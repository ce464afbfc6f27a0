"""The pages of an entry of the administration's lists (a term, a partner organisation, a
topic): its form, and its deletion, refused with the reason while something uses it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from emulation_cluster.pages import form_page, refused
from emulation_cluster.submissions import save_from_form

TEMPLATE = "emulation_cluster/administration/form.html"


def entry_page(
    request, *, form, write, creating: bool, title, list_page: str, told=None, context=None
):
    """The form of an entry: ``write()`` saves it, ``told(saved)`` says so (by default "Your
    changes are saved."); back to ``list_page`` (a URL name) after."""

    def save():
        saved, new = save_from_form(request, form, write, creating=creating)
        if new:
            messages.success(request, told(saved) if told else _("Your changes are saved."))
        return redirect(list_page)

    once = {"repeated": lambda made: redirect(list_page)} if creating else {}
    context = {"title": title, "back": list_page, **(context or {})}
    return form_page(request, TEMPLATE, form, save, context=context, **once)


def entry_deleted(request, entry, *, delete, list_page: str):
    """``delete()`` the entry, or tell why it is refused; back to ``list_page`` either way."""
    try:
        delete()
    except ValidationError as error:
        return refused(request, error, list_page)
    messages.success(request, _("“%(name)s” is deleted.") % {"name": entry.name})
    return redirect(list_page)
