"""The yearly terms: the list, a new term, a change to one."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation_cluster.administration import terms
from emulation_cluster.administration.forms import TermForm
from emulation_cluster.administration.views.access import cluster_administrators
from emulation_cluster.administration.views.entries import entry_page
from emulation_cluster.models import ClusterTerm
from emulation_cluster.pages import form_data
from emulation_cluster.permissions import administered_clusters


@cluster_administrators
def term_list(request):
    rows = ClusterTerm.objects.select_related("cluster", "head_unit", "deputy_unit")
    rows = rows.prefetch_related("member_units").order_by("-year", "cluster__name_sort_key")
    context = {"terms": rows}
    return render(request, "emulation_cluster/administration/term_list.html", context)


def _next_term_initial() -> dict:
    """A new term starts as a copy of the latest one, a year later."""
    latest = ClusterTerm.objects.order_by("-year").first()
    if latest is None:
        return {"year": timezone.localdate().year}
    return {
        "cluster": latest.cluster_id,
        "year": latest.year + 1,
        "member_units": [unit.slug for unit in latest.member_units.all()],
    }


def _term_page(request, term=None):
    clusters = administered_clusters(request.user)
    initial = _next_term_initial() if term is None else None
    form = TermForm(form_data(request), clusters=clusters, term=term, initial=initial)

    title = _("New yearly term") if term is None else _("Term of %(year)s") % {"year": term.year}
    return entry_page(
        request,
        form=form,
        write=lambda: terms.term_save(term=term, actor=request.user, **form.term_data()),
        creating=term is None,
        title=title,
        list_page="term_list",
        told=lambda saved: _("The term of %(year)s is saved.") % {"year": saved.year},
        context={"has_checkboxes": True},
    )


@cluster_administrators
def term_create(request):
    return _term_page(request)


@cluster_administrators
def term_edit(request, pk):
    rows = ClusterTerm.objects.select_related("head_unit", "deputy_unit")
    term = get_object_or_404(rows, pk=pk, cluster__in=administered_clusters(request.user))
    return _term_page(request, term)
