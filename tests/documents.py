"""Real, small documents made in the test: a PDF with Vietnamese text, a .docx, a locked PDF.

``pdf_bytes`` writes a valid PDF by hand: one page per list of lines, a standard font whose
single-byte codes are mapped to Unicode by a ``/ToUnicode`` CMap (as PDF writers do for any
text outside Latin-1), so that a reader recovers "Tuần tra ban đêm" exactly.
"""

import io

import docx
from pypdf import PdfReader, PdfWriter


def _codes(pages: list[list[str]]) -> dict[str, int]:
    characters = sorted({char for lines in pages for line in lines for char in line})
    assert len(characters) < 250, "one single-byte font holds at most 250 characters"
    return {char: number + 1 for number, char in enumerate(characters)}


def _to_unicode(codes: dict[str, int]) -> bytes:
    mappings = "\n".join(
        f"<{code:02X}> <{ord(char):04X}>"
        for char, code in sorted(codes.items(), key=lambda x: x[1])
    )
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
        f"{len(codes)} beginbfchar\n{mappings}\nendbfchar\n"
        "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode("ascii")


def _content(lines: list[str], codes: dict[str, int]) -> bytes:
    shown = "".join(f"<{''.join(f'{codes[c]:02X}' for c in line)}> Tj 0 -20 Td\n" for line in lines)
    return f"BT /F1 12 Tf 72 720 Td\n{shown}ET\n".encode("ascii")


def pdf_bytes(pages: list[list[str]]) -> bytes:
    """A PDF of ``pages`` (each a list of lines); an empty list of lines is a page without text
    (as a scanned page is to a text reader)."""
    codes = _codes(pages)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        None,  # the page tree, once the pages' numbers are known
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 1 /LastChar 255"
        b" /Widths [" + b" 500" * 255 + b"] /ToUnicode 4 0 R >>",
        None,  # the CMap stream
    ]
    cmap = _to_unicode(codes) if codes else b""
    objects[3] = b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream"
    kids = []
    for lines in pages:
        content = _content(lines, codes)
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R"
            b" /Resources << /Font << /F1 3 0 R >> >> >>" % len(objects)
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def locked_pdf(pdf: bytes, *, user_password: str, owner_password: str = "owner") -> bytes:
    """``pdf`` encrypted (AES-128); with an empty ``user_password`` it opens without asking."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password, owner_password, algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes(paragraphs: list[str], table: list[list[str]] = ()) -> bytes:
    """A Word document of ``paragraphs`` then a table of ``table``'s rows."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, cells in zip(grid.rows, table, strict=True):
            for cell, text in zip(row.cells, cells, strict=True):
                cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_bomb_docx(unpacked_bytes: int) -> bytes:
    """A .docx-looking archive whose document unpacks to ``unpacked_bytes`` of spaces."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            block = b" " * (1024 * 1024)
            for _ in range(unpacked_bytes // len(block)):
                entry.write(block)
    return out.getvalue()


def run_document_jobs() -> list[str]:
    """Run the waiting ``documents`` jobs that the test's own transaction deferred, as the
    worker would (``tests/outbox.py`` does the same for mail); returns what each returned."""
    import json

    from django.db import connection
    from procrastinate.contrib.django import app

    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM procrastinate_jobs WHERE status = 'todo' AND queue_name = 'documents'"
            " RETURNING task_name, args"
        )
        jobs = cursor.fetchall()
    return [app.tasks[task_name](**json.loads(args)) for task_name, args in jobs]
