"""Uploads: the shared shape of every stored file, and a model's attachments."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from emulation_cluster.enums import Visibility
from models_registry.document_text import READ_TYPES
from models_registry.enums import (
    AttachmentKind,
    TextExtraction,
)

# The most of a document's text that is kept (and indexed for search): about 60 pages of dense
# prose. A longer document is searchable by its first 200,000 characters.
EXTRACTED_TEXT_MAX_CHARS = 200_000


def random_upload_name(folder: str, filename: str) -> str:
    """Where an upload is stored: a random name, so the uploader's name is kept only as data."""
    suffix = PurePath(filename).suffix.lower()
    return f"{folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


def attachment_path(attachment, filename: str) -> str:
    return random_upload_name("attachments", filename)


class StoredFile(models.Model):
    """An uploaded document or photo, checked before saving and served only through a view.

    Subclasses declare their own ``file`` field (for their own folder).
    """

    title = models.CharField(_("title"), max_length=200)
    original_name = models.CharField(_("original file name"), max_length=255, editable=False)
    kind = models.CharField(
        _("kind"), max_length=16, choices=AttachmentKind.choices, editable=False
    )
    content_type = models.CharField(_("content type"), max_length=100, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"), editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    # The document's own text (accents kept), read once after the upload by a background job
    # (``models_registry.text_extraction``), at most ``EXTRACTED_TEXT_MAX_CHARS`` characters.
    extracted_text = models.TextField(_("text of the document"), blank=True, editable=False)
    text_extraction = models.CharField(
        _("text extraction"),
        max_length=16,
        choices=TextExtraction.choices,
        default=TextExtraction.PENDING,
        editable=False,
    )
    text_extracted_at = models.DateTimeField(
        _("text read at"), null=True, blank=True, editable=False
    )

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.title

    def store(self, *, upload, file_type, uploader):
        """Record what ``inspect_upload`` found, write the file, save the row, and have the
        worker read the document's text (``models_registry.text_extraction``) once the
        caller's transaction commits (the job is a row in that same transaction)."""
        self.original_name = upload.name[:255]
        self.kind = file_type.kind
        self.content_type = file_type.content_type
        self.size = upload.size
        self.uploaded_by = uploader
        readable = self.content_type in READ_TYPES
        self.text_extraction = TextExtraction.PENDING if readable else TextExtraction.NOT_READ
        self.file.save(upload.name, upload, save=False)
        self.save()
        if readable:
            self.text_reading_defer()
        return self

    def text_reading_defer(self) -> None:
        from models_registry.tasks import read_document_text

        read_document_text.defer(stored_file=self._meta.label_lower, pk=self.pk)


class Attachment(StoredFile):
    exemplary_model = models.ForeignKey(
        "models_registry.ExemplaryModel",
        verbose_name=_("exemplary model"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    visibility = models.CharField(
        _("visibility"),
        max_length=16,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
        help_text=_("Never wider than the model's own visibility."),
    )

    class Meta(StoredFile.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def get_absolute_url(self):
        return reverse(
            "attachment_download",
            kwargs={"slug": self.exemplary_model.slug, "pk": self.pk},
        )
