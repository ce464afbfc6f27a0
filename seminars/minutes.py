"""The minutes (biên bản) of a seminar: one printable page and the same as a .docx file.

Both follow the layout a Vietnamese office files: the issuing body and the national motto side by
side, place and date, the title, then time and place, participants, agenda, proceedings,
questions and answers, lessons learned, proposed solutions, and the signatures.
"""

import io
import re
from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from emulation_cluster.dates import local_date, local_datetime, local_time
from seminars.enums import Reply


@dataclass(frozen=True)
class AttendanceRow:
    number: int
    unit: str
    reply: str
    delegates: str
    delegation: str
    attendance: str


def attendance_rows(seminar) -> list[AttendanceRow]:
    rows = []
    for number, invitation in enumerate(seminar.invitations.all(), start=1):
        rows.append(
            AttendanceRow(
                number=number,
                unit=invitation.unit.name,
                reply=invitation.get_reply_display() if invitation.reply else _("No reply"),
                delegates=str(invitation.delegation_size or "")
                if invitation.reply == Reply.ATTENDING
                else "",
                delegation=invitation.delegation_names,
                attendance=invitation.get_attendance_display() if invitation.attendance else "",
            )
        )
    return rows


def place_and_date(seminar) -> str:
    """“Hà Nội, ngày 6 tháng 9 năm 2025” (in the current language's date format)."""
    day = formats.date_format(timezone.localtime(seminar.starts_at), "DATE_FORMAT")
    return f"{seminar.host_unit.city}, {day}"


def time_range(seminar) -> str:
    start, end = timezone.localtime(seminar.starts_at), timezone.localtime(seminar.ends_at)
    if start.date() == end.date():
        return _("from %(start)s to %(end)s, %(date)s") % {
            "start": local_time(start),
            "end": local_time(end),
            "date": local_date(start),
        }
    return _("from %(start)s to %(end)s") % {
        "start": local_datetime(start),
        "end": local_datetime(end),
    }


# --- .docx ------------------------------------------------------------------------------------

_BULLET = re.compile(r"^\s*[-*+]\s+")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")


def _plain(text: str) -> str:
    text = _LINK.sub(r"\1 (\2)", text)
    return _EMPHASIS.sub("", text).lstrip("#").strip()


def _markdown_paragraphs(document, text: str) -> None:
    """Markdown written in the portal, as Word paragraphs (lists kept, emphasis dropped)."""
    paragraph_lines: list[str] = []

    def flush():
        # The lines of a paragraph stay lines (a question, then its answer), as typed.
        if paragraph_lines:
            paragraph = document.add_paragraph()
            for number, line in enumerate(paragraph_lines):
                if number:
                    paragraph.add_run().add_break()
                paragraph.add_run(_plain(line))
            paragraph_lines.clear()

    for line in (text or "").splitlines():
        if not line.strip():
            flush()
        elif _BULLET.match(line):
            flush()
            document.add_paragraph(_plain(_BULLET.sub("", line)), style="List Bullet")
        elif _NUMBERED.match(line):
            flush()
            document.add_paragraph(_plain(_NUMBERED.sub("", line)), style="List Number")
        else:
            paragraph_lines.append(line.strip())
    flush()


# An official document (Nghị định 30/2020/NĐ-CP): A4, margins 2 cm, 2 cm, 3 cm left, 1.5 cm
# right, Times New Roman 13, headings in the text's black, not Word's blue.
LETTERHEAD_LEFT, LETTERHEAD_RIGHT = Cm(6.5), Cm(10)


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


def _official_page(document):
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    _font(document.styles["Normal"], size=13)
    for level in (1, 2, 3):
        _font(document.styles[f"Heading {level}"], size=13, bold=True)


def _table(document, header: list[str], rows: list[list[str]]):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    return table


def _model_title(model, visible_model_ids) -> str:
    return model.title if model.pk in visible_model_ids else _("a model you may not open")


def minutes_docx(seminar, *, visible_model_ids=frozenset()) -> bytes:
    """The minutes as a Word document (``seminar`` from ``selectors.seminar_detail_queryset``).

    Models are named only where the reader may open them (``visible_model_ids``).
    """

    document = Document()
    _official_page(document)

    letterhead = document.add_table(rows=1, cols=2)
    letterhead.autofit = False
    left, right = letterhead.rows[0].cells
    # The national motto needs the wider column to stay on one line.
    for cell, width in ((left, LETTERHEAD_LEFT), (right, LETTERHEAD_RIGHT)):
        cell.width = width
    left.text = ""
    issuer = left.paragraphs[0]
    issuer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    issuer.add_run(seminar.cluster.name.upper()).bold = False
    issuer.add_run("\n" + seminar.host_unit.name.upper()).bold = True
    right.text = ""
    motto = right.paragraphs[0]
    motto.alignment = WD_ALIGN_PARAGRAPH.CENTER
    motto.add_run(_("SOCIALIST REPUBLIC OF VIETNAM")).bold = True
    motto_line = motto.add_run("\n" + _("Independence – Freedom – Happiness"))
    motto_line.bold = True
    motto_line.underline = True

    dated = document.add_paragraph()
    dated.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    dated.add_run(place_and_date(seminar)).italic = True

    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading_run = heading.add_run(_("MINUTES"))
    heading_run.bold = True
    heading_run.font.size = Pt(15)
    subject = document.add_paragraph()
    subject.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subject.add_run(seminar.title).bold = True
    if seminar.is_demo:
        note = document.add_paragraph()
        note.alignment = WD_ALIGN_PARAGRAPH.CENTER
        note.add_run(_("Demo data: not a real record.")).italic = True

    document.add_heading(_("I. Time and place"), level=2)
    document.add_paragraph(_("Time: %(when)s.") % {"when": time_range(seminar)})
    if seminar.venue:
        document.add_paragraph(_("Venue: %(venue)s.") % {"venue": seminar.venue})
    if seminar.online_url:
        document.add_paragraph(_("Online meeting: %(url)s") % {"url": seminar.online_url})
    document.add_paragraph(_("Host unit: %(unit)s.") % {"unit": seminar.host_unit.name})

    document.add_heading(_("II. Participants"), level=2)
    if seminar.chair_name:
        document.add_paragraph(_("Chair: %(chair)s.") % {"chair": seminar.chair_name})
    rows = attendance_rows(seminar)
    if rows:
        _table(
            document,
            [_("No."), _("Unit"), _("Reply"), _("Delegates"), _("Delegation"), _("Attendance")],
            [
                [str(r.number), r.unit, r.reply, r.delegates, r.delegation, r.attendance]
                for r in rows
            ],
        )
    else:
        document.add_paragraph(_("No unit was invited through the portal."))

    document.add_heading(_("III. Agenda"), level=2)
    items = list(seminar.agenda_items.all())
    if items:
        _table(
            document,
            [_("Time"), _("Item"), _("Presented by"), _("Model presented")],
            [
                [
                    local_time(item.starts_at),
                    f"{item.get_kind_display()}: {item.title}",
                    ", ".join(
                        part
                        for part in (item.speaker, getattr(item.presenting_unit, "name", ""))
                        if part
                    ),
                    (
                        _model_title(item.exemplary_model, visible_model_ids)
                        if item.exemplary_model
                        else ""
                    )
                    + (f" ({_('guest presentation')})" if item.is_guest_presentation else ""),
                ]
                for item in items
            ],
        )
    else:
        document.add_paragraph(_("No agenda was recorded."))

    document.add_heading(_("IV. Proceedings"), level=2)
    if seminar.minutes.strip():
        _markdown_paragraphs(document, seminar.minutes)
    else:
        document.add_paragraph(_("Not recorded yet."))

    document.add_heading(_("V. Questions and answers"), level=2)
    if seminar.questions_and_answers.strip():
        _markdown_paragraphs(document, seminar.questions_and_answers)
    else:
        document.add_paragraph(_("Not recorded yet."))

    for title, findings in (
        (_("VI. Lessons learned"), seminar.lessons.all()),
        (_("VII. Proposed solutions and measures"), seminar.solutions.all()),
    ):
        document.add_heading(title, level=2)
        if not findings:
            document.add_paragraph(_("None recorded."))
        for number, finding in enumerate(findings, start=1):
            text = finding.text
            models = [
                _model_title(model, visible_model_ids) for model in finding.exemplary_models.all()
            ]
            if models:
                text += " (" + _("concerns: %(models)s") % {"models": "; ".join(models)} + ")"
            # Numbered by hand: Word's list numbering would run on from one section to the next.
            document.add_paragraph(f"{number}. {_plain(text)}")

    document.add_paragraph(
        _("The seminar ended at %(time)s.") % {"time": local_time(seminar.ends_at)}
    )
    signatures = document.add_table(rows=1, cols=2)
    for cell, role, name in zip(
        signatures.rows[0].cells,
        (_("SECRETARY"), _("CHAIR")),
        ("", seminar.chair_name),
        strict=True,
    ):
        cell.text = ""
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(role).bold = True
        paragraph.add_run("\n" + _("(signature and full name)")).italic = True
        if name:
            paragraph.add_run("\n\n\n" + name).bold = True

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
