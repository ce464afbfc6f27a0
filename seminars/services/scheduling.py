"""A seminar's details and its life (draft, scheduled, held, closed, cancelled); calendar keys."""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from emulation_cluster import audit
from emulation_cluster.enums import AuditAction
from seminars.enums import SEMINAR_TRANSITIONS, NotifyReason, SeminarAction, SeminarStatus
from seminars.models import (
    AgendaItem,
    CalendarFeedKey,
    Seminar,
)
from seminars.notifications import notify_units
from seminars.services.base import (
    DETAIL_FIELDS,
    WHEN_AND_WHERE,
    audit_seminar,
    require_editable,
    status_change,
)


def overlapping_seminars(seminar):
    """Other seminars of the same host unit whose hours overlap (cancelled ones do not count)."""
    if not (seminar.host_unit_id and seminar.starts_at and seminar.ends_at):
        return Seminar.objects.none()
    return (
        Seminar.objects.filter(
            host_unit_id=seminar.host_unit_id,
            starts_at__lt=seminar.ends_at,
            ends_at__gt=seminar.starts_at,
        )
        .exclude(pk=seminar.pk)
        .exclude(status=SeminarStatus.CANCELLED)
        .order_by("starts_at")
    )


def _items_outside(seminar) -> list[AgendaItem]:
    return [
        item
        for item in AgendaItem.objects.filter(seminar=seminar).order_by("position")
        if not seminar.starts_at <= item.starts_at < seminar.ends_at
    ]


@transaction.atomic
def seminar_save(*, seminar: Seminar, author=None, base_url: str = "") -> Seminar:
    """Create or update a seminar.

    A change of time or venue raises the calendar SEQUENCE and tells the invited units; a new
    start moves the agenda with it (each item keeps its offset from the start).
    """
    previous = None
    before = {}
    if seminar.pk is not None:
        previous = Seminar.objects.select_for_update().get(pk=seminar.pk)
        require_editable(previous)
        before = audit.snapshot(previous, DETAIL_FIELDS)
        # The state as saved now, not as it was when the form was opened.
        seminar.status, seminar.sequence = previous.status, previous.sequence
    else:
        seminar.created_by = author
    seminar.cluster_id = seminar.host_unit.cluster_id
    changed = previous is not None and any(
        getattr(previous, name) != getattr(seminar, name) for name in WHEN_AND_WHERE
    )
    if changed:
        seminar.sequence = previous.sequence + 1
    seminar.full_clean()
    if previous is None:
        seminar.save()
    else:
        seminar.save(update_fields=[*DETAIL_FIELDS, "sequence", "updated_at"])
    if previous is not None and previous.starts_at != seminar.starts_at:
        AgendaItem.objects.filter(seminar=seminar).update(
            starts_at=F("starts_at") + (seminar.starts_at - previous.starts_at)
        )
    if changed:
        outside = _items_outside(seminar)
        if outside:
            raise ValidationError(
                _(
                    "%(count)d agenda item(s) would fall outside the new hours, e.g. “%(title)s”: "
                    "make the seminar longer or change the agenda first."
                )
                % {"count": len(outside), "title": outside[0].title},
                code="agenda_outside",
            )
        if seminar.status == SeminarStatus.SCHEDULED:
            notify_units(
                seminar=seminar,
                unit_ids=list(seminar.invitations.values_list("unit_id", flat=True)),
                reason=NotifyReason.CHANGE,
                base_url=base_url,
            )
    changes = audit.diff(before, audit.snapshot(seminar, DETAIL_FIELDS))
    if previous is None or changes:
        action = AuditAction.CREATE if previous is None else AuditAction.CHANGE
        audit_seminar(author, action, seminar, seminar, changes)
    return seminar


# Why a step is refused from another state (the states themselves are in SEMINAR_TRANSITIONS).
STEP_REFUSED = {
    SeminarAction.SCHEDULE: gettext_lazy("Only a draft can be scheduled."),
    SeminarAction.MARK_HELD: gettext_lazy("Only a scheduled seminar can be marked as held."),
    SeminarAction.CLOSE: gettext_lazy("Only a held seminar can be closed."),
    SeminarAction.CANCEL: gettext_lazy("Only a draft or a scheduled seminar can be cancelled."),
}


def _step_allowed(seminar, action, now):
    """What a step needs beyond the state: held once started, closed once the minutes exist."""
    if action == SeminarAction.SCHEDULE and seminar.starts_at <= now:
        raise ValidationError(
            _("The seminar's start is already past: change its date before scheduling it."),
            code="past",
        )
    if action == SeminarAction.MARK_HELD and seminar.starts_at > now:
        raise ValidationError(_("The seminar has not started yet."), code="not_started")
    if action == SeminarAction.CLOSE and not seminar.minutes.strip():
        raise ValidationError(_("Record the minutes before closing the seminar."), code="minutes")


@transaction.atomic
def seminar_transition(*, seminar: Seminar, action, actor=None, base_url: str = "", now=None):
    """Take one step of ``SEMINAR_TRANSITIONS``: scheduled, every member sees it; cancelled,
    calendars replace the event and the invited units are told; closed, the record is final."""
    sources, target = SEMINAR_TRANSITIONS[action]
    if seminar.status not in sources:
        raise ValidationError(STEP_REFUSED[action], code="bad_state")
    _step_allowed(seminar, action, now or timezone.now())
    before = seminar.status
    seminar.status = target
    fields = ["status", "updated_at"]
    if action == SeminarAction.CANCEL:
        seminar.sequence += 1  # calendars replace the event with its cancelled revision
        fields.append("sequence")
    seminar.save(update_fields=fields)
    if action == SeminarAction.CANCEL and before == SeminarStatus.SCHEDULED:
        notify_units(
            seminar=seminar,
            unit_ids=list(seminar.invitations.values_list("unit_id", flat=True)),
            reason=NotifyReason.CANCELLATION,
            base_url=base_url,
        )
    status_change(actor, seminar, before)
    return seminar


def seminar_schedule(*, seminar: Seminar, actor=None) -> Seminar:
    return seminar_transition(seminar=seminar, action=SeminarAction.SCHEDULE, actor=actor)


def seminar_mark_held(*, seminar: Seminar, now=None, actor=None) -> Seminar:
    return seminar_transition(seminar=seminar, action=SeminarAction.MARK_HELD, actor=actor, now=now)


def seminar_close(*, seminar: Seminar, actor=None) -> Seminar:
    return seminar_transition(seminar=seminar, action=SeminarAction.CLOSE, actor=actor)


def seminar_cancel(*, seminar: Seminar, base_url: str = "", actor=None) -> Seminar:
    return seminar_transition(
        seminar=seminar, action=SeminarAction.CANCEL, actor=actor, base_url=base_url
    )


# --- the calendar address ---------------------------------------------------------


def feed_key_for(user) -> CalendarFeedKey:
    key, _created = CalendarFeedKey.objects.get_or_create(
        user=user, defaults={"key": secrets.token_urlsafe(32)}
    )
    return key


def feed_key_reset(*, user) -> CalendarFeedKey:
    key = feed_key_for(user)
    key.key = secrets.token_urlsafe(32)
    key.save(update_fields=["key"])
    return key
