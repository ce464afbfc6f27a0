"""What a unit owes and asked, and a seminar's ranked thread (refreshed every few seconds)."""

import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from emulation_cluster import exports
from emulation_cluster.pages import base_url
from seminars.enums import QuestionState
from seminars.qa import permissions, selectors
from seminars.qa.exports import one_table, stem, unit_tables
from seminars.qa.views.listing import question_page
from seminars.qa.views.lookups import seminar_for, unit_for

QUESTIONS_PER_PAGE = 25
SEMINAR_QUESTIONS_PER_PAGE = 50
# The seminar's Q&A page reloads its ranked list this often where JavaScript is on.
REFRESH_SECONDS = 15
STATE_PARAM = "trang-thai"


def _state_filter(request, default=""):
    state = request.GET.get(STATE_PARAM, default)
    return state if state in QuestionState.values or state == "" else default


def _unit_page(request, slug, template, select, default_state):
    unit = unit_for(request, slug)
    state = _state_filter(request, default_state)
    now = timezone.now()
    days = datetime.timedelta(days=1)
    context = {
        "unit": unit,
        "page": question_page(request, select(request.user, unit, state), QUESTIONS_PER_PAGE),
        "state": state,
        "states": QuestionState.choices,
        "state_param": STATE_PARAM,
        "following": unit.reader_follows,
        # Waiting longer than these earns a reminder, then an escalation (marked in the list).
        "reminder_before": now - days * settings.QUESTION_REMINDER_AFTER_DAYS,
        "escalation_before": now - days * settings.QUESTION_ESCALATION_AFTER_DAYS,
    }
    return render(request, template, context)


@login_required
def unit_inbox(request, slug):
    return _unit_page(
        request, slug, "seminars/qa/unit_inbox.html", selectors.unit_inbox, QuestionState.OPEN
    )


@login_required
def unit_asked(request, slug):
    return _unit_page(request, slug, "seminars/qa/unit_asked.html", selectors.unit_asked, "")


@login_required
def unit_questions_export(request, slug, fmt):
    """The unit's questions, to it and asked by it (two sheets; one table in CSV), in the state
    chosen on the page (all states when the address names none)."""
    fmt = exports.export_format(fmt)
    unit = unit_for(request, slug)
    state = _state_filter(request)
    received = selectors.unit_inbox(request.user, unit, state)
    asked = selectors.unit_asked(request.user, unit, state)
    back = exports.with_filters(reverse("unit_inbox", args=[unit.slug]), request)
    if (refused := exports.too_many(request, received.count() + asked.count(), back)) is not None:
        return refused
    tables = unit_tables(
        unit,
        received=selectors.for_export(received),
        asked=selectors.for_export(asked),
        base_url=base_url(request),
    )
    return exports.export_response(fmt, tables, stem(unit), csv_table=one_table(tables))


def _seminar_context(request, seminar):
    questions = selectors.seminar_questions(request.user, seminar)
    return {
        "seminar": seminar,
        "page": question_page(request, questions, SEMINAR_QUESTIONS_PER_PAGE),
        "may_mark_live": permissions.can_mark_answered_live_in(request.user, seminar),
        "refresh_seconds": REFRESH_SECONDS,
    }


@login_required
def seminar_questions(request, pk):
    seminar = seminar_for(request, pk)
    context = _seminar_context(request, seminar)
    context["presented"] = selectors.presented_models_to_ask(request.user, seminar)
    return render(request, "seminars/qa/seminar_questions.html", context)


@never_cache
@login_required
def seminar_questions_fragment(request, pk):
    """The ranked list alone, for the page's script to swap in every few seconds."""
    seminar = seminar_for(request, pk)
    return render(
        request, "seminars/qa/partials/seminar_ranked.html", _seminar_context(request, seminar)
    )
