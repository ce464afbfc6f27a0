"""The seminars listed, one seminar's page, and its life: draft, scheduled, held, closed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from emulation_cluster import exports
from emulation_cluster.pages import base_url, form_data, form_page, paginate
from emulation_cluster.submissions import save_from_form
from seminars import permissions, selectors, services
from seminars.enums import SeminarAction, SeminarStatus
from seminars.exports import seminar_tables
from seminars.findings import findings_of
from seminars.forms import SeminarExportForm, SeminarForm
from seminars.models import Seminar
from seminars.notices import services as notice_services
from seminars.views.lookups import editable_or_refused, managed_seminar, refused, seminar_for

SEMINARS_PER_PAGE = 20
EXPORT_STEM = "hoi-nghi"
SAVED = {  # by "is it new?"
    True: gettext_lazy(
        "The draft is saved: only the organizers see it. Add the agenda, then schedule it."
    ),
    False: gettext_lazy("Your changes are saved."),
}
TRANSITION_DONE = {
    SeminarAction.SCHEDULE: gettext_lazy(
        "The seminar is scheduled: every member of the cluster now sees it. Invite the units."
    ),
    SeminarAction.MARK_HELD: gettext_lazy(
        "The seminar is marked as held. Record the minutes, lessons and solutions."
    ),
    SeminarAction.CLOSE: gettext_lazy("The seminar is closed: its minutes are final."),
    SeminarAction.CANCEL: gettext_lazy("The seminar is cancelled; the invited units are told."),
}


def _list_page(request, seminars, *, past):
    context = {
        "page": paginate(request, seminars, SEMINARS_PER_PAGE),
        "past": past,
        "may_create": permissions.can_create_seminar(request.user),
    }
    return render(request, "seminars/seminar_list.html", context)


@login_required
def seminar_list(request):
    return _list_page(request, selectors.upcoming_seminars(request.user), past=False)


@login_required
def seminar_past_list(request):
    return _list_page(request, selectors.past_seminars(request.user), past=True)


@login_required
def seminar_detail(request, pk):
    seminar = seminar_for(request, pk, queryset=selectors.seminar_detail_queryset())
    selectors.place_materials(seminar)
    lessons, solutions = findings_of(seminar)
    # The reader now sees what its notices were about: the bell stops counting them.
    notice_services.notices_opened(user=request.user, url=seminar.get_absolute_url())
    invitations = list(seminar.invitations.all())
    my_unit_ids = permissions.organizer_unit_ids(request.user)
    context = {
        "seminar": seminar,
        "agenda": list(seminar.agenda_items.all()),
        "invitations": invitations,
        "summary": selectors.reply_summary(invitations),
        "my_invitations": [i for i in invitations if i.unit_id in my_unit_ids],
        "lessons": lessons,
        "solutions": solutions,
        "visible_model_ids": selectors.visible_model_ids(request.user, seminar),
    }
    if seminar.status == SeminarStatus.SCHEDULED and permissions.can_manage_seminar(
        request.user, seminar
    ):
        context["stand_ins"] = selectors.invitation_stand_ins([i.unit_id for i in invitations])
    return render(request, "seminars/seminar_detail.html", context)


def _seminar_form_page(request, seminar=None):
    form = SeminarForm(
        form_data(request), instance=seminar, host_units=permissions.host_units(request.user)
    )

    def write():
        return services.seminar_save(
            seminar=form.instance, author=request.user, base_url=base_url(request)
        )

    def save():
        saved, new = save_from_form(request, form, write, creating=seminar is None)
        if new:
            messages.success(request, SAVED[seminar is None])
        return redirect(saved)

    context = {"seminar": seminar}
    repeated = redirect if seminar is None else None
    template = "seminars/seminar_form.html"
    return form_page(request, template, form, save, context=context, repeated=repeated)


@login_required
def seminar_create(request):
    if not permissions.can_create_seminar(request.user):
        raise PermissionDenied(_("Only the organizers of a unit may create a seminar."))
    return _seminar_form_page(request)


@login_required
def seminar_edit(request, pk):
    queryset = Seminar.objects.select_related("host_unit", "chair_user")
    seminar = managed_seminar(request, pk, queryset)
    return editable_or_refused(request, seminar) or _seminar_form_page(request, seminar)


def _transition(request, pk, action):
    """Take the seminar one step of its life (``SEMINAR_TRANSITIONS``), with the reason if not."""
    seminar = managed_seminar(request, pk)
    if action.needs_confirmation and request.POST.get("confirm") != "1":
        messages.error(request, _("Tick the box to confirm: this cannot be undone."))
        return redirect(seminar)
    try:
        services.seminar_transition(
            seminar=seminar, action=action, actor=request.user, base_url=base_url(request)
        )
    except ValidationError as error:
        return refused(request, seminar, error)
    messages.success(request, TRANSITION_DONE[action])
    return redirect(seminar)


@login_required
@require_POST
def seminar_schedule(request, pk):
    return _transition(request, pk, SeminarAction.SCHEDULE)


@login_required
@require_POST
def seminar_mark_held(request, pk):
    return _transition(request, pk, SeminarAction.MARK_HELD)


@login_required
@require_POST
def seminar_close(request, pk):
    return _transition(request, pk, SeminarAction.CLOSE)


@login_required
@require_POST
def seminar_cancel(request, pk):
    return _transition(request, pk, SeminarAction.CANCEL)


@login_required
def seminar_export(request, fmt):
    """The seminars the reader may open (upcoming, past or all; of a year), with attendance."""
    fmt = exports.export_format(fmt)
    form = SeminarExportForm(request.GET)
    if not form.is_valid():
        return exports.bad_filter(request, form.refusal())
    seminars = selectors.seminars_for_export(request.user, **form.filters())
    back = reverse("seminar_past_list" if form.filters()["period"] == "past" else "seminar_list")
    count = selectors.invitations_for_export(seminars).count() + seminars.count()
    if (refused := exports.too_many(request, count, back)) is not None:
        return refused
    tables = seminar_tables(seminars, request.user, base_url=base_url(request))
    return exports.export_response(fmt, tables, EXPORT_STEM)
