"""What every write to a seminar shares: its audit record, and the check that it may change."""

from django.core.exceptions import ValidationError

from emulation_cluster import audit
from emulation_cluster.enums import AuditAction

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


def audit_seminar(actor, action, target, seminar, changes=None):
    """Every write to a seminar goes to the audit log, under the seminar's history."""
    audit.record(
        actor=actor,
        action=action,
        target=target,
        subject=seminar,
        unit=seminar.host_unit,
        changes=changes,
    )


def status_change(actor, seminar, before):
    audit_seminar(actor, AuditAction.CHANGE, seminar, seminar, {"status": [before, seminar.status]})


def require_editable(seminar):
    if not seminar.is_editable:
        raise ValidationError(seminar.not_editable_message(), code="not_editable")
