"""Word documents (.docx) laid out as a Vietnamese office files them, whatever they record.

Nghị định 30/2020/NĐ-CP: A4, margins 2 cm top and bottom, 3 cm left, 1.5 cm right, Times New
Roman 13, headings in the text's black (not Word's blue); at the top the issuing body and the
national motto side by side, then place and date, then the title. The minutes of a seminar and
the cluster's annual report are both built from these pieces.
"""

import io
import re

from django.http import HttpResponse
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The national motto needs the wider column to stay on one line.
LETTERHEAD_LEFT, LETTERHEAD_RIGHT = Cm(6.5), Cm(10)

_BULLET = re.compile(r"^\s*[-*+]\s+")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")


def plain(text: str) -> str:
    """Markdown written in the portal as plain text: links as “text (address)”, no emphasis."""
    text = _LINK.sub(r"\1 (\2)", text)
    return _EMPHASIS.sub("", text).lstrip("#").strip()


def markdown_paragraphs(document, text: str) -> None:
    """Markdown written in the portal, as Word paragraphs (lists kept, emphasis dropped)."""
    paragraph_lines: list[str] = []

    def flush():
        # The lines of a paragraph stay lines (a question, then its answer), as typed.
        if paragraph_lines:
            paragraph = document.add_paragraph()
            for number, line in enumerate(paragraph_lines):
                if number:
                    paragraph.add_run().add_break()
                paragraph.add_run(plain(line))
            paragraph_lines.clear()

    for line in (text or "").splitlines():
        if not line.strip():
            flush()
        elif _BULLET.match(line):
            flush()
            document.add_paragraph(plain(_BULLET.sub("", line)), style="List Bullet")
        elif _NUMBERED.match(line):
            flush()
            document.add_paragraph(plain(_NUMBERED.sub("", line)), style="List Number")
        else:
            paragraph_lines.append(line.strip())
    flush()


def _font(style, *, size, bold=None):
    style.font.name = "Times New Roman"
    style.font.size = Pt(size)
    style.font.color.rgb = RGBColor(0, 0, 0)
    if bold is not None:
        style.font.bold = bold
    # Word's theme fonts win over the name unless they are removed; East Asian text too.
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:eastAsia"), "Times New Roman")


def official_document():
    """An empty A4 document with the official margins and fonts."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    _font(document.styles["Normal"], size=13)
    for level in (1, 2, 3):
        _font(document.styles[f"Heading {level}"], size=13, bold=True)
    return document


def letterhead(document, *, body_above: str, issuer: str, number: str = ""):
    """The issuing body (under the body above it) on the left, the national motto on the right;
    ``number`` (“Số: …/BC”) under the issuer."""
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    left, right = table.rows[0].cells
    for cell, width in ((left, LETTERHEAD_LEFT), (right, LETTERHEAD_RIGHT)):
        cell.width = width
    left.text = ""
    issuing = left.paragraphs[0]
    issuing.alignment = WD_ALIGN_PARAGRAPH.CENTER
    issuing.add_run(body_above.upper()).bold = False
    issuing.add_run("\n" + issuer.upper()).bold = True
    if number:
        issuing.add_run("\n" + number)
    right.text = ""
    motto = right.paragraphs[0]
    motto.alignment = WD_ALIGN_PARAGRAPH.CENTER
    motto.add_run(_("SOCIALIST REPUBLIC OF VIETNAM")).bold = True
    motto_line = motto.add_run("\n" + _("Independence – Freedom – Happiness"))
    motto_line.bold = True
    motto_line.underline = True
    return table


def dated_line(document, text: str):
    """“Cần Thơ, ngày 5 tháng 12 năm 2026”, on the right, in italics."""
    dated = document.add_paragraph()
    dated.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    dated.add_run(text).italic = True
    return dated


def title(document, kind: str, *subject_lines: str):
    """The kind of document (“BIÊN BẢN”, “BÁO CÁO”) and what it is about, centred."""
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading_run = heading.add_run(kind)
    heading_run.bold = True
    heading_run.font.size = Pt(15)
    for line in subject_lines:
        subject = document.add_paragraph()
        subject.alignment = WD_ALIGN_PARAGRAPH.CENTER
        subject.add_run(line).bold = True


def note(document, text: str):
    """A line in italics under the title (demo data, figures so far)."""
    made = document.add_paragraph()
    made.alignment = WD_ALIGN_PARAGRAPH.CENTER
    made.add_run(text).italic = True
    return made


def table(document, header: list[str], rows: list[list[str]], *, numbers=()):
    """A bordered table, its heading row bold; the columns in ``numbers`` aligned right."""
    made = document.add_table(rows=1, cols=len(header))
    made.style = "Table Grid"
    # The heading row repeats at the top of every page a long table runs onto.
    made.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, text in zip(made.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        cells = made.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, row, strict=True)):
            cell.text = text
            if index in numbers:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return made


def document_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
