"""Invitations, the invited units' replies, and their attendance on the day."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation_cluster import audit
from emulation_cluster.dates import local_datetime
from emulation_cluster.enums import AuditAction
from emulation_cluster.page_cache.invalidation import announce_write
from seminars.enums import NotifyReason, SeminarStatus
from seminars.models import (
    Seminar,
    SeminarInvitation,
)
from seminars.notifications import notify_units
from seminars.services.base import (
    REPLY_FIELDS,
    audit_seminar,
    require_editable,
)


@transaction.atomic
def invitations_create(
    *, seminar: Seminar, units, base_url: str = "", actor=None
) -> list[SeminarInvitation]:
    """Invite the units not invited yet, and tell them; returns the new invitations."""
    if seminar.status != SeminarStatus.SCHEDULED:
        if seminar.status == SeminarStatus.DRAFT:
            message = _(
                "Schedule the seminar before inviting units: "
                "a draft is seen only by its organizers."
            )
        else:
            message = _("Units can be invited only while the seminar is scheduled.")
        raise ValidationError(message, code="bad_state")
    if seminar.has_started:
        raise ValidationError(
            _("The seminar has already started: it is too late to invite units."), code="started"
        )
    # The host organizes its seminar: it is never among the invited.
    already = set(seminar.invitations.values_list("unit_id", flat=True)) | {seminar.host_unit_id}
    new = [
        SeminarInvitation(seminar=seminar, unit=unit) for unit in units if unit.pk not in already
    ]
    SeminarInvitation.objects.bulk_create(new)
    if new:
        # No save of this transaction tells the kept pages (the seminar's invited units).
        announce_write(visitors=False)
    for invitation in new:
        audit_seminar(
            actor, AuditAction.CREATE, invitation, seminar, {"unit": [None, str(invitation.unit)]}
        )
    if new:
        notify_units(
            seminar=seminar,
            unit_ids=[invitation.unit_id for invitation in new],
            reason=NotifyReason.INVITATION,
            base_url=base_url,
        )
    return new


@transaction.atomic
def invitation_reply(
    *, invitation: SeminarInvitation, reply: str, delegation_size, delegation_names, user, now=None
) -> SeminarInvitation:
    now = now or timezone.now()
    seminar = invitation.seminar
    if seminar.status != SeminarStatus.SCHEDULED:
        raise ValidationError(
            _("Replies are closed: the seminar is %(status)s.")
            % {"status": seminar.get_status_display().lower()},
            code="bad_state",
        )
    if now >= seminar.replies_close_at:
        raise ValidationError(
            _("The reply deadline (%(deadline)s) has passed: contact the organizer.")
            % {"deadline": local_datetime(seminar.replies_close_at)},
            code="deadline",
        )
    before = audit.snapshot(invitation, REPLY_FIELDS)
    invitation.reply = reply
    invitation.delegation_size = delegation_size
    invitation.delegation_names = delegation_names
    invitation.replied_by = user
    invitation.replied_at = now
    invitation.full_clean()
    invitation.save()
    audit_seminar(
        user,
        AuditAction.CHANGE,
        invitation,
        seminar,
        audit.diff(before, audit.snapshot(invitation, REPLY_FIELDS)),
    )
    return invitation


@transaction.atomic
def attendance_save(*, seminar: Seminar, marks: dict, actor=None) -> None:
    """``marks``: the attendance of each invitation (by id) of the seminar that changed."""
    require_editable(seminar)
    if not seminar.attendance_open:
        raise ValidationError(
            _("Attendance is marked on the day of the seminar or after."), code="too_early"
        )
    for invitation in seminar.invitations.filter(pk__in=list(marks)).select_related("unit"):
        before, after = invitation.attendance, marks[invitation.pk]
        if before == after:
            continue
        invitation.attendance = after
        invitation.save(update_fields=["attendance", "updated_at"])
        audit_seminar(
            actor, AuditAction.CHANGE, invitation, seminar, {"attendance": [before, after]}
        )
