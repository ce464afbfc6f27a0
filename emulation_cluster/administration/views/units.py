"""The unit tree: the list (archived units apart), add, rename, move, archive, restore."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emulation_cluster.administration import units
from emulation_cluster.administration.forms import UnitCreateForm, UnitMoveForm, UnitNameForm
from emulation_cluster.administration.views.access import cluster_administrators
from emulation_cluster.administration.views.entries import TEMPLATE
from emulation_cluster.models import Unit
from emulation_cluster.pages import form_data, form_page, refused
from emulation_cluster.permissions import administered_clusters
from emulation_cluster.submissions import create_from_form


def _unit(slug):
    return get_object_or_404(Unit.objects.select_related("parent"), slug=slug)


@cluster_administrators
def unit_tree(request):
    active = Unit.objects.active()
    tree = active.filter(parent__isnull=True).prefetch_related(
        Prefetch("sub_units", queryset=active.prefetch_related(Prefetch("sub_units", active)))
    )
    archived = Unit.objects.filter(archived_at__isnull=False).select_related("parent")
    context = {"units": _with_links(tree), "archived": archived.order_by("-archived_at")}
    return render(request, "emulation_cluster/administration/unit_tree.html", context)


# A slug no unit has, standing for each unit's in the links reversed once (``_with_links``).
_ANY_SLUG = "slug-of-the-unit"
_TREE_LINKS = {
    "page": "unit_detail",
    "rename": "unit_rename",
    "move": "unit_move",
    "archive": "unit_archive",
}


def _with_links(tree) -> list:
    """The tree's units, each with its page's and actions' addresses (``unit.links``): each
    route reversed once, not once a unit (423 units: 1,800 reversals, most of the page)."""
    patterns = {
        name: reverse(route, kwargs={"slug": _ANY_SLUG}) for name, route in _TREE_LINKS.items()
    }
    units = list(tree)
    for city in units:
        districts = list(city.sub_units.all())
        wards = [ward for district in districts for ward in district.sub_units.all()]
        for unit in (city, *districts, *wards):
            unit.links = {
                name: pattern.replace(_ANY_SLUG, unit.slug) for name, pattern in patterns.items()
            }
    return units


@cluster_administrators
def unit_create(request):
    initial = {"parent": request.GET.get("parent", "")[:80]}
    form = UnitCreateForm(form_data(request), initial=initial)

    def save():
        cluster = administered_clusters(request.user).order_by("id").first()
        unit, new = create_from_form(
            request,
            form,
            lambda: units.unit_create(**form.unit_data(), cluster=cluster, actor=request.user),
        )
        if new:
            messages.success(request, _("%(unit)s is added.") % {"unit": unit.name})
        return redirect(unit)

    context = {"title": _("Add a unit"), "back": "unit_tree"}
    return form_page(request, TEMPLATE, form, save, context=context, repeated=redirect)


@cluster_administrators
def unit_rename(request, slug):
    unit = _unit(slug)
    initial = {"name": unit.name, "short_name": unit.short_name, "city": unit.city}
    form = UnitNameForm(form_data(request), initial=initial)

    def save():
        units.unit_rename(unit=unit, **form.unit_data(), actor=request.user)
        messages.success(request, _("Your changes are saved."))
        return redirect(unit)

    context = {"title": _("Rename %(unit)s") % {"unit": unit.name}, "back": "unit_tree"}
    return form_page(request, TEMPLATE, form, save, context=context)


@cluster_administrators
def unit_move(request, slug):
    unit = _unit(slug)
    form = UnitMoveForm(form_data(request), unit=unit)

    def save():
        moved = units.unit_move(unit=unit, parent=form.cleaned_data["parent"], actor=request.user)
        messages.success(
            request, _("%(unit)s is now under %(parent)s.") % {"unit": unit, "parent": moved.parent}
        )
        return redirect(moved)

    context = {"title": _("Move %(unit)s") % {"unit": unit.name}, "back": "unit_tree"}
    return form_page(request, TEMPLATE, form, save, context=context)


def _state_change(request, slug, change, done):
    unit = _unit(slug)
    try:
        change(unit=unit, actor=request.user)
    except ValidationError as error:
        return refused(request, error, "unit_tree")
    messages.success(request, done % {"unit": unit.name})
    return redirect("unit_tree")


@cluster_administrators
@require_POST
def unit_archive(request, slug):
    done = _("%(unit)s is archived: its models, questions and people are kept.")
    return _state_change(request, slug, units.unit_archive, done)


@cluster_administrators
@require_POST
def unit_restore(request, slug):
    return _state_change(request, slug, units.unit_restore, _("%(unit)s is restored."))
