"""Inviting units to a seminar, and an invited unit's reply (with its delegation)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from emulation_cluster.pages import base_url, form_data, form_page
from seminars import permissions, selectors, services
from seminars.forms import InvitationForm, ReplyForm
from seminars.views.lookups import managed_seminar, section, seminar_for


def _warn_stand_ins(request, unit_ids) -> None:
    """Name the newly invited units that have nobody of their own to receive the invitation."""
    if reaches := selectors.invitation_stand_ins(unit_ids):
        messages.warning(
            request,
            _(
                "Nobody of %(units)s can receive the invitation (no active administrator or "
                "organizer in the portal): the seminar's page says who is told instead."
            )
            % {"units": "; ".join(reach.unit.name for reach in reaches)},
        )


@login_required
def invitation_manage(request, pk):
    seminar = managed_seminar(request, pk)
    term = selectors.term_of(seminar)
    form = InvitationForm(form_data(request), seminar=seminar, term=term)

    def save():
        new = services.invitations_create(
            seminar=seminar,
            units=form.cleaned_data["units"],
            base_url=base_url(request),
            actor=request.user,
        )
        if new:
            messages.success(
                request,
                _("%(count)d unit(s) invited; their administrators and organizers are told.")
                % {"count": len(new)},
            )
            _warn_stand_ins(request, [invitation.unit_id for invitation in new])
        else:
            messages.info(request, _("Those units were already invited."))
        return redirect(section(seminar, "invitations"))

    context = {"seminar": seminar, **selectors.invitation_overview(seminar, term)}
    return form_page(request, "seminars/invitation_form.html", form, save, context=context)


@login_required
def invitation_reply(request, pk):
    seminar = seminar_for(request, pk, permissions.can_reply_to_seminar)
    choice = selectors.reply_choice(request.user, seminar, request.GET.get("don-vi"))
    form = ReplyForm(
        form_data(request), initial=choice.initial, seminar=seminar, units=choice.units
    )

    def save():
        invitation = services.invitation_reply(
            invitation=form.invitation, user=request.user, **form.reply_data()
        )
        messages.success(
            request,
            _("The reply of %(unit)s is recorded: %(reply)s.")
            % {"unit": invitation.unit, "reply": invitation.get_reply_display().lower()},
        )
        return redirect(seminar)

    context = {"seminar": seminar, "invitations": choice.invitations, "current": choice.current}
    return form_page(request, "seminars/reply_form.html", form, save, context=context)
