"""The minutes .docx reads as an official document: black headings in Times New Roman, the
national motto on one line (its column wide enough), the lines of the Q&A kept as typed."""

import io

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm, RGBColor

from seminars.minutes import minutes_docx
from seminars.selectors import seminar_detail_queryset

pytestmark = pytest.mark.django_db


def _document(seminar):
    seminar.questions_and_answers = "Hỏi: kinh phí lắp camera?\nĐáp: xã hội hóa."
    seminar.save(update_fields=["questions_and_answers"])
    seminar = seminar_detail_queryset().get(pk=seminar.pk)
    return Document(io.BytesIO(minutes_docx(seminar)))


def test_headings_are_black_times_new_roman(seminar):
    document = _document(seminar)
    headings = [p for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings, "the sections are headings (for the outline)"
    for paragraph in headings:
        font = paragraph.style.font
        assert font.color.rgb == RGBColor(0, 0, 0)
        assert font.name == "Times New Roman"
        fonts = paragraph.style.element.rPr.rFonts
        assert fonts.get(qn("w:asciiTheme")) is None


def test_the_motto_has_room_for_one_line_and_the_page_is_a4(seminar):
    document = _document(seminar)
    left, right = document.tables[0].rows[0].cells
    assert right.width >= Cm(9.5) and right.width > left.width
    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 21 and round(section.page_height.cm, 1) == 29.7


def test_the_lines_of_questions_and_answers_are_kept(seminar):
    document = _document(seminar)
    paragraph = next(p for p in document.paragraphs if "kinh phí lắp camera" in p.text)
    assert "Đáp: xã hội hóa." in paragraph.text
    assert paragraph._p.findall(".//" + qn("w:br")), "a line break, not one run-on line"
