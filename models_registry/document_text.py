"""Reading the text of an uploaded document: PDF (pypdf) and Word .docx (python-docx).

This module runs in a child process of its own (``models_registry.text_extraction`` starts it
with limits on time and memory), so it imports nothing of Django: a hostile or broken file can
at worst make the child fail, never the worker that asked. It reads the document from stdin and
writes ``{"text": ..., "unreadable": ...}`` as JSON to stdout:

    python -m models_registry.document_text application/pdf 200000 < guide.pdf

What is read, and what is not:
- PDF: the text of each page, in order, up to ``MAX_PAGES`` pages; an encrypted PDF is read only
  when it opens without a password (owner-password "protection" only); a scanned PDF (images
  only) has no text to give.
- .docx: the body's paragraphs and tables (cells in reading order, merged cells once), including
  tables within tables. The archive is refused before it is opened when it declares more than
  ``DOCX_MAX_UNPACKED_BYTES`` in all, or more than ``DOCX_MAX_ENTRIES`` entries (a zip bomb);
  Python's ``zipfile`` never unpacks more than an entry declares.
- Text is cut at ``max_chars`` characters, put in Unicode NFC (Vietnamese in one form: some PDF
  writers give a base letter and its marks apart) and stripped of NUL and other control
  characters, which PostgreSQL's ``text`` refuses or which mean nothing to a reader.
"""

import io
import json
import re
import sys
import unicodedata
import zipfile

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
READ_TYPES = (PDF, DOCX)

MAX_PAGES = 2000
DOCX_MAX_UNPACKED_BYTES = 64 * 1024 * 1024
DOCX_MAX_ENTRIES = 5000

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_BLANK_LINES = re.compile(r"\n\s*\n\s*\n+")
_SPACES = re.compile(r"[ \t\u00a0]+")


class Unreadable(Exception):
    """The file cannot be read as its type says (broken, locked by a password, too big)."""


def tidy(text: str, max_chars: int) -> str:
    """NFC, no control characters, no runs of spaces or blank lines, at most ``max_chars``."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()[:max_chars].rstrip()


def read_pdf(data: bytes, max_chars: int) -> str:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except Exception as failure:  # an unknown algorithm, a broken dictionary
            raise Unreadable("cannot decrypt") from failure
        if not opened:
            raise Unreadable("locked by a password")
    pages, length = [], 0
    try:
        for number, page in enumerate(reader.pages):
            if number >= MAX_PAGES or length >= max_chars:
                break
            text = page.extract_text() or ""
            pages.append(text)
            length += len(text)
    except FileNotDecryptedError as failure:
        raise Unreadable("locked by a password") from failure
    return "\n\n".join(pages)


def _docx_archive_check(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile as failure:
        raise Unreadable("not a zip archive") from failure
    if len(entries) > DOCX_MAX_ENTRIES:
        raise Unreadable(f"{len(entries)} entries in the archive")
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > DOCX_MAX_UNPACKED_BYTES:
        raise Unreadable(f"{unpacked} bytes once unpacked")


def _docx_blocks(container, seen: dict):
    """The text of paragraphs and tables in reading order (python-docx ≥ 1.0).

    ``seen`` keeps each cell's element (by ``id``) that was read: a merged cell comes back once
    per grid column and row it spans. The elements are kept, not only their ids: lxml makes a
    new proxy object for an element each time, and a dead proxy's id is reused."""
    from docx.table import Table

    for block in container.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells = []
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen[id(cell._tc)] = cell._tc
                    cells.append(" ".join(_docx_blocks(cell, seen)))
                yield " | ".join(text for text in cells if text)
        else:
            yield block.text


def read_docx(data: bytes, max_chars: int) -> str:
    import docx

    _docx_archive_check(data)
    document = docx.Document(io.BytesIO(data))
    parts, length = [], 0
    for text in _docx_blocks(document, {}):
        parts.append(text)
        length += len(text) + 1
        if length >= max_chars:
            break
    return "\n".join(parts)


READERS = {PDF: read_pdf, DOCX: read_docx}


def read_text(data: bytes, content_type: str, max_chars: int) -> str:
    """The document's text, tidied; raises ``Unreadable`` for a file that cannot be read."""
    reader = READERS[content_type]
    try:
        text = reader(data, max_chars)
    except Unreadable:
        raise
    except RecursionError as failure:
        raise Unreadable("nested too deeply") from failure
    except Exception as failure:  # noqa: BLE001 - any parser error means a broken file
        raise Unreadable(f"{type(failure).__name__}: {failure}"[:300]) from failure
    return tidy(text, max_chars)


def _limit_self(seconds: int, memory_bytes: int) -> None:
    """Limits on this process (set here, not by the parent: no ``preexec_fn`` in a worker's
    threads): CPU time (SIGXCPU ends it) and address space (a ``MemoryError`` instead)."""
    import resource

    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))


def main(argv: list[str]) -> int:
    """``content_type max_chars [cpu_seconds memory_bytes]``; the document on stdin."""
    content_type, max_chars = argv[0], int(argv[1])
    if len(argv) >= 4:
        _limit_self(int(argv[2]), int(argv[3]))
    data = sys.stdin.buffer.read()
    try:
        result = {"text": read_text(data, content_type, max_chars), "unreadable": ""}
    except Unreadable as failure:
        result = {"text": "", "unreadable": str(failure) or "unreadable"}
    sys.stdout.write(json.dumps(result, ensure_ascii=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
