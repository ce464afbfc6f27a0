"""Pages of the registry. Views parse the request, check a rule, call a service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from emulation_cluster import exports
from emulation_cluster.formsets import form_fields, formset_rows
from emulation_cluster.pages import base_url, form_data, form_page, paginate, refuse
from emulation_cluster.permissions import editor_units
from emulation_cluster.submissions import create_from_form, save_from_form
from models_registry import permissions, selectors, services
from models_registry.exports import model_table
from models_registry.forms import (
    AttachmentForm,
    ExemplaryModelForm,
    ModelFilterForm,
    ModelIndicatorFormSet,
    ReplicationForm,
    ReplicationIndicatorFormSet,
)
from models_registry.list_counts import stored_total
from models_registry.models import Attachment, ExemplaryModel, Replication
from models_registry.relevance import RelevancePaginator
from models_registry.uploads import stored_file_response

MODELS_PER_PAGE = 20
HISTORY_PER_PAGE = 50
EXPORT_STEM = "mo-hinh"


def _list_filters(request):
    """The filter form and the filters it gives: the one reading of the list's address, for the
    list and its export alike (an invalid value is shown beside its field and ignored)."""
    searching = bool(request.GET.get("q", "").strip())
    sorts = [(key, label) for key, (label, _order) in selectors.SORTS.items()]
    if searching:
        sorts.insert(0, (selectors.SEARCH_SORT, _("Relevance")))
    form = ModelFilterForm(request.GET or None, sorts=sorts, years=selectors.start_years())
    values = form.filter_values() if request.GET else {}
    values.setdefault("sort", selectors.SEARCH_SORT if searching else "newest")
    return form, selectors.ModelFilters(query=values.pop("q", ""), **values), searching


def model_list(request):
    form, filters, searching = _list_filters(request)
    relevance = selectors.relevance_search(filters, request.user, MODELS_PER_PAGE)
    if relevance is not None:
        matches, order = relevance
        rows = ExemplaryModel.objects.for_listing()
        page = RelevancePaginator(matches, rows, order).get_page(request.GET.get("page"))
    else:
        models = selectors.published_models(filters, request.user)
        # The exact total stored between changes: a common word's matches took ~0.5 s to count.
        count = stored_total(models)
        page = paginate(request, models, MODELS_PER_PAGE, ids_first=True, count=count)
    context = {
        "form": form,
        "page": page,
        "filters": filters,
        "searching": searching,
    }
    return render(request, "models_registry/model_list.html", context)


def model_export(request, fmt):
    """The list as it is filtered, every matching row (not one page), as .xlsx or .csv."""
    fmt = exports.export_format(fmt)
    _form, filters, _searching = _list_filters(request)
    models = selectors.published_models(filters, request.user)
    back = exports.with_filters(reverse("model_list"), request)
    if (refused := exports.too_many(request, models.count(), back)) is not None:
        return refused
    table = model_table(selectors.for_export(models), base_url=base_url(request))
    return exports.export_response(fmt, [table], EXPORT_STEM)


def _model_for(request, slug, rule=permissions.can_view_model, queryset=None):
    """The model at ``slug`` if the rule allows; a draft others may not see is a 404."""
    if queryset is None:
        queryset = ExemplaryModel.objects.all()
    exemplary_model = get_object_or_404(queryset, slug=slug)
    if not permissions.can_view_model(request.user, exemplary_model):
        raise Http404
    if not rule(request.user, exemplary_model):
        refuse(request, _("Your role in your unit does not allow this for this model."))
    return exemplary_model


def model_detail(request, slug):
    exemplary_model = _model_for(request, slug, queryset=selectors.model_detail_queryset())
    selectors.place_related(exemplary_model)
    return render(request, "models_registry/model_detail.html", {"model": exemplary_model})


_CREATED_OR_SAVED = {
    True: gettext_lazy("The draft is saved. Publish it when it is ready."),
    False: gettext_lazy("Your changes are saved."),
}


def _model_form_page(request, exemplary_model=None):
    data, files = form_data(request, files=True)
    form = ExemplaryModelForm(
        data, files, instance=exemplary_model, owner_units=editor_units(request.user)
    )
    indicators = ModelIndicatorFormSet(data, instance=exemplary_model, prefix="indicators")

    def write():
        return services.model_save(
            exemplary_model=exemplary_model,
            fields=form_fields(form),
            indicators=formset_rows(indicators),
            attachment=form.attachment_data(),
            author=request.user,
        )

    def save():
        creating = exemplary_model is None
        saved, new = save_from_form(request, form, write, creating=creating)
        if new:
            messages.success(request, _CREATED_OR_SAVED[creating])
        return redirect(saved)

    context = {"indicator_formset": indicators, "model": exemplary_model}
    once = {"repeated": redirect} if exemplary_model is None else {}
    template = "models_registry/model_form.html"
    return form_page(request, template, form, save, context=context, also=[indicators], **once)


@login_required
def model_create(request):
    if not permissions.can_create_model(request.user):
        refuse(request, _("Only editors of a unit may write a model."))
    return _model_form_page(request)


@login_required
def model_edit(request, slug):
    exemplary_model = _model_for(request, slug, permissions.can_edit_model)
    return _model_form_page(request, exemplary_model)


@login_required
@require_POST
def model_publish(request, slug):
    exemplary_model = _model_for(request, slug, permissions.can_publish_model)
    services.model_publish(exemplary_model=exemplary_model, actor=request.user)
    messages.success(request, _("The model is published: every member unit can now find it."))
    return redirect(exemplary_model)


@login_required
@require_POST
def model_unpublish(request, slug):
    exemplary_model = _model_for(request, slug, permissions.can_publish_model)
    services.model_unpublish(exemplary_model=exemplary_model, actor=request.user)
    messages.success(request, _("The model is back to draft and no longer listed."))
    return redirect(exemplary_model)


@login_required
@require_POST
def model_verify(request, slug):
    exemplary_model = _model_for(request, slug, permissions.can_verify_model)
    verified = request.POST.get("verified") != "0"
    services.model_verify(exemplary_model=exemplary_model, verifier=request.user, verified=verified)
    if verified:
        messages.success(request, _("The model is marked as verified by the cluster."))
    else:
        messages.success(request, _("The cluster verification is withdrawn."))
    return redirect(exemplary_model)


@login_required
def attachment_create(request, slug):
    exemplary_model = _model_for(request, slug, permissions.can_edit_model)
    form = AttachmentForm(*form_data(request, files=True))

    def attach():
        upload = form.cleaned_data["file"]
        return services.attachment_create(
            exemplary_model=exemplary_model,
            title=form.cleaned_data["title"],
            upload=upload,
            file_type=upload.file_type,
            uploader=request.user,
            visibility=form.cleaned_data["visibility"],
        )

    def save():
        if create_from_form(request, form, attach)[1]:
            messages.success(request, _("The document is attached."))
        return redirect(exemplary_model)

    context = {"model": exemplary_model}
    template = "models_registry/attachment_form.html"
    repeated = lambda _made: redirect(exemplary_model)  # noqa: E731 - the model's page
    return form_page(request, template, form, save, context=context, repeated=repeated)


def attachment_download(request, slug, pk):
    attachment = get_object_or_404(
        Attachment.objects.select_related("exemplary_model"),
        pk=pk,
        exemplary_model__slug=slug,
    )
    if not permissions.can_view_attachment(request.user, attachment):
        raise Http404
    return stored_file_response(attachment)


def _replication_form_page(request, exemplary_model, replication=None):
    adopting_units = permissions.replicating_units(request.user, exemplary_model, replication)
    data = form_data(request)
    form = ReplicationForm(
        data, instance=replication, exemplary_model=exemplary_model, adopting_units=adopting_units
    )
    indicators = ReplicationIndicatorFormSet(data, instance=replication, prefix="indicators")

    def record():
        return services.replication_save(
            replication=replication,
            exemplary_model=exemplary_model,
            fields=form_fields(form),
            indicators=formset_rows(indicators),
            recorder=request.user,
        )

    def save():
        if save_from_form(request, form, record, creating=replication is None)[1]:
            messages.success(request, _("The replication is recorded."))
        return redirect(exemplary_model)

    context = {"indicator_formset": indicators, "model": exemplary_model}
    context["replication"] = replication
    once = {"repeated": lambda _made: redirect(exemplary_model)} if replication is None else {}
    template = "models_registry/replication_form.html"
    return form_page(request, template, form, save, context=context, also=[indicators], **once)


@login_required
def replication_create(request, slug):
    exemplary_model = _model_for(request, slug, permissions.can_record_replication)
    return _replication_form_page(request, exemplary_model)


@login_required
def replication_edit(request, slug, pk):
    exemplary_model = _model_for(request, slug)
    replication = get_object_or_404(Replication, pk=pk, exemplary_model=exemplary_model)
    if not permissions.can_edit_replication(request.user, replication):
        refuse(
            request,
            _("Only the editors of %(unit)s update its replication.")
            % {"unit": replication.adopting_unit},
        )
    return _replication_form_page(request, exemplary_model, replication)


@login_required
def model_history(request, slug):
    exemplary_model = _model_for(request, slug, permissions.can_view_history)
    page = paginate(request, selectors.history_entries(exemplary_model), HISTORY_PER_PAGE)
    context = {"model": exemplary_model, "page": page}
    return render(request, "models_registry/model_history.html", context)
