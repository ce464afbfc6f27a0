"""Writes of award nominations: nominate, change the statement (and send again), review.

Each step locks the nomination (or the model, for a new one), checks the state against
``NOMINATION_TRANSITIONS``, writes the audit log and tells people, all in one transaction. The
rules on who may do it are the views' (``seminars.awards.permissions``).
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from emulation_cluster import audit
from emulation_cluster.enums import AuditAction
from emulation_cluster.models import ClusterTerm
from models_registry.models import ExemplaryModel
from seminars.awards import notifications
from seminars.awards.enums import (
    NOMINATION_TRANSITIONS,
    REVIEW_ACTIONS,
    NominationAction,
    NominationState,
)
from seminars.awards.models import REASON_MAX_LENGTH, STATEMENT_MAX_LENGTH, Nomination
from seminars.awards.permissions import may_be_nominated

AUDITED_FIELDS = ("statement", "state", "reason")

STEP_REFUSED = {
    NominationAction.RESUBMIT: gettext_lazy("Only a returned nomination is sent again."),
    NominationAction.ACCEPT: gettext_lazy("Only a nomination awaiting review can be accepted."),
    NominationAction.RETURN: gettext_lazy("Only a nomination awaiting review can be returned."),
    NominationAction.DECLINE: gettext_lazy("Only a nomination awaiting review can be declined."),
}


def _city_of(unit):
    while unit.parent_id is not None:
        unit = unit.parent
    return unit


def _term_for(exemplary_model, year: int):
    """The cluster's term of ``year`` in which the model's city was a member; else refused."""
    city = _city_of(exemplary_model.owner_unit)
    term = (
        ClusterTerm.objects.filter(cluster_id=city.cluster_id, year=year)
        .prefetch_related("member_units")
        .first()
    )
    if term is None:
        raise ValidationError(
            _("The cluster has no term for %(year)s: no award can be nominated for it.")
            % {"year": year},
            code="no_term",
        )
    members = {unit.pk for unit in term.member_units.all()}
    if members and city.pk not in members:
        raise ValidationError(
            _("%(unit)s was not a member of the cluster in %(year)s.")
            % {"unit": city.name, "year": year},
            code="not_member",
        )
    if year > timezone.localdate().year:
        raise ValidationError(
            _("The %(year)s award cannot be nominated for before the year begins.")
            % {"year": year},
            code="future",
        )
    return term


def _clean_statement(statement: str) -> str:
    statement = (statement or "").strip()
    if not statement:
        raise ValidationError(
            {"statement": _("Say why this model deserves the award.")}, code="required"
        )
    if len(statement) > STATEMENT_MAX_LENGTH:
        raise ValidationError(
            {"statement": _("At most %(n)d characters.") % {"n": STATEMENT_MAX_LENGTH}},
            code="too_long",
        )
    return statement


def _record(actor, action, nomination, before: dict, note: str = ""):
    changes = audit.diff(before, audit.snapshot(nomination, AUDITED_FIELDS))
    # Nothing to nothing (no reason before, none now) says nothing.
    changes = {name: pair for name, pair in changes.items() if any(pair)}
    audit.record(
        actor=actor,
        action=action,
        target=nomination,
        unit=nomination.nominating_unit,
        changes=changes,
        note=note,
    )


@transaction.atomic
def nomination_submit(*, exemplary_model, year: int, statement: str, actor, base_url: str = ""):
    """Nominate ``exemplary_model`` for ``year``'s award; a second nomination is refused."""
    exemplary_model = (
        ExemplaryModel.objects.select_for_update(of=("self",))
        .select_related("owner_unit__parent__parent")
        .get(pk=exemplary_model.pk)
    )
    if not may_be_nominated(exemplary_model):
        raise ValidationError(
            _("Only a published model that the cluster's members may read can be nominated."),
            code="not_nominable",
        )
    term = _term_for(exemplary_model, year)
    statement = _clean_statement(statement)
    if Nomination.objects.filter(exemplary_model=exemplary_model, year=year).exists():
        raise ValidationError(
            _("“%(model)s” is already nominated for %(year)s.")
            % {"model": exemplary_model.title, "year": year},
            code="duplicate",
        )
    nomination = Nomination(
        exemplary_model=exemplary_model,
        nominating_unit=exemplary_model.owner_unit,
        cluster=term.cluster,
        year=year,
        statement=statement,
        state=NominationState.SUBMITTED,
        submitted_by=actor,
        submitted_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            nomination.save()
    except IntegrityError as error:  # the model row lock makes this a last resort
        raise ValidationError(_("This model is already nominated for that year.")) from error
    nomination.head_unit_id = term.head_unit_id
    _record(actor, AuditAction.CREATE, nomination, {})
    notifications.nomination_sent(nomination, actor=actor, base_url=base_url)
    return nomination


def _locked(nomination):
    locked = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("exemplary_model", "nominating_unit", "cluster", "submitted_by")
        .get(pk=nomination.pk)
    )
    if hasattr(nomination, "head_unit_id"):
        locked.head_unit_id = nomination.head_unit_id
    return locked


@transaction.atomic
def nomination_edit(*, nomination, statement: str, actor, base_url: str = ""):
    """The unit changes its statement; a returned nomination is then sent for review again."""
    nomination = _locked(nomination)
    if not nomination.is_editable:
        raise ValidationError(
            _("This nomination is decided: its statement can no longer change."), code="decided"
        )
    before = audit.snapshot(nomination, AUDITED_FIELDS)
    nomination.statement = _clean_statement(statement)
    again = nomination.state == NominationState.RETURNED
    if again:
        _sources, target = NOMINATION_TRANSITIONS[NominationAction.RESUBMIT]
        nomination.state, nomination.reason = target, ""
        nomination.submitted_at = timezone.now()
    nomination.save()
    _record(actor, AuditAction.CHANGE, nomination, before)
    if again:
        notifications.nomination_sent(nomination, actor=actor, again=True, base_url=base_url)
    return nomination


@transaction.atomic
def nomination_review(*, nomination, action, reason: str = "", actor, base_url: str = ""):
    """Accept, return (with a reason) or decline (with a reason) a nomination awaiting review."""
    action = NominationAction(action)
    if action not in REVIEW_ACTIONS:
        raise ValidationError(_("Choose accept, return or decline."), code="bad_action")
    nomination = _locked(nomination)
    sources, target = NOMINATION_TRANSITIONS[action]
    if nomination.state not in sources:
        raise ValidationError(STEP_REFUSED[action], code="bad_state")
    reason = (reason or "").strip()
    if action.needs_reason and not reason:
        raise ValidationError(
            {"reason": _("Say why: the unit reads it with the decision.")}, code="reason"
        )
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": _("At most %(n)d characters.") % {"n": REASON_MAX_LENGTH}}, code="too_long"
        )
    before = audit.snapshot(nomination, AUDITED_FIELDS)
    nomination.state, nomination.reason = target, reason
    nomination.reviewed_by, nomination.reviewed_at = actor, timezone.now()
    nomination.save()
    audit_action = AuditAction.ACCEPT if action == NominationAction.ACCEPT else AuditAction.CHANGE
    _record(actor, audit_action, nomination, before, note=reason)
    notifications.nomination_decided(nomination, action, actor=actor, base_url=base_url)
    return nomination
