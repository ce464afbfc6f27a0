"""Writes to the registry: each one a small domain function that views and commands call.

Every write is recorded in the audit log with its before and after.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from emulation_cluster import audit
from emulation_cluster.enums import AuditAction
from emulation_cluster.formsets import rows_save
from models_registry.models import (
    WRITE_UP_FIELDS,
    Attachment,
    ExemplaryModel,
    Indicator,
    Replication,
)

AUDITED_MODEL_FIELDS = (
    "title",
    "kind",
    "owner_unit",
    "status",
    "started_on",
    "visibility",
    "topics",
    "partners",
    *WRITE_UP_FIELDS,
    "has_guide",
    "training_offered",
    "cost_known",
    "contact_name",
    "contact_details",
)
AUDITED_REPLICATION_FIELDS = ("adopting_unit", "state", "started_on", "adaptations")


def _indicator_lines(owner) -> list[str]:
    if owner.pk is None:
        return []
    return [
        f"{i.name}: {i.baseline} → {i.result} {i.unit_of_measure} ({i.period})".strip()
        for i in owner.indicators.all()
    ]


def _state_of(instance, fields) -> dict:
    return {**audit.snapshot(instance, fields), "indicators": _indicator_lines(instance)}


MODEL_MANY_TO_MANY = ("topics", "partners")


def _assign(instance, fields: dict, many_to_many=()) -> dict:
    """Set the plain fields on ``instance``; return the many-to-many ones to set after saving."""
    later = {}
    for name, value in fields.items():
        if name in many_to_many:
            later[name] = value
        else:
            setattr(instance, name, value)
    return later


@transaction.atomic
def model_save(*, exemplary_model=None, fields: dict, indicators=(), attachment=None, author=None):
    """Create or change a model's write-up, its indicators and a new attachment together.

    ``fields`` are the write-up's values (topics and partners as lists), ``indicators`` the rows
    of ``emulation_cluster.formsets.formset_rows``, ``attachment`` what ``attachment_create``
    takes (title, upload, file_type, visibility) or None.
    """
    creating = exemplary_model is None or exemplary_model.pk is None
    if creating:
        exemplary_model = exemplary_model or ExemplaryModel()
        exemplary_model.created_by = author
        before = {}
    else:
        before = _state_of(ExemplaryModel.objects.get(pk=exemplary_model.pk), AUDITED_MODEL_FIELDS)
    later = _assign(exemplary_model, fields, MODEL_MANY_TO_MANY)
    exemplary_model.full_clean()
    exemplary_model.save()
    for name, values in later.items():
        getattr(exemplary_model, name).set(values)
    rows_save(Indicator, indicators, owner_field="exemplary_model", owner=exemplary_model)
    changes = audit.diff(before, _state_of(exemplary_model, AUDITED_MODEL_FIELDS))
    if creating or changes:
        audit.record(
            actor=author,
            action=AuditAction.CREATE if creating else AuditAction.CHANGE,
            target=exemplary_model,
            unit=exemplary_model.owner_unit,
            changes=changes,
        )
    if attachment:
        attachment_create(exemplary_model=exemplary_model, uploader=author, **attachment)
    return exemplary_model


def models_import(*, rows: list[dict], author) -> tuple[list, dict[int, list[str]]]:
    """A draft per row of ``fields`` (as ``model_save`` takes them), all of them or none.

    Returns (the models made, {row index: reasons}); when any row is refused, nothing is kept.
    """
    made, refused = [], {}
    with transaction.atomic():
        for index, fields in enumerate(rows):
            try:
                made.append(model_save(fields=fields, author=author))
            except ValidationError as error:
                refused[index] = error.messages
        if refused:
            transaction.set_rollback(True)
            return [], refused
    return made, {}


def _record_model(exemplary_model, actor, action, changed_fields):
    audit.record(
        actor=actor,
        action=action,
        target=exemplary_model,
        unit=exemplary_model.owner_unit,
        changes={
            field: [None, audit.snapshot(exemplary_model, [field])[field]]
            for field in changed_fields
        },
    )


def model_publish(*, exemplary_model: ExemplaryModel, actor=None) -> ExemplaryModel:
    if exemplary_model.published_at is None:
        exemplary_model.published_at = timezone.now()
        exemplary_model.save(update_fields=["published_at", "updated_at"])
        _record_model(exemplary_model, actor, AuditAction.PUBLISH, ["published_at"])
    return exemplary_model


def model_unpublish(*, exemplary_model: ExemplaryModel, actor=None) -> ExemplaryModel:
    """Back to draft; a cluster verification does not survive it (the text may change)."""
    before = audit.snapshot(exemplary_model, ["published_at", "verified_at"])
    exemplary_model.published_at = None
    exemplary_model.verified_at = None
    exemplary_model.verified_by = None
    exemplary_model.save(update_fields=["published_at", "verified_at", "verified_by", "updated_at"])
    audit.record(
        actor=actor,
        action=AuditAction.UNPUBLISH,
        target=exemplary_model,
        unit=exemplary_model.owner_unit,
        changes=audit.diff(before, audit.snapshot(exemplary_model, before)),
    )
    return exemplary_model


def model_verify(*, exemplary_model: ExemplaryModel, verifier, verified: bool = True):
    exemplary_model.verified_at = timezone.now() if verified else None
    exemplary_model.verified_by = verifier if verified else None
    exemplary_model.save(update_fields=["verified_at", "verified_by", "updated_at"])
    _record_model(exemplary_model, verifier, AuditAction.VERIFY, ["verified_at"])
    return exemplary_model


def attachment_create(
    *, exemplary_model, title, upload, file_type, uploader, visibility=None
) -> Attachment:
    attachment = Attachment(exemplary_model=exemplary_model, title=title)
    if visibility:
        attachment.visibility = visibility
    attachment.store(upload=upload, file_type=file_type, uploader=uploader)
    audit.record(
        actor=uploader,
        action=AuditAction.CREATE,
        target=attachment,
        subject=exemplary_model,
        unit=exemplary_model.owner_unit,
        changes={
            "title": [None, title],
            "original_name": [None, attachment.original_name],
            "visibility": [None, attachment.visibility],
        },
    )
    return attachment


@transaction.atomic
def replication_save(
    *, replication=None, exemplary_model=None, fields: dict, indicators=(), recorder=None
) -> Replication:
    """Record (or change) that a unit replicates a model, with its own results."""
    creating = replication is None or replication.pk is None
    if creating:
        replication = replication or Replication(exemplary_model=exemplary_model)
        replication.recorded_by = recorder
        before = {}
    else:
        before = _state_of(Replication.objects.get(pk=replication.pk), AUDITED_REPLICATION_FIELDS)
    _assign(replication, fields)
    replication.full_clean()
    replication.save()
    rows_save(Indicator, indicators, owner_field="replication", owner=replication)
    changes = audit.diff(before, _state_of(replication, AUDITED_REPLICATION_FIELDS))
    if creating or changes:
        audit.record(
            actor=recorder,
            action=AuditAction.CREATE if creating else AuditAction.CHANGE,
            target=replication,
            subject=replication.exemplary_model,
            unit=replication.adopting_unit,
            changes=changes,
        )
    return replication
