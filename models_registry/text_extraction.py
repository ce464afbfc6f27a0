"""The text of every uploaded document, read once and kept on its row for search.

An upload (``StoredFile.store``: a model's attachment, a seminar material, a question's
attachment) defers a ``read_document_text`` job in the upload's own transaction; the worker reads
the file (``extract_text``) and saves the text with ``save(update_fields=TEXT_FIELDS)``, which is
what search listens to. ``manage.py extract_attachment_text`` reads the files uploaded before.

The reading itself runs in a child process (``models_registry.document_text``) under limits, so
that no file can hang, exhaust or crash the worker: a file that passes them is recorded as
``unreadable`` with empty text, and the reason is logged. The limits:

- ``DOCUMENT_MAX_BYTES`` (50 MB) of file: bigger files are not opened (uploads stop at
  ``ATTACHMENT_MAX_BYTES``, 10 MB by default);
- ``READING_SECONDS`` (60 s) of wall-clock and of CPU time for one file;
- ``READING_MEMORY_BYTES`` (1 GiB) of address space for the child;
- ``EXTRACTED_TEXT_MAX_CHARS`` (200,000) characters kept, and the limits of
  ``document_text`` (pages of a PDF, unpacked size of a .docx).
"""

import json
import logging
import math
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from models_registry import document_text
from models_registry.enums import TextExtraction
from models_registry.models.files import EXTRACTED_TEXT_MAX_CHARS, StoredFile

logger = logging.getLogger(__name__)

DOCUMENT_MAX_BYTES = 50 * 1024 * 1024
READING_SECONDS = 60
READING_MEMORY_BYTES = 1024 * 1024 * 1024
TEXT_FIELDS = ["extracted_text", "text_extraction", "text_extracted_at"]
_PROJECT_DIR = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Reading:
    """What reading a file gave: its state, its text (empty unless ``done``), why not."""

    state: TextExtraction
    text: str = ""
    reason: str = ""


def _file_bytes(file) -> bytes:
    """At most ``DOCUMENT_MAX_BYTES`` + 1 bytes of a stored file or an open binary file."""
    if isinstance(file, FieldFile):
        with file.open("rb") as handle:
            return handle.read(DOCUMENT_MAX_BYTES + 1)
    if hasattr(file, "seek"):
        file.seek(0)
    return file.read(DOCUMENT_MAX_BYTES + 1)


def _run_reader(data: bytes, content_type: str) -> Reading:
    try:
        child = subprocess.run(
            [
                sys.executable,
                "-m",
                "models_registry.document_text",
                content_type,
                str(EXTRACTED_TEXT_MAX_CHARS),
                str(math.ceil(READING_SECONDS)),
                str(READING_MEMORY_BYTES),
            ],
            input=data,
            capture_output=True,
            cwd=_PROJECT_DIR,
            timeout=READING_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Reading(TextExtraction.UNREADABLE, reason=f"took over {READING_SECONDS} s")
    if child.returncode != 0:
        tail = child.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        return Reading(
            TextExtraction.UNREADABLE, reason=f"reader exited {child.returncode}: {tail[0]}"
        )
    try:
        answer = json.loads(child.stdout)
    except ValueError:
        return Reading(TextExtraction.UNREADABLE, reason="reader gave no answer")
    if answer["unreadable"]:
        return Reading(TextExtraction.UNREADABLE, reason=answer["unreadable"])
    if not answer["text"].strip():
        return Reading(TextExtraction.NO_TEXT, reason="no text (scanned pages?)")
    return Reading(TextExtraction.DONE, text=answer["text"])


def extract_text(file, content_type: str) -> Reading:
    """The text of ``file`` (a stored file or an open binary file) of type ``content_type``.

    Never raises for what is in the file or whether it is still there: every failure is a
    ``Reading`` with empty text and a state (``not_read`` for a type that has no text reader:
    photos, spreadsheets, slides, old Word files)."""
    if content_type not in document_text.READ_TYPES:
        return Reading(TextExtraction.NOT_READ)
    try:
        data = _file_bytes(file)
    except (OSError, ValueError) as failure:
        return Reading(TextExtraction.UNREADABLE, reason=f"cannot open the file: {failure}")
    if len(data) > DOCUMENT_MAX_BYTES:
        return Reading(TextExtraction.UNREADABLE, reason=f"over {DOCUMENT_MAX_BYTES} bytes")
    if not data:
        return Reading(TextExtraction.UNREADABLE, reason="empty file")
    return _run_reader(data, content_type)


def stored_file_models() -> list[type[StoredFile]]:
    """Every concrete kind of upload, of whichever app (a lower app names no higher one)."""
    return [model for model in apps.get_models() if issubclass(model, StoredFile)]


def stored_file_model(label: str) -> type[StoredFile]:
    model = apps.get_model(label)
    if not issubclass(model, StoredFile):
        raise LookupError(f"{label} is not an upload")
    return model


def stored_file_read(stored: StoredFile) -> Reading | None:
    """Read ``stored``'s text and save it on its row; ``None`` when the row has gone meanwhile.

    The file is read outside any transaction (it may take a minute); the row is locked only to
    write the result, and only the text fields are written."""
    reading = extract_text(stored.file, stored.content_type)
    if reading.state == TextExtraction.UNREADABLE:
        logger.warning("%s %s: text unreadable: %s", stored._meta.label, stored.pk, reading.reason)
    with transaction.atomic():
        current = type(stored).objects.select_for_update().filter(pk=stored.pk).first()
        if current is None:
            return None
        current.extracted_text = reading.text
        current.text_extraction = reading.state
        current.text_extracted_at = timezone.now()
        current.save(update_fields=TEXT_FIELDS)
    return reading


def texts_backfill(*, everything: bool = False, report=None) -> dict[str, int]:
    """Read the files still ``pending`` (all files with ``everything``); counts by state.

    ``report(row, reading)`` is told of each file read (the command prints a line)."""
    counts = {state: 0 for state in TextExtraction.values}
    for model in stored_file_models():
        rows = model.objects.all()
        if not everything:
            rows = rows.filter(text_extraction=TextExtraction.PENDING)
        for pk in rows.order_by("pk").values_list("pk", flat=True).iterator():
            stored = model.objects.filter(pk=pk).first()
            if stored is None:
                continue
            reading = stored_file_read(stored)
            if reading is None:
                continue
            counts[reading.state] += 1
            if report:
                report(stored, reading)
    return counts
