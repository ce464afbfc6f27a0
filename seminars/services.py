"""Writes to seminars: small domain functions that views and commands call.

Each refuses bad input with a ``ValidationError`` whose message the page shows beside the form,
so that nothing the user typed is lost.
"""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from emulation_cluster import audit
from emulation_cluster.dates import local_datetime
from emulation_cluster.enums import AuditAction
from emulation_cluster.formsets import rows_save
from seminars.enums import SEMINAR_TRANSITIONS, NotifyReason, SeminarAction, SeminarStatus
from seminars.models import (
    AgendaItem,
    CalendarFeedKey,
    Lesson,
    Seminar,
    SeminarInvitation,
    SeminarMaterial,
    Solution,
)
from seminars.notifications import notify_units

WHEN_AND_WHERE = ("starts_at", "ends_at", "venue", "online_url")
AGENDA_FIELDS = (
    "starts_at",
    "kind",
    "title",
    "presenting_unit",
    "speaker",
    "exemplary_model",
    "is_guest_presentation",
)
REPLY_FIELDS = ("reply", "delegation_size", "delegation_names")
OUTCOME_FIELDS = ("minutes", "questions_and_answers", "status")
# What editing a seminar changes: never its status, minutes or revision behind another's back.
DETAIL_FIELDS = (
    "title",
    "cluster",
    "host_unit",
    *WHEN_AND_WHERE,
    "chair_name",
    "chair_user",
    "description",
    "reply_deadline",
)


def _audit(actor, action, target, seminar, changes=None):
    """Every write to a seminar goes to the audit log, under the seminar's history."""
    audit.record(
        actor=actor,
        action=action,
        target=target,
        subject=seminar,
        unit=seminar.host_unit,
        changes=changes,
    )


def _status_change(actor, seminar, before):
    _audit(actor, AuditAction.CHANGE, seminar, seminar, {"status": [before, seminar.status]})


def _require_editable(seminar):
    if not seminar.is_editable:
        raise ValidationError(seminar.not_editable_message(), code="not_editable")


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
        _require_editable(previous)
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
        _audit(author, action, seminar, seminar, changes)
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
    _status_change(actor, seminar, before)
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


# --- agenda -----------------------------------------------------------------------------------


def _renumber(seminar):
    """Positions 1, 2, 3 … in time order (ties keep their current order)."""
    items = list(seminar.agenda_items.order_by("starts_at", "position", "id"))
    for position, item in enumerate(items, start=1):
        item.position = position
    AgendaItem.objects.bulk_update(items, ["position"])


@transaction.atomic
def agenda_item_save(*, item: AgendaItem, actor=None) -> AgendaItem:
    _require_editable(item.seminar)
    creating = item.pk is None
    before = {} if creating else audit.snapshot(AgendaItem.objects.get(pk=item.pk), AGENDA_FIELDS)
    if creating:
        item.position = (item.seminar.agenda_items.count() or 0) + 1
    item.full_clean()
    item.save()
    changes = audit.diff(before, audit.snapshot(item, AGENDA_FIELDS))
    if creating or changes:
        action = AuditAction.CREATE if creating else AuditAction.CHANGE
        _audit(actor, action, item, item.seminar, changes)
    _renumber(item.seminar)
    item.refresh_from_db(fields=["position"])
    return item


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, direction: str, actor=None) -> AgendaItem | None:
    """Swap the item with its neighbour: places and start times (each slot keeps its time).

    Returns the neighbour, or None when the item is already first (or last).
    """
    _require_editable(item.seminar)
    siblings = item.seminar.agenda_items.select_for_update()
    if direction == "up":
        neighbour = siblings.filter(position__lt=item.position).order_by("-position").first()
    elif direction == "down":
        neighbour = siblings.filter(position__gt=item.position).order_by("position").first()
    else:
        raise ValidationError(_("Unknown direction."), code="bad_direction")
    if neighbour is None:
        return None
    item.position, neighbour.position = neighbour.position, item.position
    item.starts_at, neighbour.starts_at = neighbour.starts_at, item.starts_at
    AgendaItem.objects.bulk_update([item, neighbour], ["position", "starts_at"])
    _audit(
        actor,
        AuditAction.CHANGE,
        item,
        item.seminar,
        {"position": [neighbour.position, item.position]},
    )
    return neighbour


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, actor=None) -> None:
    _require_editable(item.seminar)
    seminar = item.seminar
    # The item itself goes; what it was stays in the seminar's audit history.
    removed = {name: [value, None] for name, value in audit.snapshot(item, AGENDA_FIELDS).items()}
    _audit(actor, AuditAction.DELETE, item, seminar, removed)
    item.delete()
    _renumber(seminar)


# --- invitations and replies ------------------------------------------------------------------


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
    already = set(seminar.invitations.values_list("unit_id", flat=True))
    new = [
        SeminarInvitation(seminar=seminar, unit=unit) for unit in units if unit.pk not in already
    ]
    SeminarInvitation.objects.bulk_create(new)
    for invitation in new:
        _audit(
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
    _audit(
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
    _require_editable(seminar)
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
        _audit(actor, AuditAction.CHANGE, invitation, seminar, {"attendance": [before, after]})


# --- after the seminar ------------------------------------------------------------------------


def _findings_save(seminar, model_class, rows) -> list[str] | None:
    """Lessons or solutions from formset rows; what they read now if any changed."""
    if not rows:
        return None
    rows_save(
        model_class, rows, owner_field="seminar", owner=seminar, many_to_many=("exemplary_models",)
    )
    return [str(finding) for finding in model_class.objects.filter(seminar=seminar)]


@transaction.atomic
def outcome_save(
    *,
    seminar: Seminar,
    minutes: str,
    questions_and_answers: str,
    lessons=(),
    solutions=(),
    now=None,
    actor=None,
) -> Seminar:
    """Minutes, questions and answers, lessons and solutions; a started seminar becomes held."""
    now = now or timezone.now()
    previous = Seminar.objects.select_for_update().get(pk=seminar.pk)
    _require_editable(previous)
    if previous.status == SeminarStatus.DRAFT or previous.starts_at > now:
        raise ValidationError(
            _("The outcome is recorded once the seminar has started."), code="not_started"
        )
    seminar.minutes, seminar.questions_and_answers = minutes, questions_and_answers
    sources, held = SEMINAR_TRANSITIONS[SeminarAction.MARK_HELD]
    if previous.status in sources:
        seminar.status = held
    seminar.save(update_fields=["minutes", "questions_and_answers", "status", "updated_at"])
    changes = audit.diff(
        audit.snapshot(previous, OUTCOME_FIELDS), audit.snapshot(seminar, OUTCOME_FIELDS)
    )
    for name, model_class, rows in (
        ("lessons", Lesson, lessons),
        ("solutions", Solution, solutions),
    ):
        if (now_reads := _findings_save(seminar, model_class, rows)) is not None:
            changes[name] = [None, now_reads]
    if changes:
        _audit(actor, AuditAction.CHANGE, seminar, seminar, changes)
    return seminar


# --- materials --------------------------------------------------------------------------------


def material_create(*, seminar, agenda_item, title, upload, file_type, uploader) -> SeminarMaterial:
    _require_editable(seminar)
    material = SeminarMaterial(seminar=seminar, agenda_item=agenda_item, title=title)
    material.store(upload=upload, file_type=file_type, uploader=uploader)
    _audit(uploader, AuditAction.CREATE, material, seminar, {"title": [None, title]})
    return material


def material_delete(*, material: SeminarMaterial, actor=None) -> None:
    _require_editable(material.seminar)
    _audit(
        actor,
        AuditAction.DELETE,
        material,
        material.seminar,
        {"title": [material.title, None], "original_name": [material.original_name, None]},
    )
    stored = material.file
    material.delete()
    transaction.on_commit(lambda: stored.delete(save=False))


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
