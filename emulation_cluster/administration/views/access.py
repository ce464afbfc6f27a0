"""Who reaches ``/quan-tri-cum/``: the cluster's administrators (``can_run_cluster``)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _

from emulation_cluster.pages import refuse
from emulation_cluster.permissions import can_run_cluster


def cluster_administrators(view):
    """Signed in (else to the login page) and an administrator of the cluster (else 403)."""

    @login_required
    @wraps(view)
    def checked(request, *args, **kwargs):
        if not can_run_cluster(request.user):
            refuse(request, _("Only the cluster's administrators may run the cluster."))
        return view(request, *args, **kwargs)

    return checked
