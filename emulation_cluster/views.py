"""Pages of the cluster itself: the home page, the units, and the error pages."""

import sys

from django.db import InterfaceError, OperationalError
from django.db.models import Prefetch
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.utils import timezone

from emulation_cluster import selectors
from emulation_cluster.models import Unit

DATABASE_AWAY = (OperationalError, InterfaceError)


def home(request):
    """The cluster and its member units; the apps fill in their parts through template tags
    (``registry_tags``, ``seminar_tags``), so this app does not import them."""
    cluster, terms = selectors.portal_cluster_and_terms()
    term = selectors.current_term(terms, timezone.localdate().year)
    if term is not None:
        member_units = term.member_units.all()
    elif cluster is not None:
        member_units = cluster.units.active().filter(parent__isnull=True)
    else:
        member_units = Unit.objects.none()
    context = {"cluster": cluster, "term": term, "terms": terms, "member_units": member_units}
    return render(request, "emulation_cluster/home.html", context)


# What the unit list shows of a unit (its link and name): the 400 and more rows of the tree
# are read without their timestamps and other columns.
_LISTED_UNIT_FIELDS = ("id", "name", "slug", "parent_id")


def unit_list(request):
    # Archived units are left out: their pages stay, for the history.
    active = Unit.objects.active().only(*_LISTED_UNIT_FIELDS)
    units = active.filter(parent__isnull=True).prefetch_related(
        Prefetch("sub_units", queryset=active.prefetch_related(Prefetch("sub_units", active)))
    )
    return render(request, "emulation_cluster/unit_list.html", {"units": units})


def unit_detail(request, slug):
    unit = get_object_or_404(selectors.unit_for_page(slug))
    context = {
        "unit": unit,
        "sub_units": unit.sub_units.active(),
        "term_roles": selectors.unit_term_roles(unit),
    }
    return render(request, "emulation_cluster/unit_detail.html", context)


def _error_page(request, status):
    return render(request, f"{status}.html", status=status)


def bad_request(request, exception=None):
    return _error_page(request, 400)


def permission_denied(request, exception=None):
    return _error_page(request, 403)


def page_not_found(request, exception=None):
    return _error_page(request, 404)


def server_error(request):
    # No context processors that touch the database: the database may be what failed. Django
    # calls this inside its ``except``: a database that went away (a restart, a failover) is a
    # 503 that says to send again in a moment, not a fault of the portal.
    if isinstance(sys.exc_info()[1], DATABASE_AWAY):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "5"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
