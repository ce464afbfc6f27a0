from django.shortcuts import render

from emulation_cluster import selectors
from emulation_cluster.administration.views.access import cluster_administrators

RECENT_CHANGES = 15


@cluster_administrators
def overview(request):
    context = {"entries": selectors.administration_history(RECENT_CHANGES)}
    return render(request, "emulation_cluster/administration/overview.html", context)
