"""Finding the seminar a page is about, with the reader's right to it checked on the way."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from seminars import permissions
from seminars.models import AgendaItem, Seminar, SeminarMaterial


def seminar_for(request, pk, rule=None, queryset=None):
    """The seminar at ``pk`` if the rule allows; a draft others may not see is a 404."""
    if queryset is None:
        queryset = Seminar.objects.select_related("host_unit")
    seminar = get_object_or_404(queryset, pk=pk)
    if not permissions.can_view_seminar(request.user, seminar):
        if seminar.is_draft:
            raise Http404
        raise PermissionDenied(_("Seminars are for the members of the cluster."))
    if rule is not None and not rule(request.user, seminar):
        raise PermissionDenied
    return seminar


def managed_seminar(request, pk, queryset=None):
    return seminar_for(request, pk, permissions.can_manage_seminar, queryset)


def agenda_item_for(request, pk, item_pk):
    seminar = managed_seminar(request, pk)
    item = get_object_or_404(AgendaItem, pk=item_pk, seminar=seminar)
    item.seminar = seminar
    return seminar, item


def material_for(request, pk, material_pk):
    material = get_object_or_404(
        SeminarMaterial.objects.select_related("seminar"), pk=material_pk, seminar_id=pk
    )
    if not permissions.can_view_material(request.user, material):
        if material.seminar.is_draft:
            raise Http404
        raise PermissionDenied
    return material


def section(seminar, anchor: str) -> str:
    """The address of a part of the seminar's page (``#agenda``, ``#invitations``...)."""
    return reverse("seminar_detail", args=[seminar.pk]) + f"#{anchor}"


def refused(request, seminar, error: ValidationError):
    """A button the seminar's state refused: back to its page, with the reason."""
    messages.error(request, " ".join(error.messages))
    return redirect(seminar)


def editable_or_refused(request, seminar):
    """None if the seminar may still change (or the form is being sent), else a redirect to it
    with the reason."""
    if request.method == "POST" or seminar.is_editable:
        return None
    messages.error(request, seminar.not_editable_message())
    return redirect(seminar)
