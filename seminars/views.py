"""Pages of seminars. Views parse the request, check a rule, call a service, render.

Every page is for signed-in users (seminars are the members' side of the portal), except the
private calendar address, which calendar applications fetch with the key it contains.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emulation_cluster.models import ClusterTerm, Unit
from models_registry.uploads import stored_file_response
from seminars import calendar, permissions, qa_selectors, selectors, services
from seminars.enums import SeminarStatus
from seminars.forms import (
    AgendaItemForm,
    AttendanceFormSet,
    InvitationForm,
    LessonFormSet,
    MaterialForm,
    OutcomeForm,
    ReplyForm,
    SeminarForm,
    SolutionFormSet,
)
from seminars.minutes import attendance_rows, minutes_docx, place_and_date, time_range
from seminars.models import (
    AgendaItem,
    CalendarFeedKey,
    Notice,
    Seminar,
    SeminarInvitation,
    SeminarMaterial,
)

SEMINARS_PER_PAGE = 20
NOTICES_PER_PAGE = 30
ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _render(request, template, context, status=200):
    """Render a seminars page with what its sub-menu needs (the count of unread notices)."""
    context["unread_notices"] = Notice.objects.filter(
        user=request.user, read_at__isnull=True
    ).count()
    return render(request, template, context, status=status)


def _seminar_for(request, pk, rule=None, queryset=None):
    """The seminar at ``pk`` if the rule allows; a draft others may not see is a 404."""
    seminar = get_object_or_404(
        queryset if queryset is not None else Seminar.objects.select_related("host_unit"), pk=pk
    )
    if not permissions.can_view_seminar(request.user, seminar):
        if seminar.status == SeminarStatus.DRAFT:
            raise Http404
        raise PermissionDenied(_("Seminars are for the members of the cluster."))
    if rule is not None and not rule(request.user, seminar):
        raise PermissionDenied
    return seminar


def _refused(request, seminar, error: ValidationError):
    messages.error(request, " ".join(error.messages))
    return redirect(seminar)


def _editable_or_refused(request, seminar):
    """None if the seminar may still change, else a redirect to it with the reason."""
    if seminar.is_editable:
        return None
    messages.error(request, seminar.not_editable_message())
    return redirect(seminar)


# --- lists and calendar -----------------------------------------------------------------------


def _list_page(request, seminars, *, past):
    page = Paginator(seminars, SEMINARS_PER_PAGE).get_page(request.GET.get("page"))
    return _render(
        request,
        "seminars/seminar_list.html",
        {
            "page": page,
            "past": past,
            "may_create": permissions.can_create_seminar(request.user),
        },
    )


@login_required
def seminar_list(request):
    return _list_page(request, selectors.upcoming_seminars(request.user), past=False)


@login_required
def seminar_past_list(request):
    return _list_page(request, selectors.past_seminars(request.user), past=True)


@login_required
def seminar_month(request):
    raw = request.GET.get("month")
    today = timezone.localdate()
    first = selectors.parse_month(raw) if raw else today.replace(day=1)
    status = 200
    if first is None:
        messages.error(
            request,
            _("“%(value)s” is not a month (write it as 2025-09): this month is shown instead.")
            % {"value": raw[:20]},
        )
        first, status = today.replace(day=1), 400
    seminars = list(selectors.month_seminars(request.user, first))
    previous, following = selectors.previous_month(first), selectors.next_month(first)
    return _render(
        request,
        "seminars/seminar_month.html",
        {
            "month": first,
            "weeks": selectors.month_grid(first, seminars),
            "seminars": seminars,
            "previous_month": previous if previous >= selectors.FIRST_MONTH else None,
            "next_month": following if following <= selectors.LAST_MONTH else None,
            "this_month": today.replace(day=1),
            "feed_key": CalendarFeedKey.objects.filter(user=request.user).first(),
        },
        status=status,
    )


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=ICS_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def seminar_feed(request):
    content = calendar.feed_ics(
        selectors.calendar_seminars(request.user),
        base_url=_base_url(request),
        name=_("Seminars of the cluster"),
    )
    return _ics_response(content, "hoi-nghi.ics")


def seminar_feed_private(request, key):
    """The user's calendar address: no session, the key in the address stands for the user."""
    feed_key = get_object_or_404(
        CalendarFeedKey.objects.select_related("user"), key=key, user__is_active=True
    )
    content = calendar.feed_ics(
        selectors.calendar_seminars(feed_key.user),
        base_url=_base_url(request),
        name=_("Seminars of the cluster"),
    )
    response = _ics_response(content, "hoi-nghi.ics")
    response["Cache-Control"] = "private, max-age=900"
    return response


@login_required
@require_POST
def feed_key_reset(request):
    had_key = CalendarFeedKey.objects.filter(user=request.user).exists()
    services.feed_key_reset(user=request.user)
    if had_key:
        messages.success(request, _("A new calendar address is made; the old one no longer works."))
    else:
        messages.success(request, _("Your calendar address is ready: add it to your calendar app."))
    return redirect(reverse("seminar_month") + "#calendar-address")


# --- a seminar --------------------------------------------------------------------------------


@login_required
def seminar_detail(request, pk):
    seminar = _seminar_for(request, pk, queryset=selectors.seminar_detail_queryset())
    invitations = list(seminar.invitations.all())
    my_unit_ids = permissions.organizer_unit_ids(request.user)
    return _render(
        request,
        "seminars/seminar_detail.html",
        {
            "seminar": seminar,
            "agenda": list(seminar.agenda_items.all()),
            "invitations": invitations,
            "summary": selectors.reply_summary(invitations),
            "my_invitations": [i for i in invitations if i.unit_id in my_unit_ids],
            "lessons": list(seminar.lessons.all()),
            "solutions": list(seminar.solutions.all()),
            "visible_model_ids": selectors.visible_model_ids(request.user, seminar),
        },
    )


@login_required
def seminar_ics(request, pk):
    seminar = _seminar_for(
        request,
        pk,
        queryset=Seminar.objects.select_related("host_unit").prefetch_related(
            selectors.agenda_prefetch()
        ),
    )
    return _ics_response(
        calendar.seminar_ics(seminar, base_url=_base_url(request)), calendar.ics_filename(seminar)
    )


def _seminar_form_page(request, seminar=None):
    bound = request.method == "POST"
    form = SeminarForm(
        request.POST if bound else None,
        instance=seminar,
        host_units=permissions.host_units(request.user),
    )
    if bound:
        if form.is_valid():
            try:
                saved = services.seminar_save(
                    seminar=form.instance, author=request.user, base_url=_base_url(request)
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if seminar is None:
                    messages.success(
                        request,
                        _(
                            "The draft is saved: only the organizers see it. "
                            "Add the agenda, then schedule it."
                        ),
                    )
                else:
                    messages.success(request, _("Your changes are saved."))
                return redirect(saved)
        messages.error(request, _("Please correct the fields marked below."))
    return _render(
        request,
        "seminars/seminar_form.html",
        {"form": form, "seminar": seminar},
        status=400 if bound else 200,
    )


@login_required
def seminar_create(request):
    if not permissions.can_create_seminar(request.user):
        raise PermissionDenied(_("Only the organizers of a unit may create a seminar."))
    return _seminar_form_page(request)


@login_required
def seminar_edit(request, pk):
    seminar = _seminar_for(
        request,
        pk,
        permissions.can_manage_seminar,
        Seminar.objects.select_related("host_unit", "chair_user"),
    )
    if request.method != "POST" and (refused := _editable_or_refused(request, seminar)):
        return refused
    return _seminar_form_page(request, seminar)


def _transition(request, pk, change, success, *, confirm=False):
    seminar = _seminar_for(request, pk, permissions.can_manage_seminar)
    if confirm and request.POST.get("confirm") != "1":
        messages.error(request, _("Tick the box to confirm: this cannot be undone."))
        return redirect(seminar)
    try:
        change(seminar)
    except ValidationError as error:
        return _refused(request, seminar, error)
    messages.success(request, success)
    return redirect(seminar)


@login_required
@require_POST
def seminar_schedule(request, pk):
    return _transition(
        request,
        pk,
        lambda seminar: services.seminar_schedule(seminar=seminar, actor=request.user),
        _("The seminar is scheduled: every member of the cluster now sees it. Invite the units."),
    )


@login_required
@require_POST
def seminar_mark_held(request, pk):
    return _transition(
        request,
        pk,
        lambda seminar: services.seminar_mark_held(seminar=seminar, actor=request.user),
        _("The seminar is marked as held. Record the minutes, lessons and solutions."),
    )


@login_required
@require_POST
def seminar_close(request, pk):
    return _transition(
        request,
        pk,
        lambda seminar: services.seminar_close(seminar=seminar, actor=request.user),
        _("The seminar is closed: its minutes are final."),
        confirm=True,
    )


@login_required
@require_POST
def seminar_cancel(request, pk):
    return _transition(
        request,
        pk,
        lambda seminar: services.seminar_cancel(
            seminar=seminar, base_url=_base_url(request), actor=request.user
        ),
        _("The seminar is cancelled; the invited units are told."),
        confirm=True,
    )


# --- agenda -----------------------------------------------------------------------------------


def _agenda_item_for(request, pk, item_pk):
    seminar = _seminar_for(request, pk, permissions.can_manage_seminar)
    item = get_object_or_404(AgendaItem, pk=item_pk, seminar=seminar)
    item.seminar = seminar
    return seminar, item


def _agenda_form_page(request, seminar, item=None):
    if request.method != "POST" and (refused := _editable_or_refused(request, seminar)):
        return refused
    bound = request.method == "POST"
    form = AgendaItemForm(
        request.POST if bound else None, instance=item, seminar=seminar, user=request.user
    )
    if bound:
        if form.is_valid():
            try:
                services.agenda_item_save(item=form.instance, actor=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The agenda is updated."))
                return redirect(reverse("seminar_detail", args=[seminar.pk]) + "#agenda")
        messages.error(request, _("Please correct the fields marked below."))
    return _render(
        request,
        "seminars/agenda_item_form.html",
        {"form": form, "seminar": seminar, "item": item},
        status=400 if bound else 200,
    )


@login_required
def agenda_item_create(request, pk):
    seminar = _seminar_for(request, pk, permissions.can_manage_seminar)
    return _agenda_form_page(request, seminar)


@login_required
def agenda_item_edit(request, pk, item_pk):
    seminar, item = _agenda_item_for(request, pk, item_pk)
    return _agenda_form_page(request, seminar, item)


@login_required
@require_POST
def agenda_item_move(request, pk, item_pk):
    seminar, item = _agenda_item_for(request, pk, item_pk)
    try:
        neighbour = services.agenda_item_move(
            item=item, direction=request.POST.get("direction"), actor=request.user
        )
    except ValidationError as error:
        return _refused(request, seminar, error)
    if neighbour is not None:
        messages.success(
            request,
            _("“%(title)s” now starts at %(time)s, in the place of “%(other)s”. Check the times.")
            % {
                "title": item.title,
                "time": f"{timezone.localtime(item.starts_at):%H:%M}",
                "other": neighbour.title,
            },
        )
    return redirect(reverse("seminar_detail", args=[seminar.pk]) + "#agenda")


@login_required
@require_POST
def agenda_item_delete(request, pk, item_pk):
    seminar, item = _agenda_item_for(request, pk, item_pk)
    try:
        services.agenda_item_delete(item=item, actor=request.user)
    except ValidationError as error:
        return _refused(request, seminar, error)
    messages.success(request, _("“%(title)s” is removed from the agenda.") % {"title": item.title})
    return redirect(reverse("seminar_detail", args=[seminar.pk]) + "#agenda")


# --- invitations, replies, attendance ---------------------------------------------------------


def _term_of(seminar):
    """The cluster term of the seminar's year (else the latest before it)."""
    return (
        ClusterTerm.objects.filter(
            cluster=seminar.cluster_id, year__lte=timezone.localdate(seminar.starts_at).year
        )
        .order_by("-year")
        .first()
    )


@login_required
def invitation_manage(request, pk):
    seminar = _seminar_for(request, pk, permissions.can_manage_seminar)
    term = _term_of(seminar)
    bound = request.method == "POST"
    form = InvitationForm(request.POST if bound else None, seminar=seminar)
    if bound:
        invite_all = "all" in request.POST
        if invite_all and term is None:
            form.add_error(
                None, _("The cluster has no term for this year: tick the units instead.")
            )
        elif invite_all or form.is_valid():
            units = list(term.member_units.all()) if invite_all else form.cleaned_data["units"]
            try:
                new = services.invitations_create(
                    seminar=seminar, units=units, base_url=_base_url(request), actor=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if new:
                    messages.success(
                        request,
                        _(
                            "%(count)d unit(s) invited; "
                            "their administrators and organizers are told."
                        )
                        % {"count": len(new)},
                    )
                else:
                    messages.info(request, _("Those units were already invited."))
                return redirect(reverse("seminar_detail", args=[seminar.pk]) + "#invitations")
        messages.error(request, _("Please correct the fields marked below."))
    invited = list(seminar.invitations.select_related("unit"))
    member_units = list(term.member_units.all()) if term else []
    invited_ids = {invitation.unit_id for invitation in invited}
    return _render(
        request,
        "seminars/invitation_form.html",
        {
            "form": form,
            "seminar": seminar,
            "term": term,
            "invited": invited,
            "uninvited_members": [unit for unit in member_units if unit.pk not in invited_ids],
        },
        status=400 if bound else 200,
    )


@login_required
def invitation_reply(request, pk):
    seminar = _seminar_for(request, pk, permissions.can_reply_to_seminar)
    units = Unit.objects.filter(id__in=permissions.organizer_unit_ids(request.user))
    invitations = {
        invitation.unit_id: invitation
        for invitation in SeminarInvitation.objects.filter(
            seminar=seminar, unit__in=units
        ).select_related("unit")
    }
    chosen = (
        units.filter(slug=request.GET.get("don-vi")).first() if request.GET.get("don-vi") else None
    )
    if chosen is None and invitations:
        chosen = next(iter(invitations.values())).unit
    current = invitations.get(chosen.pk) if chosen else None
    initial = {"unit": chosen}
    if current and current.reply:
        initial.update(
            reply=current.reply,
            delegation_size=current.delegation_size,
            delegation_names=current.delegation_names,
        )
    bound = request.method == "POST"
    form = ReplyForm(request.POST if bound else None, initial=initial, seminar=seminar, units=units)
    if bound:
        if form.is_valid():
            try:
                invitation = services.invitation_reply(
                    invitation=form.invitation,
                    reply=form.cleaned_data["reply"],
                    delegation_size=form.cleaned_data["delegation_size"],
                    delegation_names=form.cleaned_data["delegation_names"],
                    user=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("The reply of %(unit)s is recorded: %(reply)s.")
                    % {"unit": invitation.unit, "reply": invitation.get_reply_display().lower()},
                )
                return redirect(seminar)
        messages.error(request, _("Please correct the fields marked below."))
    return _render(
        request,
        "seminars/reply_form.html",
        {
            "form": form,
            "seminar": seminar,
            "invitations": list(invitations.values()),
            "current": current,
        },
        status=400 if bound else 200,
    )


@login_required
def attendance_edit(request, pk):
    seminar = _seminar_for(request, pk, permissions.can_manage_seminar)
    if request.method != "POST" and (refused := _editable_or_refused(request, seminar)):
        return refused
    queryset = seminar.invitations.select_related("unit").order_by("unit__name_sort_key")
    bound = request.method == "POST"
    formset = AttendanceFormSet(request.POST if bound else None, queryset=queryset)
    if bound:
        if formset.is_valid():
            try:
                services.attendance_save(seminar=seminar, formset=formset, actor=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Attendance is saved."))
                return redirect(reverse("seminar_detail", args=[seminar.pk]) + "#invitations")
        else:
            messages.error(request, _("Please correct the fields marked below."))
    return _render(
        request,
        "seminars/attendance_form.html",
        {
            "formset": formset,
            "seminar": seminar,
            "too_early": not seminar.attendance_open,
        },
        status=400 if bound else 200,
    )


# --- after the seminar ------------------------------------------------------------------------


@login_required
def outcome_edit(request, pk):
    seminar = _seminar_for(request, pk, permissions.can_manage_seminar)
    if request.method != "POST":
        if refused := _editable_or_refused(request, seminar):
            return refused
        if seminar.status == SeminarStatus.DRAFT or not seminar.has_started:
            messages.error(request, _("The outcome is recorded once the seminar has started."))
            return redirect(seminar)
    presented = selectors.presented_models(seminar)
    bound = request.method == "POST"
    data = request.POST if bound else None
    form = OutcomeForm(data, instance=seminar)
    lessons = LessonFormSet(
        data, instance=seminar, prefix="lessons", form_kwargs={"presented_models": presented}
    )
    solutions = SolutionFormSet(
        data, instance=seminar, prefix="solutions", form_kwargs={"presented_models": presented}
    )
    if bound:
        if form.is_valid() and lessons.is_valid() and solutions.is_valid():
            try:
                services.outcome_save(
                    seminar=seminar,
                    form=form,
                    lesson_formset=lessons,
                    solution_formset=solutions,
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("The outcome is saved. Close the seminar when its questions are answered."),
                )
                return redirect(reverse("seminar_detail", args=[seminar.pk]) + "#outcome")
        messages.error(request, _("Please correct the fields marked below."))
    return _render(
        request,
        "seminars/outcome_form.html",
        {
            "form": form,
            "lessons": lessons,
            "solutions": solutions,
            "seminar": seminar,
            "has_presented": presented.exists(),
        },
        status=400 if bound else 200,
    )


def _minutes_seminar(request, pk):
    seminar = _seminar_for(request, pk, queryset=selectors.seminar_detail_queryset())
    if not permissions.can_view_minutes(request.user, seminar):
        raise PermissionDenied(_("The minutes are shared once the seminar is held."))
    return seminar


@login_required
def minutes_page(request, pk):
    seminar = _minutes_seminar(request, pk)
    return render(
        request,
        "seminars/minutes.html",
        {
            "seminar": seminar,
            "attendance": attendance_rows(seminar),
            "place_and_date": place_and_date(seminar),
            "time_range": time_range(seminar),
            "agenda": list(seminar.agenda_items.all()),
            "lessons": list(seminar.lessons.all()),
            "solutions": list(seminar.solutions.all()),
            "visible_model_ids": selectors.visible_model_ids(request.user, seminar),
        },
    )


@login_required
def minutes_download(request, pk):
    seminar = _minutes_seminar(request, pk)
    content = minutes_docx(
        seminar, visible_model_ids=selectors.visible_model_ids(request.user, seminar)
    )
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="bien-ban-hoi-nghi-{seminar.pk}.docx"'
    return response


# --- materials --------------------------------------------------------------------------------


@login_required
def material_create(request, pk):
    seminar = _seminar_for(request, pk, permissions.can_manage_seminar)
    if request.method != "POST" and (refused := _editable_or_refused(request, seminar)):
        return refused
    bound = request.method == "POST"
    form = MaterialForm(
        request.POST if bound else None,
        request.FILES if bound else None,
        seminar=seminar,
        initial={"agenda_item": request.GET.get("muc")},
    )
    if bound:
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                services.material_create(
                    seminar=seminar,
                    agenda_item=form.cleaned_data["agenda_item"],
                    title=form.cleaned_data["title"],
                    upload=upload,
                    file_type=upload.file_type,
                    uploader=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The document is attached."))
                return redirect(reverse("seminar_detail", args=[seminar.pk]) + "#materials")
        messages.error(request, _("Please correct the fields marked below."))
    return _render(
        request,
        "seminars/material_form.html",
        {"form": form, "seminar": seminar},
        status=400 if bound else 200,
    )


def _material_for(request, pk, material_pk):
    material = get_object_or_404(
        SeminarMaterial.objects.select_related("seminar"), pk=material_pk, seminar_id=pk
    )
    if not permissions.can_view_material(request.user, material):
        if material.seminar.status == SeminarStatus.DRAFT:
            raise Http404
        raise PermissionDenied
    return material


@login_required
def material_download(request, pk, material_pk):
    material = _material_for(request, pk, material_pk)
    return stored_file_response(
        material.file,
        filename=material.original_name,
        kind=material.kind,
        content_type=material.content_type,
    )


@login_required
@require_POST
def material_delete(request, pk, material_pk):
    material = _material_for(request, pk, material_pk)
    seminar = material.seminar
    if not permissions.can_manage_seminar(request.user, seminar):
        raise PermissionDenied
    try:
        services.material_delete(material=material, actor=request.user)
    except ValidationError as error:
        return _refused(request, seminar, error)
    messages.success(request, _("“%(title)s” is removed.") % {"title": material.title})
    return redirect(reverse("seminar_detail", args=[seminar.pk]) + "#materials")


# --- notices ----------------------------------------------------------------------------------


@login_required
def notice_list(request):
    # Notices about questions the user may no longer see (a model made restricted) stay hidden.
    notices = qa_selectors.notices_for(request.user).order_by("read_at", "-created_at", "-id")
    page = Paginator(notices, NOTICES_PER_PAGE).get_page(request.GET.get("page"))
    return _render(request, "seminars/notice_list.html", {"page": page})


@login_required
@require_POST
def notice_mark_read(request):
    notice_id = request.POST.get("notice")
    if notice_id:
        ids = [int(notice_id)] if notice_id.isdigit() else []
        services.notices_mark_read(user=request.user, notice_ids=ids)
    else:
        count = services.notices_mark_read(user=request.user)
        if count:
            messages.success(request, _("All notices are marked as read."))
    return redirect("notice_list")
