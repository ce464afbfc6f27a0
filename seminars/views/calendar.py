"""The month view, the calendar feeds (.ics) and the private calendar address."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emulation_cluster.pages import base_url
from seminars import calendar, selectors, services
from seminars.models import CalendarFeedKey, Seminar
from seminars.views.lookups import seminar_for

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"


@login_required
def seminar_month(request):
    raw = request.GET.get("month")
    this_month = timezone.localdate().replace(day=1)
    first = selectors.parse_month(raw) if raw else this_month
    status = 200
    if first is None:
        messages.error(
            request,
            _("“%(value)s” is not a month (write it as 2025-09): this month is shown instead.")
            % {"value": raw[:20]},
        )
        first, status = this_month, 400
    context = {
        **selectors.month_view(request.user, first),
        "this_month": this_month,
        "feed_key": selectors.feed_key_of(request.user),
    }
    return render(request, "seminars/seminar_month.html", context, status=status)


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=ICS_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _feed_response(request, user):
    content = calendar.feed_ics(
        selectors.calendar_seminars(user),
        base_url=base_url(request),
        name=_("Seminars of the cluster"),
    )
    return _ics_response(content, "hoi-nghi.ics")


@login_required
def seminar_feed(request):
    return _feed_response(request, request.user)


def seminar_feed_private(request, key):
    """The user's calendar address: no session, the key in the address stands for the user."""
    feed_key = get_object_or_404(
        CalendarFeedKey.objects.select_related("user"), key=key, user__is_active=True
    )
    response = _feed_response(request, feed_key.user)
    response["Cache-Control"] = "private, max-age=900"
    return response


@login_required
@require_POST
def feed_key_reset(request):
    had_key = selectors.feed_key_of(request.user) is not None
    services.feed_key_reset(user=request.user)
    if had_key:
        messages.success(request, _("A new calendar address is made; the old one no longer works."))
    else:
        messages.success(request, _("Your calendar address is ready: add it to your calendar app."))
    return redirect(reverse("seminar_month") + "#calendar-address")


@login_required
def seminar_ics(request, pk):
    queryset = Seminar.objects.select_related("host_unit").prefetch_related(
        selectors.agenda_prefetch()
    )
    seminar = seminar_for(request, pk, queryset=queryset)
    return _ics_response(
        calendar.seminar_ics(seminar, base_url=base_url(request)), calendar.ics_filename(seminar)
    )
