"""The spread's pages: the cluster's dashboard, a unit's dashboard, the evidence map."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from emulation_cluster.models import Unit
from models_registry.models import Topic
from seminars.spread import figures
from seminars.spread.cache import cluster_board, kept
from seminars.spread.charts import dashboard_charts
from seminars.spread.comparisons import comparison_rows
from seminars.spread.evidence import evidence_chart
from seminars.spread.figures.scope import cluster_of
from seminars.spread.forms import EvidenceMapForm, PeriodForm
from seminars.spread.permissions import can_view_dashboard
from seminars.spread.selectors import default_year, reader_cluster


def _allowed(request):
    if not can_view_dashboard(request.user):
        raise PermissionDenied


def _period_form(request, cluster):
    years = figures.period_years(cluster)
    return PeriodForm(request.GET, years=years, default=default_year(years))


def _render(request, template, context, form):
    return render(request, template, context, status=400 if form.errors else 200)


@login_required
def cluster_dashboard(request):
    _allowed(request)
    cluster = reader_cluster(request.user)
    form = _period_form(request, cluster)
    year = form.chosen_year()
    board = cluster_board(request.user, cluster, year)
    context = {"cluster": cluster, "form": form, "board": board, "charts": dashboard_charts(board)}
    return _render(request, "seminars/spread/cluster_dashboard.html", context, form)


@login_required
def unit_dashboard(request, slug):
    _allowed(request)
    unit = get_object_or_404(
        Unit.objects.select_related("cluster", "parent__cluster", "parent__parent__cluster"),
        slug=slug,
    )
    form = _period_form(request, cluster_of(unit))
    year = form.chosen_year()
    board = kept(
        request.user,
        "unit",
        unit.pk,
        year,
        lambda: figures.unit_dashboard(request.user, unit, figures.Period(year)),
    )
    context = {
        "unit": unit,
        "form": form,
        "board": board,
        "charts": dashboard_charts(board),
        "comparisons": comparison_rows(board.comparisons),
    }
    return _render(request, "seminars/spread/unit_dashboard.html", context, form)


@login_required
def evidence_map(request):
    _allowed(request)
    cluster = reader_cluster(request.user)
    units = Unit.objects.filter(
        Q(cluster=cluster) | Q(parent__cluster=cluster) | Q(parent__parent__cluster=cluster)
    )
    form = EvidenceMapForm(request.GET, topics=Topic.objects.all(), units=units)
    filters = form.filters()
    found = figures.evidence_map(request.user, **filters)
    context = {
        "form": form,
        "found": found,
        "chart": evidence_chart(found),
        "model_list_url": _model_list_url(filters),
    }
    return _render(request, "seminars/spread/evidence_map.html", context, form)


def _model_list_url(filters) -> str:
    """The registry's list of the models of these filters: where every model is, page by page."""
    query = urlencode({name: value.slug for name, value in filters.items() if value is not None})
    return reverse("model_list") + (f"?{query}" if query else "")
