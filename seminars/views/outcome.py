"""After the seminar: the minutes, lessons and solutions, and the minutes as a page and .docx."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from emulation_cluster.documents import docx_response
from emulation_cluster.formsets import formset_rows
from emulation_cluster.pages import form_data, form_page, is_bound
from seminars import permissions, selectors, services
from seminars.findings import findings_of
from seminars.forms import LessonFormSet, OutcomeForm, SolutionFormSet
from seminars.minutes import attendance_rows, minutes_docx, place_and_date, time_range
from seminars.views.lookups import editable_or_refused, managed_seminar, section, seminar_for


def _too_early(request, seminar):
    """A redirect with the reason while the seminar has not started (or is a draft)."""
    if is_bound(request) or (not seminar.is_draft and seminar.has_started):
        return None
    messages.error(request, _("The outcome is recorded once the seminar has started."))
    return redirect(seminar)


def _outcome_forms(seminar, data, presented):
    """The minutes form and the lessons' and solutions' formsets (linked to presented models)."""
    findings = {"instance": seminar, "form_kwargs": {"presented_models": presented}}
    return (
        OutcomeForm(data, instance=seminar),
        LessonFormSet(data, prefix="lessons", **findings),
        SolutionFormSet(data, prefix="solutions", **findings),
    )


@login_required
def outcome_edit(request, pk):
    seminar = managed_seminar(request, pk)
    if refusal := editable_or_refused(request, seminar) or _too_early(request, seminar):
        return refusal
    presented = selectors.presented_models(seminar)
    form, lessons, solutions = _outcome_forms(seminar, form_data(request), presented)

    def save():
        services.outcome_save(
            seminar=seminar,
            minutes=form.cleaned_data["minutes"],
            questions_and_answers=form.cleaned_data["questions_and_answers"],
            lessons=formset_rows(lessons),
            solutions=formset_rows(solutions),
            actor=request.user,
        )
        messages.success(
            request, _("The outcome is saved. Close the seminar when its questions are answered.")
        )
        return redirect(section(seminar, "outcome"))

    context = {"lessons": lessons, "solutions": solutions, "seminar": seminar}
    context["has_presented"] = presented.exists()
    also = [lessons, solutions]
    return form_page(request, "seminars/outcome_form.html", form, save, context=context, also=also)


def _minutes_seminar(request, pk):
    queryset = selectors.seminar_detail_queryset(with_materials=False)
    seminar = seminar_for(request, pk, queryset=queryset)
    if not permissions.can_view_minutes(request.user, seminar):
        raise PermissionDenied(_("The minutes are shared once the seminar is held."))
    return seminar


@login_required
def minutes_page(request, pk):
    seminar = _minutes_seminar(request, pk)
    lessons, solutions = findings_of(seminar)
    context = {
        "seminar": seminar,
        "attendance": attendance_rows(seminar),
        "place_and_date": place_and_date(seminar),
        "time_range": time_range(seminar),
        "agenda": list(seminar.agenda_items.all()),
        "lessons": lessons,
        "solutions": solutions,
        "visible_model_ids": selectors.visible_model_ids(request.user, seminar),
    }
    return render(request, "seminars/minutes.html", context)


@login_required
def minutes_download(request, pk):
    seminar = _minutes_seminar(request, pk)
    visible = selectors.visible_model_ids(request.user, seminar)
    return docx_response(
        minutes_docx(seminar, visible_model_ids=visible), f"bien-ban-hoi-nghi-{seminar.pk}.docx"
    )
