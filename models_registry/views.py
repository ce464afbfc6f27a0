"""Pages of the registry. Views parse the request, check a rule, call a service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emulation_cluster import audit, permissions
from models_registry import selectors, services
from models_registry.forms import (
    AttachmentForm,
    ExemplaryModelForm,
    ModelFilterForm,
    ModelIndicatorFormSet,
    ReplicationForm,
    ReplicationIndicatorFormSet,
)
from models_registry.models import Attachment, ExemplaryModel, Replication
from models_registry.uploads import stored_file_response

MODELS_PER_PAGE = 20


def model_list(request):
    searching = bool(request.GET.get("q", "").strip())
    sorts = [(key, label) for key, (label, _order) in selectors.SORTS.items()]
    if searching:
        sorts.insert(0, (selectors.SEARCH_SORT, _("Relevance")))
    form = ModelFilterForm(request.GET or None, sorts=sorts, years=selectors.start_years())
    values = form.filter_values() if request.GET else {}
    values.setdefault("sort", selectors.SEARCH_SORT if searching else "newest")
    filters = selectors.ModelFilters(query=values.pop("q", ""), **values)
    models = selectors.published_models(filters, request.user)
    page = Paginator(models, MODELS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "models_registry/model_list.html",
        {"form": form, "page": page, "filters": filters, "searching": searching},
    )


def _model_for(request, slug, rule=permissions.can_view_model, queryset=None):
    """The model at ``slug`` if the rule allows; a draft others may not see is a 404."""
    if queryset is None:
        queryset = ExemplaryModel.objects.all()
    exemplary_model = get_object_or_404(queryset, slug=slug)
    if not permissions.can_view_model(request.user, exemplary_model):
        raise Http404
    if not rule(request.user, exemplary_model):
        raise PermissionDenied
    return exemplary_model


def model_detail(request, slug):
    exemplary_model = _model_for(request, slug, queryset=selectors.model_detail_queryset())
    return render(request, "models_registry/model_detail.html", {"model": exemplary_model})


def _save_model_form(request, form, indicator_formset):
    exemplary_model = services.model_save(
        form=form, indicator_formset=indicator_formset, author=request.user
    )
    upload = form.cleaned_data.get("attachment_file")
    if upload:
        services.attachment_create(
            exemplary_model=exemplary_model,
            title=form.cleaned_data["attachment_title"],
            upload=upload,
            file_type=upload.file_type,
            uploader=request.user,
            visibility=form.cleaned_data["attachment_visibility"],
        )
    return exemplary_model


def _model_form_page(request, exemplary_model=None):
    owner_units = permissions.editor_units(request.user)
    bound = request.method == "POST"
    form = ExemplaryModelForm(
        request.POST if bound else None,
        request.FILES if bound else None,
        instance=exemplary_model,
        owner_units=owner_units,
    )
    indicator_formset = ModelIndicatorFormSet(
        request.POST if bound else None, instance=exemplary_model, prefix="indicators"
    )
    if bound:
        if form.is_valid() and indicator_formset.is_valid():
            saved = _save_model_form(request, form, indicator_formset)
            if exemplary_model is None:
                messages.success(request, _("The draft is saved. Publish it when it is ready."))
            else:
                messages.success(request, _("Your changes are saved."))
            return redirect(saved)
        messages.error(request, _("Please correct the fields marked below."))
    return render(
        request,
        "models_registry/model_form.html",
        {"form": form, "indicator_formset": indicator_formset, "model": exemplary_model},
        status=400 if bound else 200,
    )


@login_required
def model_create(request):
    if not permissions.can_create_model(request.user):
        raise PermissionDenied(_("Only editors of a unit may write a model."))
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
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            services.attachment_create(
                exemplary_model=exemplary_model,
                title=form.cleaned_data["title"],
                upload=upload,
                file_type=upload.file_type,
                uploader=request.user,
                visibility=form.cleaned_data["visibility"],
            )
            messages.success(request, _("The document is attached."))
            return redirect(exemplary_model)
        messages.error(request, _("Please correct the fields marked below."))
    return render(
        request,
        "models_registry/attachment_form.html",
        {"form": form, "model": exemplary_model},
        status=400 if request.method == "POST" else 200,
    )


def attachment_download(request, slug, pk):
    attachment = get_object_or_404(
        Attachment.objects.select_related("exemplary_model"),
        pk=pk,
        exemplary_model__slug=slug,
    )
    if not permissions.can_view_attachment(request.user, attachment):
        raise Http404
    return stored_file_response(
        attachment.file,
        filename=attachment.original_name,
        kind=attachment.kind,
        content_type=attachment.content_type,
    )


def _replication_form_page(request, exemplary_model, replication=None):
    if replication is None:
        adopting_units = permissions.replicating_units(request.user, exemplary_model)
    else:
        adopting_units = permissions.editor_units(request.user).filter(
            pk=replication.adopting_unit_id
        )
    bound = request.method == "POST"
    form = ReplicationForm(
        request.POST if bound else None,
        instance=replication,
        exemplary_model=exemplary_model,
        adopting_units=adopting_units,
    )
    indicator_formset = ReplicationIndicatorFormSet(
        request.POST if bound else None, instance=replication, prefix="indicators"
    )
    if bound:
        if form.is_valid() and indicator_formset.is_valid():
            services.replication_save(
                form=form, indicator_formset=indicator_formset, recorder=request.user
            )
            messages.success(request, _("The replication is recorded."))
            return redirect(exemplary_model)
        messages.error(request, _("Please correct the fields marked below."))
    return render(
        request,
        "models_registry/replication_form.html",
        {
            "form": form,
            "indicator_formset": indicator_formset,
            "model": exemplary_model,
            "replication": replication,
        },
        status=400 if bound else 200,
    )


@login_required
def replication_create(request, slug):
    exemplary_model = _model_for(request, slug, permissions.can_record_replication)
    return _replication_form_page(request, exemplary_model)


@login_required
def replication_edit(request, slug, pk):
    exemplary_model = _model_for(request, slug)
    replication = get_object_or_404(Replication, pk=pk, exemplary_model=exemplary_model)
    if not permissions.can_edit_replication(request.user, replication):
        raise PermissionDenied
    return _replication_form_page(request, exemplary_model, replication)


@login_required
def model_history(request, slug):
    exemplary_model = _model_for(request, slug, permissions.can_view_history)
    entries = Paginator(audit.history_of(exemplary_model), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "models_registry/model_history.html",
        {"model": exemplary_model, "page": entries},
    )
