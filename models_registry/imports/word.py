"""A unit's write-up in Word (.docx), read into a draft model's fields for the author to review.

Nothing is saved here: ``read_word`` returns what it found and where each part went, and the
review page shows it in the model form. Every word of the document lands in some field: text
before the first recognised heading goes to the summary (or the problem when it is long), a
section whose heading names no field goes, heading and all, to the field before it.
"""

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import PurePath

import docx
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from emulation_cluster.models import Partner
from emulation_cluster.vietnamese import fold
from models_registry.imports import headings
from models_registry.imports.archive import UNREADABLE, check_archive, unreadable
from models_registry.imports.figures import figure_columns, markdown_table, read_figures
from models_registry.models import WRITE_UP_FIELDS, ExemplaryModel

MAX_INDICATORS = 30  # what the indicator formset takes
PREAMBLE_FIELD = "summary"
LONG_PREAMBLE_FIELD = "problem"
KIND_OF_FILE = gettext_lazy("a Word document (.docx)")
SHORT_HEADING_WORDS = 6
LETTERHEAD = ("cong hoa xa hoi", "doc lap", "bo cong an", "cong an ", "so:", "so ")


def _max_length(name):
    return ExemplaryModel._meta.get_field(name).max_length


@dataclass
class Placement:
    """Where one part of the document went, for the review page's note."""

    part: str  # the heading as written, or a description ("Text before the first heading")
    target: str  # a field name, "title" or "indicators"
    recognised: bool = True
    is_heading: bool = True


@dataclass
class WordDraft:
    title: str = ""
    fields: dict[str, str] = dataclass_field(default_factory=dict)
    indicators: list[dict] = dataclass_field(default_factory=list)
    partner_ids: list[int] = dataclass_field(default_factory=list)
    placements: list[Placement] = dataclass_field(default_factory=list)
    warnings: list[str] = dataclass_field(default_factory=list)
    recognised_headings: int = 0

    def add(self, target: str, text: str) -> None:
        if not text.strip():
            return
        before = self.fields.get(target, "")
        # The items of one list stay one list; other paragraphs are apart.
        in_list = text.startswith("- ") and before.rsplit("\n", 1)[-1].startswith("- ")
        joint = "\n" if in_list else "\n\n"
        self.fields[target] = f"{before}{joint}{text}" if before else text


@dataclass
class _Block:
    kind: str  # "heading", "text", "table"
    text: str = ""
    field: str | None = None
    style: str = ""
    rows: list = dataclass_field(default_factory=list)
    listed: bool = False


def read_word(upload) -> WordDraft:
    """The draft found in ``upload`` (a checked .docx), or ``ValidationError`` saying why not."""
    check_archive(upload, KIND_OF_FILE)
    try:
        document = docx.Document(upload)
        blocks = list(_blocks(document))
        title = (document.core_properties.title or "").strip()
    except UNREADABLE as error:
        raise unreadable(KIND_OF_FILE) from error
    if not any(block.text.strip() or block.rows for block in blocks):
        raise ValidationError(_("The document has no text."), code="empty")
    draft = _assemble(blocks, title)
    _finish(draft, PurePath(upload.name or "").stem)
    if not any(draft.fields.values()) and not draft.indicators:
        raise ValidationError(_("The document has no text."), code="empty")
    return draft


def _blocks(document):
    for item in document.iter_inner_content():
        if isinstance(item, docx.table.Table):
            rows = [[cell.text.strip() for cell in row.cells] for row in item.rows]
            if any(any(cells) for cells in rows):
                yield _Block("table", rows=rows)
            continue
        text = item.text.strip()
        if text:
            yield _paragraph_block(item, text)


def _is_bold(paragraph) -> bool:
    style_bold = bool(paragraph.style is not None and paragraph.style.font.bold)
    runs = [run for run in paragraph.runs if run.text.strip()]
    return bool(runs) and all(run.bold or (run.bold is None and style_bold) for run in runs)


def _paragraph_block(paragraph, text) -> _Block:
    style = paragraph.style.name if paragraph.style is not None else ""
    listed = (
        style.startswith("List")
        or paragraph._p.pPr is not None
        and (paragraph._p.pPr.numPr is not None)
    )
    short = headings.looks_short(text)
    named = headings.field_for_heading(text) if short else None
    letters = [ch for ch in text if ch.isalpha()]
    shouting = bool(letters) and all(ch.isupper() for ch in letters)
    few_words = len(text.split()) <= SHORT_HEADING_WORDS
    is_heading = (
        style.startswith(("Heading", "Title"))
        or (short and (_is_bold(paragraph) or shouting))
        or (named is not None and (headings.has_numbering(text) or few_words))
    )
    if is_heading:
        return _Block("heading", text=text, field=named, style=style)
    return _Block("text", text=text, listed=listed)


def _assemble(blocks, title) -> WordDraft:
    draft = WordDraft(title=title)
    target, partner_text, in_partners = PREAMBLE_FIELD, [], False
    preamble_seen = False
    for block in blocks:
        if block.kind == "heading" and _may_be_title(draft, block):
            draft.title = block.text
            draft.placements.append(Placement(block.text, "title"))
        elif block.kind == "heading" and block.field == "partners":
            draft.recognised_headings += 1
            in_partners = True
            draft.add(target, f"### {block.text}")
            draft.placements.append(Placement(block.text, target))
        elif block.kind == "heading" and block.field:
            draft.recognised_headings += 1
            target, in_partners = block.field, False
            draft.placements.append(Placement(block.text, target))
        elif block.kind == "heading":
            draft.add(target, f"### {block.text}")
            draft.placements.append(Placement(block.text, target, recognised=False))
        elif block.kind == "table":
            _place_table(draft, block.rows, target)
        else:
            if not draft.recognised_headings and not preamble_seen:
                preamble_seen = True
                draft.placements.append(
                    Placement(_("Text before the first heading"), target, is_heading=False)
                )
            draft.add(target, f"- {block.text}" if block.listed else block.text)
            if in_partners:
                partner_text.append(block.text)
    draft.partner_ids = _partners_named(" ".join(partner_text)) if partner_text else []
    return draft


def _may_be_title(draft, block) -> bool:
    """The document's title: its Title paragraph, else its first heading before any section
    (a long one even if it has a section's word: "Mô hình nâng cao hiệu quả ..."), but not a
    letterhead line ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CÔNG AN THÀNH PHỐ ...")."""
    if draft.title or draft.recognised_headings:
        return False
    if block.style == "Title":
        return True
    if fold(block.text).startswith(LETTERHEAD):
        return False
    long_title = len(block.text.split()) > SHORT_HEADING_WORDS
    return block.field is None or (long_title and not headings.has_numbering(block.text))


def _place_table(draft, rows, target):
    columns = figure_columns(rows[0])
    room = MAX_INDICATORS - len(draft.indicators)
    if columns is None or room <= 0:
        draft.add(target, markdown_table(rows))
        draft.placements.append(Placement(_("A table"), target, is_heading=False))
        return
    figures = read_figures(rows[1:], columns, room)
    draft.indicators.extend(figures.indicators)
    if figures.indicators:
        count = len(figures.indicators)
        part = ngettext("A table of figures (%(rows)s row)", "A table of figures (%(rows)s rows)",
                        count) % {"rows": count}  # fmt: skip
        draft.placements.append(Placement(part, "indicators", is_heading=False))
    if figures.left_over:
        draft.add(target, markdown_table([rows[0], *figures.left_over]))
        draft.placements.append(
            Placement(_("Table rows that are not plain figures"), target, is_heading=False)
        )


def _partners_named(text: str) -> list[int]:
    """The partner organisations whose name the document's partners section mentions."""
    folded = fold(text)
    return [
        partner.pk
        for partner in Partner.objects.only("pk", "name")
        if fold(partner.name) and fold(partner.name) in folded
    ]


def _finish(draft: WordDraft, file_stem: str) -> None:
    """The title and summary every draft needs, and a word wherever a field is too long."""
    summary = draft.fields.get("summary", "")
    if len(summary) > _max_length("summary"):
        # The whole text goes to the longer field; the summary keeps a copy of its beginning.
        draft.fields["summary"] = ""
        problem = draft.fields.get(LONG_PREAMBLE_FIELD, "")
        draft.fields[LONG_PREAMBLE_FIELD] = f"{summary}\n\n{problem}".strip()
        for placement in draft.placements:
            if placement.target == "summary":
                placement.target = LONG_PREAMBLE_FIELD
    if not draft.fields.get("summary"):
        source = next(
            (draft.fields[name] for name in WRITE_UP_FIELDS if draft.fields.get(name)), ""
        )
        draft.fields["summary"] = _beginning(source, _max_length("summary"))
        if source:
            draft.warnings.append(
                _("The summary is the beginning of the text: shorten it to a few sentences.")
            )
    if not draft.recognised_headings:
        draft.warnings.append(
            _("No heading of the document was recognised: all the text is in one field. "
              "Move each part to its field before saving.")
        )  # fmt: skip
    if not draft.title:
        draft.title = file_stem.replace("_", " ").strip() or _("Untitled model")
        draft.warnings.append(_("The document has no title: the file name is used."))
    if len(draft.title) > _max_length("title"):
        draft.title = draft.title[: _max_length("title")]
        draft.warnings.append(_("The title was too long and has been cut: check it."))
    for name in WRITE_UP_FIELDS:
        if len(draft.fields.get(name, "")) > _max_length(name):
            draft.warnings.append(
                _("“%(field)s” is longer than %(limit)s characters: shorten it before saving.")
                % {
                    "field": ExemplaryModel._meta.get_field(name).verbose_name,
                    "limit": _max_length(name),
                }
            )


def _beginning(text: str, limit: int) -> str:
    """The first paragraph of ``text``, cut at a word under ``limit`` characters."""
    first = text.split("\n\n", 1)[0].lstrip("#- ").strip()
    if len(first) <= limit:
        return first
    return first[: limit - 1].rsplit(" ", 1)[0] + "…"
