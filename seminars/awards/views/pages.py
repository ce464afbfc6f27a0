"""The award pages: the year's nominations, their comparison, one nomination, and the forms.

Refusals: a form comes back with what was typed, the reason and status 400; an action the
reader's role does not allow is a 403 with the reason; a year without a term or a nomination the
reader may not see is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emulation_cluster.pages import base_url, form_data, form_page, paginate, refuse
from emulation_cluster.submissions import create_from_form
from seminars.awards import permissions, selectors, services
from seminars.awards.enums import NominationState
from seminars.awards.forms import NominationForm, ReviewForm, StatementForm
from seminars.awards.views.lookups import nomination_for, require_member, term_of_year

NOMINATIONS_PER_PAGE = 50
CARDS_PER_PAGE = 12


@login_required
def award_index(request):
    """The current term's year (this year's, else the latest before it)."""
    require_member(request)
    year = selectors.current_year_with_term()
    if year is None:
        return render(request, "seminars/awards/no_term.html")
    return redirect("nomination_list", year=year)


def _year_context(request, year, term):
    return {
        "year": year,
        "term": term,
        "years": selectors.term_years(),
        "may_nominate": permissions.can_nominate_any(request.user),
        "may_review": permissions.is_reviewer(request.user, term.head_unit_id),
    }


@login_required
def nomination_list(request, year):
    term = term_of_year(request, year)
    nominations = selectors.year_nominations(request.user, year)
    context = _year_context(request, year, term)
    context["page"] = paginate(request, nominations, NOMINATIONS_PER_PAGE)
    return render(request, "seminars/awards/nomination_list.html", context)


@login_required
def nomination_compare(request, year):
    term = term_of_year(request, year)
    page = paginate(request, selectors.year_comparison(request.user, year), CARDS_PER_PAGE)
    context = _year_context(request, year, term)
    context.update(page=page, nominations=selectors.evidence_read(page.object_list))
    return render(request, "seminars/awards/nomination_compare.html", context)


@login_required
def nomination_create(request, year):
    term = term_of_year(request, year)
    if not permissions.can_nominate_any(request.user):
        refuse(request, _("Only a unit's administrators nominate its models for the award."))
    models = selectors.nominable_models(request.user, year)
    form = NominationForm(
        form_data(request), models=models, initial={"exemplary_model": _chosen(request, models)}
    )

    def nominate():
        return services.nomination_submit(
            year=year, actor=request.user, base_url=base_url(request), **form.nomination_data()
        )

    def save():
        nomination, created = create_from_form(request, form, nominate)
        if created:
            messages.success(request, _("The nomination is sent to the reviewers."))
        return redirect(nomination)

    context = {"year": year, "term": term, "has_models": models.exists()}
    template = "seminars/awards/nomination_form.html"
    return form_page(request, template, form, save, context=context, repeated=redirect)


def _chosen(request, models):
    slug = request.GET.get("mo-hinh", "")[:120]
    return models.filter(slug=slug).values_list("pk", flat=True).first() if slug else None


def _detail_context(request, nomination, review_form=None):
    user = request.user
    may_review = permissions.can_review_nomination(user, nomination)
    context = {
        "nomination": nomination,
        "year": nomination.year,
        "may_review": may_review and not nomination.is_decided,
        "may_edit": permissions.can_edit_nomination(user, nomination),
        "review_form": review_form or ReviewForm(),
    }
    if permissions.can_view_nomination_history(user, nomination):
        context["history"] = list(selectors.history_entries(nomination).select_related("actor"))
    return context


@login_required
def nomination_detail(request, pk):
    nomination = nomination_for(request, pk)
    return render(
        request, "seminars/awards/nomination_detail.html", _detail_context(request, nomination)
    )


@login_required
def nomination_edit(request, pk):
    refusal = _("Only the nominating unit's administrators change it, until it is decided.")
    nomination = nomination_for(request, pk, permissions.can_edit_nomination, refusal)
    form = StatementForm(form_data(request), initial={"statement": nomination.statement})

    def save():
        returned = nomination.state == NominationState.RETURNED
        services.nomination_edit(
            nomination=nomination,
            statement=form.cleaned_data["statement"],
            actor=request.user,
            base_url=base_url(request),
        )
        messages.success(
            request,
            _("The nomination is sent again to the reviewers.")
            if returned
            else _("The statement is saved."),
        )
        return redirect(nomination)

    context = {"nomination": nomination, "year": nomination.year}
    return form_page(request, "seminars/awards/nomination_edit.html", form, save, context=context)


@login_required
@require_POST
def nomination_review(request, pk):
    refusal = _("Only the administrators of the year's head unit and of the cluster review it.")
    nomination = nomination_for(request, pk, permissions.can_review_nomination, refusal)
    if nomination.is_decided:
        already = _("This nomination is already decided (%(state)s): it takes no other decision.")
        messages.error(request, already % {"state": nomination.get_state_display()})
        return redirect(nomination)
    form = ReviewForm(request.POST)

    def save():
        services.nomination_review(
            nomination=nomination,
            actor=request.user,
            base_url=base_url(request),
            **form.cleaned_data,
        )
        messages.success(request, _("The decision is recorded and the unit is told."))
        return redirect(nomination)

    def page(request, template, context, status):
        return render(request, template, _detail_context(request, nomination, form), status=status)

    template = "seminars/awards/nomination_detail.html"
    return form_page(request, template, form, save, render_page=page)
