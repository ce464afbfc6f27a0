"""Writes to the registry: each one a small domain function that views and commands call."""

from django.db import transaction
from django.utils import timezone

from models_registry.models import Attachment, ExemplaryModel, Replication


@transaction.atomic
def model_save(*, form, indicator_formset, author=None) -> ExemplaryModel:
    """Save a model's write-up and its indicators together (both already validated)."""
    exemplary_model = form.save(commit=False)
    if exemplary_model.pk is None:
        exemplary_model.created_by = author
    exemplary_model.full_clean()
    exemplary_model.save()
    form.save_m2m()
    indicator_formset.instance = exemplary_model
    indicator_formset.save()
    return exemplary_model


def model_publish(*, exemplary_model: ExemplaryModel) -> ExemplaryModel:
    if exemplary_model.published_at is None:
        exemplary_model.published_at = timezone.now()
        exemplary_model.save(update_fields=["published_at", "updated_at"])
    return exemplary_model


def model_unpublish(*, exemplary_model: ExemplaryModel) -> ExemplaryModel:
    """Back to draft; a cluster verification does not survive it (the text may change)."""
    exemplary_model.published_at = None
    exemplary_model.verified_at = None
    exemplary_model.verified_by = None
    exemplary_model.save(update_fields=["published_at", "verified_at", "verified_by", "updated_at"])
    return exemplary_model


def model_verify(*, exemplary_model: ExemplaryModel, verifier, verified: bool = True):
    exemplary_model.verified_at = timezone.now() if verified else None
    exemplary_model.verified_by = verifier if verified else None
    exemplary_model.save(update_fields=["verified_at", "verified_by", "updated_at"])
    return exemplary_model


def attachment_create(*, exemplary_model, title, upload, file_type, uploader) -> Attachment:
    attachment = Attachment(
        exemplary_model=exemplary_model,
        title=title,
        original_name=upload.name[:255],
        kind=file_type.kind,
        content_type=file_type.content_type,
        size=upload.size,
        uploaded_by=uploader,
    )
    attachment.file.save(upload.name, upload, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def replication_save(*, form, indicator_formset, recorder=None) -> Replication:
    replication = form.save(commit=False)
    if replication.pk is None:
        replication.recorded_by = recorder
    replication.full_clean()
    replication.save()
    indicator_formset.instance = replication
    indicator_formset.save()
    return replication
