"""After the seminar: minutes, lessons and solutions; and its documents and slides."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation_cluster import audit
from emulation_cluster.enums import AuditAction
from emulation_cluster.formsets import rows_save
from seminars.enums import SEMINAR_TRANSITIONS, SeminarAction, SeminarStatus
from seminars.models import (
    Lesson,
    Seminar,
    SeminarMaterial,
    Solution,
)
from seminars.services.base import (
    OUTCOME_FIELDS,
    audit_seminar,
    require_editable,
)


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
    require_editable(previous)
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
        audit_seminar(actor, AuditAction.CHANGE, seminar, seminar, changes)
    return seminar


# --- materials --------------------------------------------------------------------------------


def material_create(*, seminar, agenda_item, title, upload, file_type, uploader) -> SeminarMaterial:
    require_editable(seminar)
    material = SeminarMaterial(seminar=seminar, agenda_item=agenda_item, title=title)
    material.store(upload=upload, file_type=file_type, uploader=uploader)
    audit_seminar(uploader, AuditAction.CREATE, material, seminar, {"title": [None, title]})
    return material


def material_delete(*, material: SeminarMaterial, actor=None) -> None:
    require_editable(material.seminar)
    audit_seminar(
        actor,
        AuditAction.DELETE,
        material,
        material.seminar,
        {"title": [material.title, None], "original_name": [material.original_name, None]},
    )
    stored = material.file
    material.delete()
    transaction.on_commit(lambda: stored.delete(save=False))
