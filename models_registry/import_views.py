"""Pages that bring a unit's existing write-ups in: one from Word, many from Excel.

Nothing is stored from the upload itself. A Word document becomes the model form, filled in,
that posts to the ordinary create page; a workbook becomes drafts at once, all or none.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from emulation_cluster.pages import form_data, form_page, refuse
from emulation_cluster.permissions import editor_units
from models_registry import permissions, services
from models_registry.forms import (
    ExcelImportForm,
    ExemplaryModelForm,
    ModelIndicatorFormSet,
    WordImportForm,
)
from models_registry.imports.excel import CONTENT_TYPE, MAX_ROWS, template_workbook
from models_registry.imports.rows import check_rows
from models_registry.models import WRITE_UP_FIELDS, ExemplaryModel, Topic

TEMPLATE_FILE_NAME = "mau-nhap-mo-hinh.xlsx"


def _may_import(request):
    if not permissions.can_create_model(request.user):
        refuse(request, _("Only editors of a unit may write a model."))


@login_required
def import_word(request):
    _may_import(request)
    form = WordImportForm(*form_data(request, files=True))
    invalid = _("The document could not be read: nothing has been saved.")

    def review():
        return _review_page(request, form.draft)

    return form_page(request, "models_registry/import_word.html", form, review, invalid=invalid)


def _target_label(target: str):
    if target == "title":
        return ExemplaryModel._meta.get_field("title").verbose_name
    if target == "indicators":
        return _("Results in figures")
    return ExemplaryModel._meta.get_field(target).verbose_name


def _review_page(request, draft):
    """The model form filled with what the document holds, posting to the create page."""
    initial = {"title": draft.title, "partners": draft.partner_ids, **draft.fields}
    form = ExemplaryModelForm(initial=initial, owner_units=editor_units(request.user))
    indicators = ModelIndicatorFormSet(prefix="indicators", initial=draft.indicators)
    indicators.extra = len(draft.indicators) + 1
    placements = [(p, _target_label(p.target)) for p in draft.placements]
    context = {
        "form": form,
        "indicator_formset": indicators,
        "placements": placements,
        "warnings": draft.warnings,
        # The create page saves it; the query keeps the browser's kept text of that page apart.
        "action": reverse("model_create") + "?nguon=word",
        "write_up_fields": WRITE_UP_FIELDS,
    }
    return render(request, "models_registry/import_review.html", context)


@login_required
def import_excel_template(request):
    _may_import(request)
    workbook = template_workbook(editor_units(request.user), Topic.objects.all())
    response = HttpResponse(workbook, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{TEMPLATE_FILE_NAME}"'
    return response


@login_required
def import_excel(request):
    _may_import(request)
    form = ExcelImportForm(*form_data(request, files=True))
    template = "models_registry/import_excel.html"

    def run():
        checks = check_rows(request.user, form.rows)
        if all(check.ok for check in checks):
            rows = [check.fields for check in checks]
            made, refused = services.models_import(rows=rows, author=request.user)
            for index, reasons in refused.items():
                checks[index].problems.extend(reasons)
            for check, model in zip(checks, made, strict=False):
                check.made = model
        refused_rows = [check for check in checks if not check.ok]
        if refused_rows:
            messages.error(request, _refused_message(len(refused_rows)))
        else:
            messages.success(request, _made_message(len(checks)))
        context = {"form": ExcelImportForm(), "checks": checks, "refused_rows": refused_rows}
        context.update(max_rows=MAX_ROWS, fine_count=len(checks) - len(refused_rows))
        return render(request, template, context, status=400 if refused_rows else 200)

    invalid = _("The workbook could not be read: nothing has been imported.")
    context = {"max_rows": MAX_ROWS}
    return form_page(request, template, form, run, context=context, invalid=invalid)


def _refused_message(count):
    return ngettext(
        "%(count)s row is refused: nothing has been imported. Correct it and send the file again.",
        "%(count)s rows are refused: nothing has been imported. Correct them and send the file "
        "again.",
        count,
    ) % {"count": count}


def _made_message(count):
    return ngettext(
        "%(count)s draft model is imported. Read it and publish it when it is ready.",
        "%(count)s draft models are imported. Read them and publish them when they are ready.",
        count,
    ) % {"count": count}
