"""The minutes (biên bản) of a seminar: one printable page and the same as a .docx file.

Both follow the layout a Vietnamese office files: the issuing body and the national motto side by
side, place and date, the title, then time and place, participants, agenda, proceedings,
questions and answers, lessons learned, proposed solutions, and the signatures.
"""

from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH

from emulation_cluster import documents
from emulation_cluster.dates import local_date, local_datetime, local_time
from seminars.enums import Reply
from seminars.findings import findings_of


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


def _model_title(model, visible_model_ids) -> str:
    return model.title if model.pk in visible_model_ids else _("a model you may not open")


def minutes_docx(seminar, *, visible_model_ids=frozenset()) -> bytes:
    """The minutes as a Word document (``seminar`` from ``selectors.seminar_detail_queryset``).

    Models are named only where the reader may open them (``visible_model_ids``).
    """

    document = documents.official_document()
    documents.letterhead(document, body_above=seminar.cluster.name, issuer=seminar.host_unit.name)
    documents.dated_line(document, place_and_date(seminar))
    documents.title(document, _("MINUTES"), seminar.title)
    if seminar.is_demo:
        documents.note(document, _("Demo data: not a real record."))

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
        documents.table(
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
        documents.table(
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
        documents.markdown_paragraphs(document, seminar.minutes)
    else:
        document.add_paragraph(_("Not recorded yet."))

    document.add_heading(_("V. Questions and answers"), level=2)
    if seminar.questions_and_answers.strip():
        documents.markdown_paragraphs(document, seminar.questions_and_answers)
    else:
        document.add_paragraph(_("Not recorded yet."))

    lessons, solutions = findings_of(seminar)
    for title, findings in (
        (_("VI. Lessons learned"), lessons),
        (_("VII. Proposed solutions and measures"), solutions),
    ):
        document.add_heading(title, level=2)
        if not findings:
            document.add_paragraph(_("None recorded."))
        for number, finding in enumerate(findings, start=1):
            text = finding.text
            models = [_model_title(model, visible_model_ids) for model in finding.concerned_models]
            if models:
                text += " (" + _("concerns: %(models)s") % {"models": "; ".join(models)} + ")"
            # Numbered by hand: Word's list numbering would run on from one section to the next.
            document.add_paragraph(f"{number}. {documents.plain(text)}")

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

    return documents.document_bytes(document)
