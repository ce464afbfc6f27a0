"""Checks an uploaded file's size and real type before anything is written.

The type is read from the file's first bytes, not trusted from its name or the browser's
Content-Type: a renamed executable is refused even if it is called ``report.pdf``.
"""

from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from models_registry.enums import AttachmentKind


@dataclass(frozen=True)
class FileType:
    extensions: tuple[str, ...]
    content_type: str
    kind: str
    signatures: tuple[bytes, ...]


_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
ALLOWED_TYPES = (
    FileType((".pdf",), "application/pdf", AttachmentKind.DOCUMENT, (b"%PDF-",)),
    FileType(
        (".docx",),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        AttachmentKind.DOCUMENT,
        _ZIP,
    ),
    FileType(
        (".xlsx",),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        AttachmentKind.DOCUMENT,
        _ZIP,
    ),
    FileType(
        (".pptx",),
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        AttachmentKind.DOCUMENT,
        _ZIP,
    ),
    FileType((".odt",), "application/vnd.oasis.opendocument.text", AttachmentKind.DOCUMENT, _ZIP),
    FileType((".doc",), "application/msword", AttachmentKind.DOCUMENT, _OLE),
    FileType((".xls",), "application/vnd.ms-excel", AttachmentKind.DOCUMENT, _OLE),
    FileType((".jpg", ".jpeg"), "image/jpeg", AttachmentKind.PHOTO, (b"\xff\xd8\xff",)),
    FileType((".png",), "image/png", AttachmentKind.PHOTO, (b"\x89PNG\r\n\x1a\n",)),
    FileType((".webp",), "image/webp", AttachmentKind.PHOTO, (b"RIFF",)),
)
ALLOWED_EXTENSIONS = tuple(ext for file_type in ALLOWED_TYPES for ext in file_type.extensions)


def inspect_upload(upload) -> FileType:
    """Return the upload's type, or raise ``ValidationError`` with a message for the user."""
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
            },
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    extension = PurePath(upload.name or "").suffix.lower()
    file_type = next((t for t in ALLOWED_TYPES if extension in t.extensions), None)
    if file_type is None:
        raise ValidationError(
            _("Files of this type are not accepted. Accepted: %(extensions)s.")
            % {"extensions": ", ".join(ALLOWED_EXTENSIONS)},
            code="bad_type",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    matches = any(head.startswith(signature) for signature in file_type.signatures)
    if file_type.extensions == (".webp",):
        matches = matches and head[8:12] == b"WEBP"
    if not matches:
        raise ValidationError(
            _("The content of the file does not match its name (%(extension)s).")
            % {"extension": extension},
            code="bad_content",
        )
    return file_type


def stored_file_response(stored):
    """Send a ``StoredFile``: photos open in the browser, documents download under their name.

    The one download path of the portal (attachments, materials, question attachments). A row
    whose file has gone from storage is a 404, not a crash.
    """
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return FileResponse(
        handle,
        as_attachment=stored.kind != AttachmentKind.PHOTO,
        filename=stored.original_name,
        content_type=stored.content_type,
    )
