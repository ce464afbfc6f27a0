"""The registry's part of the cluster's pages (home, units), so that those pages need not know
the registry: ``emulation_cluster`` renders them, these tags fill in the models."""

from django import template
from django.db.models import Q

from emulation_cluster.models import Unit
from emulation_cluster.pages import paginate
from models_registry.models import ExemplaryModel, Replication
from models_registry.permissions import visible_models_q
from models_registry.selectors import (
    ModelFilters,
    published_models,
    unit_model_count,
    visible_model_total,
)

register = template.Library()

LATEST_MODELS_ON_HOME = 6
MODELS_PER_UNIT_PAGE = 20


@register.simple_tag
def with_model_counts(units, user):
    """Each unit with ``published_models``: the models of the unit and its sub-units that
    ``user`` may see, counted as the unit's page and the list's unit filter count them."""
    return units.annotate(published_models=unit_model_count(user)).order_by("name_sort_key")


@register.simple_tag
def latest_models(user):
    """The home page's models: how many ``user`` may see, and the newest of them."""
    visible = ExemplaryModel.objects.listed_for(user)
    return {
        "count": visible_model_total(user),
        "latest": list(visible.for_listing()[:LATEST_MODELS_ON_HOME]),
    }


@register.simple_tag(takes_context=True)
def unit_models(context, unit, sub_units):
    """A unit's page: its models and its sub-units' (a page of them), what it replicates, and
    its ``sub_units`` with their counts (one query counts them and the unit, for the pages)."""
    user, request = context["user"], context["request"]
    counted = with_model_counts(
        Unit.objects.filter(Q(pk=unit.pk) | Q(pk__in=sub_units.values("pk"))), user
    )
    own = next((row for row in counted if row.pk == unit.pk), None)
    models = published_models(ModelFilters(unit=unit), user)
    replications = (
        Replication.objects.filter(visible_models_q(user, "exemplary_model__"))
        .filter(adopting_unit=unit)
        .select_related("exemplary_model", "exemplary_model__owner_unit")
        .order_by("-started_on", "-id")
    )
    return {
        "page": paginate(
            request,
            models,
            MODELS_PER_UNIT_PAGE,
            ids_first=True,
            count=own.published_models if own else None,
        ),
        "sub_units": [row for row in counted if row.pk != unit.pk],
        "replications": list(replications),
    }
