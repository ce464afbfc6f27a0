"""The partner organisations: the list, add, edit, delete when no model names them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emulation_cluster.administration import partners
from emulation_cluster.administration.forms import PartnerForm
from emulation_cluster.administration.views.access import cluster_administrators
from emulation_cluster.models import Partner
from emulation_cluster.pages import form_data, form_page, refused
from emulation_cluster.submissions import save_from_form

TEMPLATE = "emulation_cluster/administration/form.html"


@cluster_administrators
def partner_list(request):
    # ``models`` is the registry's relation to partners, counted here by name (no import).
    rows = Partner.objects.annotate(uses=Count("models", distinct=True))
    return render(request, "emulation_cluster/administration/partner_list.html", {"rows": rows})


def _partner_page(request, partner=None):
    initial = None
    if partner is not None:
        initial = {"name": partner.name, "city": partner.city, "description": partner.description}
    form = PartnerForm(form_data(request), initial=initial)

    def write():
        return partners.partner_save(partner=partner, **form.partner_data(), actor=request.user)

    def save():
        _saved, new = save_from_form(request, form, write, creating=partner is None)
        if new:
            messages.success(request, _("Your changes are saved."))
        return redirect("partner_list")

    title = _("New partner organisation") if partner is None else partner.name
    context = {"title": title, "back": "partner_list"}
    once = {"repeated": lambda made: redirect("partner_list")} if partner is None else {}
    return form_page(request, TEMPLATE, form, save, context=context, **once)


@cluster_administrators
def partner_create(request):
    return _partner_page(request)


@cluster_administrators
def partner_edit(request, slug):
    return _partner_page(request, get_object_or_404(Partner, slug=slug))


@cluster_administrators
@require_POST
def partner_delete(request, slug):
    partner = get_object_or_404(Partner, slug=slug)
    try:
        partners.partner_delete(partner=partner, actor=request.user)
    except ValidationError as error:
        return refused(request, error, "partner_list")
    messages.success(request, _("“%(name)s” is deleted.") % {"name": partner.name})
    return redirect("partner_list")
