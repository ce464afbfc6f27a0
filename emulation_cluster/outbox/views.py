"""The outbox page of the cluster administrators: what left, what waits, what failed; resend."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from emulation_cluster.outbox import selectors, sending
from emulation_cluster.outbox.models import MessageKind, MessageState, OutgoingMessage
from emulation_cluster.pages import back, paginate
from emulation_cluster.permissions import is_cluster_admin

PER_PAGE = 50


def _administrator(request):
    if not is_cluster_admin(request.user):
        raise PermissionDenied(_("Only the cluster's administrators see the outbox."))


def _choice(request, name, choices) -> str:
    """A filter's value if it is one of ``choices``; anything else shows everything."""
    value = request.GET.get(name, "")
    return value if value in choices.values else ""


@login_required
def outbox(request):
    _administrator(request)
    state, kind = _choice(request, "state", MessageState), _choice(request, "kind", MessageKind)
    rows = OutgoingMessage.objects.all()
    rows = rows.filter(state=state) if state else rows
    rows = rows.filter(kind=kind) if kind else rows
    counts = dict(OutgoingMessage.objects.values_list("state").annotate(Count("id")))
    context = {
        "page": paginate(request, rows.order_by("-created_at", "-id"), PER_PAGE),
        "counts": [(choice, counts.get(choice.value, 0)) for choice in MessageState],
        "failed": counts.get(MessageState.FAILED, 0),
        "workers": selectors.running_workers(),
        "oldest_queued": selectors.oldest_queued(),
        "state": state,
        "kind": kind,
        "kinds": MessageKind.choices,
        "states": MessageState.choices,
    }
    return render(request, "emulation_cluster/outbox.html", context)


@login_required
@require_POST
def outbox_resend(request):
    _administrator(request)
    rows = OutgoingMessage.objects.filter(state=MessageState.FAILED)
    if request.POST.get("message") != "all":
        try:
            rows = rows.filter(pk=int(request.POST.get("message", "")))
        except ValueError:
            messages.error(request, _("Choose a message to send again."))
            return redirect("outbox")
    count = sending.resend(rows, by=request.user)
    if count:
        text = ngettext(
            "%(count)d message is queued again.", "%(count)d messages are queued again.", count
        )
        messages.success(request, text % {"count": count})
    else:
        messages.info(request, _("No failed message to send again: it may have been sent already."))
    return back(request, "outbox")
