"""A unit's questions as tables to take away (``emulation_cluster.exports`` writes the file):
those addressed to it and those it asked, each as the unit's inbox and "asked" pages list them."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from emulation_cluster.exports import CHUNK_ROWS, Link, Table, choice_labels
from seminars.qa.models import Question

HEADINGS = (
    gettext_lazy("Direction"),
    gettext_lazy("Question"),
    gettext_lazy("Model"),
    gettext_lazy("Asked on behalf of"),
    gettext_lazy("Addressed to"),
    gettext_lazy("Seminar"),
    gettext_lazy("State"),
    gettext_lazy("Asked at"),
    gettext_lazy("Votes"),
    gettext_lazy("Answers"),
    gettext_lazy("Official answer"),
    gettext_lazy("Official answer at"),
    gettext_lazy("Link"),
)
WIDTHS = (22, 60, 50, 32, 32, 40, 14, 16, 8, 8, 80, 16, 40)


def headings() -> list:
    return [str(heading) for heading in HEADINGS]


def question_rows(questions, *, direction: str, base_url: str):
    """One row per question of ``questions`` (``selectors.for_export``)."""
    states = choice_labels(Question, "state")
    for question in questions.iterator(chunk_size=CHUNK_ROWS):
        yield (
            direction,
            question.title,
            question.exemplary_model.title,
            question.asking_unit.name,
            question.owner_unit.name,
            question.seminar.title if question.seminar else None,
            states[question.state],
            question.created_at,
            question.vote_count,
            question.answer_count,
            question.official_answer,
            question.official_answer_at,
            Link(base_url + question.get_absolute_url()),
        )


def unit_tables(unit, *, received, asked, base_url: str) -> list:
    """Two tables: the questions to ``unit`` (``received``) and those it asked (``asked``)."""
    to_unit = _("To the unit")
    by_unit = _("Asked by the unit")
    return [
        Table(
            name=_("Questions to the unit"),
            headings=headings(),
            rows=question_rows(received, direction=to_unit, base_url=base_url),
            widths=WIDTHS,
        ),
        Table(
            name=_("Questions the unit asked"),
            headings=headings(),
            rows=question_rows(asked, direction=by_unit, base_url=base_url),
            widths=WIDTHS,
        ),
    ]


def one_table(tables) -> Table:
    """The two tables as one (for CSV, which has one sheet): the direction column tells them
    apart."""

    def rows():
        for table in tables:
            yield from table.rows

    return Table(name=tables[0].name, headings=tables[0].headings, rows=rows())


def stem(unit) -> str:
    return f"hoi-dap-{unit.slug}"
