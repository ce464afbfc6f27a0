"""The annual report as a Word document, laid out as a Vietnamese official report (báo cáo).

The issuing body is the cluster head unit of the term; then place and date, the title, the
numbered sections (I. the term, II. the figures of the cluster dashboard, III. the models
replicated that year, IV. the seminars held and what they concluded) and, at the foot, who
receives it (“Nơi nhận”) beside the signature.
"""

from django.utils import formats
from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH

from emulation_cluster import documents
from seminars.spread.report.content import AnnualReport


def _short(day) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _term_section(document, report: AnnualReport):
    document.add_heading(_("I. The cluster in %(year)s") % {"year": report.year}, level=2)
    term = report.term
    document.add_paragraph(_("Period covered: %(period)s.") % {"period": report.period})
    document.add_paragraph(_("Cluster head unit: %(unit)s.") % {"unit": term.head_unit.name})
    if term.deputy_unit:
        document.add_paragraph(
            _("Cluster deputy unit: %(unit)s.") % {"unit": term.deputy_unit.name}
        )
    document.add_paragraph(
        _("Member units (%(count)s): %(units)s.")
        % {"count": len(report.member_units), "units": "; ".join(report.member_units)}
    )


def _figures_section(document, report: AnnualReport):
    """The cluster dashboard's figures of the year: each chart's sentence and its table."""
    document.add_heading(
        _("II. Figures of the cluster in %(year)s") % {"year": report.year}, level=2
    )
    for number, chart in enumerate(report.charts, start=1):
        document.add_heading(f"{number}. {chart.title}", level=3)
        document.add_paragraph(chart.summary)
        if chart.rows:
            documents.table(
                document,
                chart.headers,
                [[cell.text for cell in row] for row in chart.rows],
                numbers={i for i, cell in enumerate(chart.rows[0]) if cell.number},
            )


def _replications_section(document, report: AnnualReport):
    document.add_heading(_("III. Models replicated in %(year)s") % {"year": report.year}, level=2)
    if not report.replications:
        document.add_paragraph(_("No replication started in this year is recorded."))
        return
    documents.table(
        document,
        [
            _("No."),
            _("Model"),
            _("Owner unit"),
            _("Adopting unit"),
            _("Started"),
            _("State"),
            _("Results"),
        ],
        [
            [
                str(row.number),
                row.title,
                row.owner_unit,
                row.adopting_unit,
                _short(row.started),
                row.state,
                "\n".join(result.text for result in row.results) or _("No figures recorded"),
            ]
            for row in report.replications
        ],
        numbers=(0,),
    )


def _seminars_section(document, report: AnnualReport):
    document.add_heading(_("IV. Seminars held and their conclusions"), level=2)
    if not report.seminars:
        document.add_paragraph(_("No seminar held in this year is recorded."))
        return
    documents.table(
        document,
        [_("No."), _("Date"), _("Seminar"), _("Host unit"), _("Units present / invited")],
        [
            [
                str(row.number),
                _short(row.day),
                row.title,
                row.host_unit,
                f"{row.present}/{row.invited}",
            ]
            for row in report.seminars
        ],
        numbers=(0, 4),
    )
    for row in report.seminars:
        document.add_heading(f"{row.number}. {row.title} ({_short(row.day)})", level=3)
        for label, findings in (
            (_("Lessons learned:"), row.lessons),
            (_("Proposed solutions and measures:"), row.solutions),
        ):
            document.add_paragraph().add_run(label).bold = True
            if not findings:
                document.add_paragraph(_("None recorded."))
            # Numbered by hand: Word's list numbering would run on from one seminar to the next.
            for number, text in enumerate(findings, start=1):
                document.add_paragraph(f"{number}. {documents.plain(text)}")


def _recipients_and_signature(document, report: AnnualReport):
    foot = document.add_table(rows=1, cols=2)
    recipients, signature = foot.rows[0].cells
    recipients.text = ""
    heading = recipients.paragraphs[0].add_run(_("Recipients:"))
    heading.bold = heading.italic = True
    for number, line in enumerate(report.recipients, start=1):
        recipients.add_paragraph(f"- {line}{'.' if number == len(report.recipients) else ';'}")
    signature.text = ""
    paragraph = signature.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(_("ON BEHALF OF THE CLUSTER HEAD UNIT")).bold = True
    paragraph.add_run("\n" + _("(signature, full name and seal)")).italic = True


def report_docx(report: AnnualReport) -> bytes:
    """The report as a .docx."""
    document = documents.official_document()
    term = report.term
    documents.letterhead(
        document,
        body_above=term.cluster.name,
        issuer=term.head_unit.name,
        number=_("No.: …/BC"),
    )
    documents.dated_line(document, report.place_and_date)
    documents.title(
        document,
        _("REPORT"),
        report.subject,
    )
    if report.is_demo:
        documents.note(document, _("Demo data: not a real report."))
    if report.is_partial:
        documents.note(
            document,
            _("Figures recorded in the portal up to %(day)s.") % {"day": _short(report.issued_on)},
        )

    _term_section(document, report)
    _figures_section(document, report)
    _replications_section(document, report)
    _seminars_section(document, report)
    _recipients_and_signature(document, report)
    return documents.document_bytes(document)
