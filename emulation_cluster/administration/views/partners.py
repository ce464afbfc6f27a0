"""The partner organisations: the list, add, edit, delete when no model names them."""

from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emulation_cluster.administration import partners
from emulation_cluster.administration.forms import PartnerForm
from emulation_cluster.administration.views.access import cluster_administrators
from emulation_cluster.administration.views.entries import entry_deleted, entry_page
from emulation_cluster.models import Partner
from emulation_cluster.pages import form_data


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
    return entry_page(
        request,
        form=form,
        write=lambda: partners.partner_save(
            partner=partner, **form.partner_data(), actor=request.user
        ),
        creating=partner is None,
        title=_("New partner organisation") if partner is None else partner.name,
        list_page="partner_list",
    )


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
    return entry_deleted(
        request,
        partner,
        delete=lambda: partners.partner_delete(partner=partner, actor=request.user),
        list_page="partner_list",
    )
