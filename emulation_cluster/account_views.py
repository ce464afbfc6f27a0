"""Pages about people: a unit's members and invitations, joining by invitation, my profile."""

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emulation_cluster import memberships, permissions
from emulation_cluster.forms import InvitationForm, JoinForm, RoleForm
from emulation_cluster.models import Invitation, Membership, Unit
from emulation_cluster.outbox.selectors import failed_count
from emulation_cluster.pages import form_data, form_page
from emulation_cluster.submissions import create_from_form, made_by_request, told_repeated


def _managed_unit(request, slug):
    unit = get_object_or_404(Unit, slug=slug)
    if not permissions.can_manage_members(request.user, unit):
        raise PermissionDenied
    return unit


def _members_page(request, unit, invitation_form, status=200):
    context = {
        "unit": unit,
        "members": memberships.members_of(unit),
        "invitations": memberships.pending_invitations(unit),
        "form": invitation_form,
        "role_choices": RoleForm.base_fields["role"].choices,
    }
    return render(request, "emulation_cluster/unit_members.html", context, status=status)


@login_required
def unit_members(request, slug):
    unit = _managed_unit(request, slug)
    return _members_page(request, unit, InvitationForm(unit=unit))


@login_required
@require_POST
def invitation_create(request, slug):
    unit = _managed_unit(request, slug)
    if made_by_request(request) is not None:
        told_repeated(request)
        return redirect("unit_members", slug=unit.slug)
    form = InvitationForm(request.POST, unit=unit)
    if not form.is_valid():
        messages.error(request, _("Please correct the fields marked below."))
        return _members_page(request, unit, form, status=400)
    if not ratelimit.consume(request, action="invite", user=request.user):
        messages.error(request, _("Too many invitations in a short time. Try again later."))
        return _members_page(request, unit, form, status=429)
    email, role = form.cleaned_data["email"], form.cleaned_data["role"]
    _invitation, created = create_from_form(
        request,
        form,
        lambda: memberships.invitation_create(
            request=request, unit=unit, email=email, role=role, invited_by=request.user
        ),
    )
    if created:
        messages.success(request, _("The invitation is sent to %(email)s.") % {"email": email})
    return redirect("unit_members", slug=unit.slug)


@login_required
@require_POST
def invitation_revoke(request, slug, pk):
    unit = _managed_unit(request, slug)
    invitation = get_object_or_404(
        Invitation, pk=pk, unit=unit, accepted_at__isnull=True, revoked_at__isnull=True
    )
    memberships.invitation_revoke(invitation=invitation, actor=request.user)
    messages.success(request, _("The invitation is withdrawn."))
    return redirect("unit_members", slug=unit.slug)


@login_required
@require_POST
def membership_update(request, slug, pk):
    unit = _managed_unit(request, slug)
    membership = get_object_or_404(Membership.objects.active(), pk=pk, unit=unit)
    if request.POST.get("action") == "archive":
        if membership.user_id == request.user.pk:
            messages.error(request, _("You cannot remove yourself from the unit."))
        else:
            memberships.membership_archive(membership=membership, actor=request.user)
            messages.success(request, _("The person has left the unit; their history is kept."))
        return redirect("unit_members", slug=unit.slug)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role from the list."))
        return redirect("unit_members", slug=unit.slug)
    memberships.membership_change_role(
        membership=membership, role=form.cleaned_data["role"], actor=request.user
    )
    messages.success(request, _("The role is changed."))
    return redirect("unit_members", slug=unit.slug)


def _invitation_refused(request, problem: str, status: int):
    context = {"problem": problem}
    return render(request, "emulation_cluster/invitation_invalid.html", context, status=status)


def _welcome(request, invitation):
    messages.success(request, _("Welcome to %(unit)s.") % {"unit": invitation.unit})
    return redirect(invitation.unit)


def _accept_signed_in(request, invitation):
    """A signed-in person accepts for themself: the invitation must be to their address."""
    if request.user.email.lower() != invitation.email.lower():
        problem = _("This invitation is for another email address. Log out first.")
        return _invitation_refused(request, problem, 403)
    if request.method == "POST":
        memberships.invitation_accept(invitation=invitation, user=request.user)
        return _welcome(request, invitation)
    context = {"invitation": invitation}
    return render(request, "emulation_cluster/invitation_accept.html", context)


def _join(request, invitation):
    """A newcomer makes their account from the invitation (an existing one logs in first)."""
    if memberships.has_account(invitation.email):
        messages.info(request, _("You already have an account: log in to accept the invitation."))
        return redirect(f"{reverse('account_login')}?next={request.path}")
    form = JoinForm(form_data(request), email=invitation.email)

    def save():
        new_user = memberships.account_create_from_invitation(
            invitation=invitation,
            full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data["password1"],
        )
        login(request, new_user, backend="allauth.account.auth_backends.AuthenticationBackend")
        return _welcome(request, invitation)

    context = {"invitation": invitation}
    return form_page(request, "emulation_cluster/invitation_join.html", form, save, context=context)


def invitation_accept(request, token):
    try:
        invitation = memberships.invitation_from_token(token)
    except memberships.InvitationError as problem:
        return _invitation_refused(request, str(problem), problem.status)
    if request.user.is_authenticated:
        return _accept_signed_in(request, invitation)
    return _join(request, invitation)


@login_required
def profile(request):
    user = request.user
    administered = list(user.administered_clusters.all())
    context = {
        "memberships": memberships.memberships_of(user),
        "administered_clusters": administered,
        "failed_messages": administered and failed_count(),
        "has_totp": memberships.has_totp(user),
        "requires_second_factor": permissions.requires_second_factor(user),
        "managed_units": permissions.managed_units(user),
    }
    return render(request, "emulation_cluster/profile.html", context)
