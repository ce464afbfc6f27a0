"""A person's notices (seminars and Q&A alike) and which kinds of them also come by email."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emulation_cluster.pages import form_page, paginate
from seminars.notices import selectors, services
from seminars.qa.forms import PreferencesForm
from seminars.qa.selectors import follows_of, topics_not_followed

NOTICES_PER_PAGE = 30
FOLLOWS_PER_PAGE = 50


@login_required
def notice_list(request):
    notices = selectors.visible_notices(request.user).order_by("read_at", "-created_at", "-id")
    context = {"page": paginate(request, notices, NOTICES_PER_PAGE)}
    return render(request, "seminars/notice_list.html", context)


@login_required
@require_POST
def notice_mark_read(request):
    notice_id = request.POST.get("notice")
    if notice_id:
        ids = [int(notice_id)] if notice_id.isdigit() else []
        services.notices_mark_read(user=request.user, notice_ids=ids)
    elif services.notices_mark_read(user=request.user):
        messages.success(request, _("All notices are marked as read."))
    return redirect("notice_list")


@login_required
def notification_preferences(request):
    user = request.user
    form = PreferencesForm(request.POST or None, emails_off=selectors.email_kinds_off(user))

    def save():
        services.preferences_save(user=user, email_on=form.email_on())
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notification_preferences")

    context = {
        "page": paginate(request, follows_of(user), FOLLOWS_PER_PAGE),
        "topics_to_follow": topics_not_followed(user),
    }
    return form_page(
        request, "seminars/qa/notification_preferences.html", form, save, context=context
    )
