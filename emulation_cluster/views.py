"""Pages of the cluster itself: the home page, the units, and the error pages."""

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponseServerError
from django.shortcuts import get_object_or_404, render
from django.template import loader

from emulation_cluster.models import Cluster, Unit
from models_registry.models import ExemplaryModel, Replication
from models_registry.permissions import visible_models_q
from models_registry.selectors import ModelFilters, published_models
from seminars.qa.selectors import unit_question_stats
from seminars.selectors import next_seminar_for

LATEST_MODELS_ON_HOME = 6
MODELS_PER_UNIT_PAGE = 20


def _with_model_counts(units, user):
    """Each unit with the number of its own models that ``user`` may see."""
    return units.annotate(
        published_models=Count(
            "models_owned", filter=visible_models_q(user, "models_owned__"), distinct=True
        )
    ).order_by("name_sort_key")


def home(request):
    cluster = Cluster.objects.order_by("id").first()
    term = cluster.current_term() if cluster else None
    if term is not None:
        member_units = term.member_units.all()
    elif cluster is not None:
        member_units = cluster.units.filter(parent__isnull=True)
    else:
        member_units = Unit.objects.none()
    visible = ExemplaryModel.objects.listed_for(request.user)
    return render(
        request,
        "emulation_cluster/home.html",
        {
            "cluster": cluster,
            "term": term,
            "member_units": _with_model_counts(member_units, request.user),
            "latest_models": visible.for_listing()[:LATEST_MODELS_ON_HOME],
            "model_count": visible.count(),
            "next_seminar": next_seminar_for(request.user),
        },
    )


def unit_list(request):
    units = _with_model_counts(
        Unit.objects.filter(parent__isnull=True).prefetch_related("sub_units__sub_units"),
        request.user,
    )
    return render(request, "emulation_cluster/unit_list.html", {"units": units})


def unit_detail(request, slug):
    unit = get_object_or_404(Unit.objects.select_related("parent", "cluster"), slug=slug)
    models = published_models(ModelFilters(unit=unit), request.user)
    page = Paginator(models, MODELS_PER_UNIT_PAGE).get_page(request.GET.get("page"))
    replications = (
        Replication.objects.filter(visible_models_q(request.user, "exemplary_model__"))
        .filter(adopting_unit=unit)
        .select_related("exemplary_model", "exemplary_model__owner_unit")
        .order_by("-started_on", "-id")
    )
    return render(
        request,
        "emulation_cluster/unit_detail.html",
        {
            "unit": unit,
            "sub_units": _with_model_counts(unit.sub_units.all(), request.user),
            "page": page,
            "replications": replications,
            "question_stats": unit_question_stats(request.user, unit),
        },
    )


def _error_page(request, status):
    return render(request, f"{status}.html", status=status)


def bad_request(request, exception=None):
    return _error_page(request, 400)


def permission_denied(request, exception=None):
    return _error_page(request, 403)


def page_not_found(request, exception=None):
    return _error_page(request, 404)


def server_error(request):
    # No context processors that touch the database: the database may be what failed.
    return HttpResponseServerError(loader.get_template("500.html").render())
