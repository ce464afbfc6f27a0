"""Documents and slides of a seminar or of one agenda item."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emulation_cluster.pages import form_data, form_page
from emulation_cluster.submissions import create_from_form
from models_registry.uploads import stored_file_response
from seminars import permissions, services
from seminars.forms import MaterialForm
from seminars.views.lookups import (
    editable_or_refused,
    managed_seminar,
    material_for,
    refused,
    section,
)


@login_required
def material_create(request, pk):
    seminar = managed_seminar(request, pk)
    if refusal := editable_or_refused(request, seminar):
        return refusal
    data, files = form_data(request, files=True)
    form = MaterialForm(
        data, files, seminar=seminar, initial={"agenda_item": request.GET.get("muc")}
    )

    def attach():
        return services.material_create(
            seminar=seminar, uploader=request.user, **form.material_data()
        )

    def save():
        if create_from_form(request, form, attach)[1]:
            messages.success(request, _("The document is attached."))
        return redirect(section(seminar, "materials"))

    context = {"seminar": seminar}
    repeated = lambda _made: redirect(section(seminar, "materials"))  # noqa: E731
    template = "seminars/material_form.html"
    return form_page(request, template, form, save, context=context, repeated=repeated)


@login_required
def material_download(request, pk, material_pk):
    return stored_file_response(material_for(request, pk, material_pk))


@login_required
@require_POST
def material_delete(request, pk, material_pk):
    material = material_for(request, pk, material_pk)
    seminar = material.seminar
    if not permissions.can_manage_seminar(request.user, seminar):
        raise PermissionDenied
    try:
        services.material_delete(material=material, actor=request.user)
    except ValidationError as error:
        return refused(request, seminar, error)
    messages.success(request, _("“%(title)s” is removed.") % {"title": material.title})
    return redirect(section(seminar, "materials"))
