"""Joining and leaving units: invitations, roles, archiving. Every change is audited.

The invitation link carries a signed, timestamped token (Django's signing framework): it cannot
be forged, expires, and is single use because accepting it marks the invitation accepted.
"""

from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from emulation_cluster import audit
from emulation_cluster.enums import AuditAction
from emulation_cluster.models import Invitation, Membership
from emulation_cluster.outbox.models import MessageKind
from emulation_cluster.outbox.sending import enqueue

TOKEN_SALT = "emulation_cluster.invitation"


class InvitationError(Exception):
    """An invitation link that cannot be used; ``status`` is the HTTP status to answer with."""

    def __init__(self, message, status):
        super().__init__(message)
        self.status = status


def invitation_max_age() -> timedelta:
    return timedelta(days=settings.INVITATION_VALID_DAYS)


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"invitation": invitation.pk}, salt=TOKEN_SALT, compress=True)


def invitation_url(request, invitation: Invitation) -> str:
    return request.build_absolute_uri(
        reverse("invitation_accept", args=[invitation_token(invitation)])
    )


@transaction.atomic
def invitation_create(*, request, unit, email, role, invited_by) -> Invitation:
    """Create the invitation and queue its link by email, in Vietnamese."""
    invitation = Invitation.objects.create(
        unit=unit,
        email=email.strip().lower(),
        role=role,
        invited_by=invited_by,
        expires_at=timezone.now() + invitation_max_age(),
    )
    context = {
        "invitation": invitation,
        "url": invitation_url(request, invitation),
        "inviter": invited_by,
        "valid_days": settings.INVITATION_VALID_DAYS,
    }
    with translation.override(settings.LANGUAGE_CODE):
        email = EmailMessage(
            subject=render_to_string("emulation_cluster/email/invitation_subject.txt", context)
            .strip()
            .replace("\n", " "),
            body=render_to_string("emulation_cluster/email/invitation_body.txt", context),
            to=[invitation.email],
        )
    enqueue([email], kind=MessageKind.MEMBERSHIP_INVITATION)
    audit.record(
        actor=invited_by,
        action=AuditAction.CREATE,
        target=invitation,
        unit=unit,
        changes={"email": [None, invitation.email], "role": [None, role]},
    )
    return invitation


def invitation_from_token(token: str) -> Invitation:
    """The pending invitation of ``token``, or ``InvitationError`` with what is wrong."""
    try:
        payload = signing.loads(token, salt=TOKEN_SALT, max_age=invitation_max_age())
    except signing.SignatureExpired as expired:
        raise InvitationError(
            _("This invitation link has expired. Ask for a new one."), 403
        ) from expired
    except signing.BadSignature as forged:
        raise InvitationError(_("This invitation link is not valid."), 404) from forged
    invitation = (
        Invitation.objects.select_related("unit", "invited_by")
        .filter(pk=payload.get("invitation"))
        .first()
    )
    if invitation is None:
        raise InvitationError(_("This invitation link is not valid."), 404)
    if invitation.accepted_at is not None:
        raise InvitationError(_("This invitation has already been used. Log in instead."), 403)
    if invitation.revoked_at is not None:
        raise InvitationError(_("This invitation has been withdrawn."), 403)
    if invitation.expires_at <= timezone.now():
        raise InvitationError(_("This invitation link has expired. Ask for a new one."), 403)
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> Membership:
    """Join the unit with the invited role; an archived membership comes back to life."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.accepted_at is not None:
        raise InvitationError("already used", 403)
    membership = Membership.objects.filter(user=user, unit=invitation.unit).first()
    before = audit.snapshot(membership, ["role", "archived_at"]) if membership else {}
    if membership is None:
        membership = Membership.objects.create(
            user=user, unit=invitation.unit, role=invitation.role
        )
    else:
        membership.role = invitation.role
        membership.archived_at = None
        membership.save(update_fields=["role", "archived_at", "updated_at"])
    locked.accepted_at = timezone.now()
    locked.accepted_by = user
    locked.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    audit.record(actor=user, action=AuditAction.ACCEPT, target=locked, unit=locked.unit)
    audit.record(
        actor=user,
        action=AuditAction.CREATE if not before else AuditAction.CHANGE,
        target=membership,
        unit=membership.unit,
        changes=audit.diff(before, audit.snapshot(membership, ["role", "archived_at"])),
    )
    return membership


@transaction.atomic
def account_create_from_invitation(*, invitation: Invitation, full_name: str, password: str):
    """A new account for the invited email, already verified (the link proved the address)."""
    user = get_user_model().objects.create_user(
        username=invitation.email, email=invitation.email, password=password, first_name=full_name
    )
    EmailAddress.objects.create(user=user, email=invitation.email, verified=True, primary=True)
    invitation_accept(invitation=invitation, user=user)
    return user


def invitation_revoke(*, invitation: Invitation, actor) -> Invitation:
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at", "updated_at"])
    audit.record(actor=actor, action=AuditAction.REVOKE, target=invitation, unit=invitation.unit)
    return invitation


def membership_change_role(*, membership: Membership, role, actor) -> Membership:
    before = audit.snapshot(membership, ["role"])
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    audit.record(
        actor=actor,
        action=AuditAction.CHANGE,
        target=membership,
        unit=membership.unit,
        changes=audit.diff(before, audit.snapshot(membership, ["role"])),
    )
    return membership


def membership_archive(*, membership: Membership, actor) -> Membership:
    membership.archived_at = timezone.now()
    membership.save(update_fields=["archived_at", "updated_at"])
    audit.record(
        actor=actor,
        action=AuditAction.ARCHIVE,
        target=membership,
        unit=membership.unit,
        changes={"archived_at": [None, str(membership.archived_at)]},
    )
    return membership


def pending_invitations(unit):
    return Invitation.objects.filter(
        unit=unit, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("invited_by")


# --- reads ------------------------------------------------------------------------------------


def members_of(unit):
    """The unit's active members, by name."""
    return (
        Membership.objects.active()
        .filter(unit=unit)
        .select_related("user")
        .order_by("user__first_name", "user__email")
    )


def memberships_of(user):
    return Membership.objects.active().filter(user=user).select_related("unit", "unit__parent")


def has_account(email: str) -> bool:
    return get_user_model().objects.filter(email__iexact=email).exists()


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
