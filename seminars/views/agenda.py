"""The agenda: add, change, move and remove items (each slot keeps its time when moved)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emulation_cluster.pages import form_data, form_page
from emulation_cluster.submissions import create_from_form
from seminars import services
from seminars.forms import AgendaItemForm
from seminars.views.lookups import (
    agenda_item_for,
    editable_or_refused,
    managed_seminar,
    refused,
    section,
)


def _agenda_form_page(request, seminar, item=None):
    if refusal := editable_or_refused(request, seminar):
        return refusal
    form = AgendaItemForm(form_data(request), instance=item, seminar=seminar, user=request.user)

    def write():
        return services.agenda_item_save(item=form.instance, actor=request.user)

    def save():
        if item is not None:
            write()
        elif not create_from_form(request, form, write)[1]:
            return redirect(section(seminar, "agenda"))
        messages.success(request, _("The agenda is updated."))
        return redirect(section(seminar, "agenda"))

    context = {"seminar": seminar, "item": item}
    repeated = (lambda _made: redirect(section(seminar, "agenda"))) if item is None else None
    template = "seminars/agenda_item_form.html"
    return form_page(request, template, form, save, context=context, repeated=repeated)


@login_required
def agenda_item_create(request, pk):
    return _agenda_form_page(request, managed_seminar(request, pk))


@login_required
def agenda_item_edit(request, pk, item_pk):
    seminar, item = agenda_item_for(request, pk, item_pk)
    return _agenda_form_page(request, seminar, item)


@login_required
@require_POST
def agenda_item_move(request, pk, item_pk):
    seminar, item = agenda_item_for(request, pk, item_pk)
    try:
        neighbour = services.agenda_item_move(
            item=item, direction=request.POST.get("direction"), actor=request.user
        )
    except ValidationError as error:
        return refused(request, seminar, error)
    if neighbour is not None:
        messages.success(
            request,
            _("“%(title)s” now starts at %(time)s, in the place of “%(other)s”. Check the times.")
            % {
                "title": item.title,
                "time": formats.time_format(timezone.localtime(item.starts_at)),
                "other": neighbour.title,
            },
        )
    return redirect(section(seminar, "agenda"))


@login_required
@require_POST
def agenda_item_delete(request, pk, item_pk):
    seminar, item = agenda_item_for(request, pk, item_pk)
    try:
        services.agenda_item_delete(item=item, actor=request.user)
    except ValidationError as error:
        return refused(request, seminar, error)
    messages.success(request, _("“%(title)s” is removed from the agenda.") % {"title": item.title})
    return redirect(section(seminar, "agenda"))
