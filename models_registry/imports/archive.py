"""Opening an uploaded Office file (a zip) safely, before a library parses it.

The upload check (``models_registry.uploads``) has already limited the file's size and read its
first bytes; a small zip can still unpack to gigabytes, so the unpacked size is limited too.
"""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from lxml.etree import XMLSyntaxError

# A document or workbook unpacks to a few times its size; more is refused as a zip bomb.
UNPACKED_FACTOR = 20

# What the libraries raise on a damaged or foreign file (python-docx, openpyxl, zipfile, lxml).
UNREADABLE = (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ValueError, TypeError,
              IndexError, AttributeError, OSError, EOFError, XMLSyntaxError)  # fmt: skip


def unreadable(kind_of_file) -> ValidationError:
    return ValidationError(
        _("The file cannot be read as %(kind)s: it may be damaged or of another type.")
        % {"kind": kind_of_file},
        code="unreadable",
    )


def check_archive(upload, kind_of_file) -> None:
    """Refuse a file that is not a zip, or that unpacks to far more than the size limit."""
    limit = settings.ATTACHMENT_MAX_BYTES * UNPACKED_FACTOR
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
    except UNREADABLE as error:
        raise unreadable(kind_of_file) from error
    finally:
        upload.seek(0)
    if unpacked > limit:
        raise ValidationError(
            _("The file unpacks to %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(unpacked), "limit": filesizeformat(limit)},
            code="too_large",
        )
