"""The cluster's audit page: every write of every unit, for the cluster administrators."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from emulation_cluster.audit_log import selectors
from emulation_cluster.audit_log.filters import AuditFilterForm, logged_kinds
from emulation_cluster.pages import paginate, refuse
from emulation_cluster.permissions import can_view_audit_log

PER_PAGE = 50


@login_required
def audit_log(request):
    if not can_view_audit_log(request.user):
        refuse(request, _("Only the cluster's administrators read the whole audit log."))
    form = AuditFilterForm(request.GET or None, kinds=logged_kinds())
    filters = form.filters()
    page = paginate(request, selectors.audit_entries(filters, request.user), PER_PAGE)
    selectors.with_addresses(page.object_list)
    context = {"form": form, "filters": filters, "page": page}
    return render(request, "emulation_cluster/audit_log.html", context)
