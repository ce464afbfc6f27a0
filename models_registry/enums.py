from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ModelKind(models.TextChoices):
    MODEL = "model", pgettext_lazy("model kind", "Exemplary model")
    THEMATIC = "thematic", _("Thematic programme")
    INITIATIVE = "initiative", _("Initiative")


class ModelStatus(models.TextChoices):
    PILOT = "pilot", pgettext_lazy("model status", "Pilot")
    OPERATING = "operating", _("In operation")
    REPLICATED = "replicated", _("Replicated")
    RETIRED = "retired", _("Retired")


class ReplicationState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    PILOT = "pilot", pgettext_lazy("replication state", "Pilot")
    IN_USE = "in_use", _("In use")
    DROPPED = "dropped", _("Dropped")


class EvidenceLevel(models.TextChoices):
    """How far a model's results can be trusted, from the unit's word to proven spread."""

    SELF_REPORTED = "self_reported", _("Self-reported")
    VERIFIED = "verified", _("Verified by the cluster")
    REPLICATED = "replicated", _("Replicated with results")


class AttachmentKind(models.TextChoices):
    DOCUMENT = "document", _("Document")
    PHOTO = "photo", _("Photo")


class TextExtraction(models.TextChoices):
    """Where reading an upload's text stands (``models_registry.text_extraction``).

    The text is read once, by a background job deferred with the upload; ``pending`` rows are
    the ones that job (or ``manage.py extract_attachment_text --missing``) has still to read."""

    PENDING = "pending", _("Waiting to be read")
    DONE = "done", _("Text read")
    NO_TEXT = "no_text", _("No text found")
    UNREADABLE = "unreadable", _("Unreadable")
    NOT_READ = "not_read", _("Type not read")
