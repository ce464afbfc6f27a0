"""What the seminars say about models, as pages show it: a seminar's lessons learned and
proposed solutions (its findings) with the models each concerns, and a model's presentations,
lessons and solutions across the seminars a reader may see.

Through ``prefetch_related`` a seminar's findings and their models took four queries, and a
model's page read its seminars in three. Here a seminar's findings come in the seminar's own row
(``emulation_cluster.related_rows``) and a model's in one query over the seminars.
"""

from django.db.models import F, OuterRef, Q

from emulation_cluster.models import Unit
from emulation_cluster.related_rows import instances, rows_array
from models_registry.models import ExemplaryModel
from seminars.enums import SeminarStatus
from seminars.models import AgendaItem, Lesson, Solution

# What the findings' lists need of a model: its link, its title, and who may open it.
_CONCERNED_FIELDS = ("id", "slug", "title", "visibility", "owner_unit_id", "published_at")


def _findings_rows(finding_class, models_related_name):
    concerned = ExemplaryModel.objects.filter(**{models_related_name: OuterRef("pk")})
    return rows_array(
        finding_class.objects.filter(seminar=OuterRef("pk")).order_by("id"),
        "id",
        "text",
        concerned=rows_array(concerned.order_by("title_sort_key"), *_CONCERNED_FIELDS),
    )


def with_findings(seminars):
    """``seminars`` with their lessons and solutions, and the models these concern, in the
    seminars' own rows (read them with ``findings_of``)."""
    return seminars.annotate(
        lesson_rows=_findings_rows(Lesson, "lessons"),
        solution_rows=_findings_rows(Solution, "solutions"),
    )


def _made(finding_class, seminar, rows) -> list:
    findings = instances(finding_class, rows, seminar=seminar)
    for finding in findings:
        finding.concerned_models = instances(ExemplaryModel, finding.concerned)
    return findings


def findings_of(seminar) -> tuple[list, list]:
    """(lessons, solutions) of a seminar read ``with_findings``, each with ``concerned_models``
    (kept on the seminar: the page, its rules and the Word minutes share them)."""
    if not hasattr(seminar, "_findings"):
        seminar._findings = (
            _made(Lesson, seminar, seminar.lesson_rows),
            _made(Solution, seminar, seminar.solution_rows),
        )
    return seminar._findings


def model_seminar_links(exemplary_model, seminars) -> dict:
    """Where ``exemplary_model`` was presented (not at cancelled seminars) and the lessons and
    solutions about it, among ``seminars`` (those the reader may see), newest seminar first:
    one query."""
    about = {"exemplary_model": exemplary_model}
    concerning = {"exemplary_models": exemplary_model}
    rows = (
        seminars.filter(
            Q(pk__in=AgendaItem.objects.filter(**about).values("seminar_id"))
            | Q(pk__in=Lesson.objects.filter(**concerning).values("seminar_id"))
            | Q(pk__in=Solution.objects.filter(**concerning).values("seminar_id"))
        )
        .only("id", "title", "starts_at", "status")
        .annotate(
            presentation_rows=rows_array(
                AgendaItem.objects.filter(seminar=OuterRef("pk"), **about).order_by("position"),
                "id",
                "is_guest_presentation",
                "presenting_unit_id",
                presenting_unit_name=F("presenting_unit__name"),
            ),
            lesson_rows=rows_array(
                Lesson.objects.filter(seminar=OuterRef("pk"), **concerning).order_by("id"),
                "id",
                "text",
            ),
            solution_rows=rows_array(
                Solution.objects.filter(seminar=OuterRef("pk"), **concerning).order_by("id"),
                "id",
                "text",
            ),
        )
        .order_by("-starts_at", "id")
    )
    links = {"presentations": [], "lessons": [], "solutions": []}
    for seminar in rows:
        if seminar.status != SeminarStatus.CANCELLED:
            for item in instances(AgendaItem, seminar.presentation_rows, seminar=seminar):
                if item.presenting_unit_id is not None:
                    item.presenting_unit = Unit(
                        pk=item.presenting_unit_id, name=item.presenting_unit_name
                    )
                links["presentations"].append(item)
        links["lessons"] += instances(Lesson, seminar.lesson_rows, seminar=seminar)
        links["solutions"] += instances(Solution, seminar.solution_rows, seminar=seminar)
    return links
