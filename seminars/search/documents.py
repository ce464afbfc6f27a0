"""Search documents of seminars, their materials, questions, answers and question attachments.

Seminars and materials are read by ``visible_seminars_q`` (their ``host_unit_id`` and ``status``
columns); questions, answers and question attachments by their model's rule
(``on_visible_model_q``). Hidden or merged posts (and the answers of a hidden question) have no
document: they are never found. The minutes of a seminar are searchable once it is held, when
every member may read them.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from emulation_cluster.search.index import Document, follow
from emulation_cluster.search.registry import Kind, register
from models_registry.models import ExemplaryModel, Topic
from models_registry.search_documents import city_id, follow_unit_moves, model_columns
from seminars.enums import SeminarStatus
from seminars.models import AgendaItem, Lesson, Seminar, SeminarMaterial, Solution
from seminars.permissions import visible_seminars_q
from seminars.qa.models import Answer, Question, QuestionAttachment
from seminars.qa.permissions import on_visible_model_q

SEMINAR_SCORE = 35
QUESTION_SCORE = 20
OFFICIAL_ANSWER_SCORE = 15
ANSWER_SCORE = 10
FILE_SCORE = 10
MINUTES_READABLE = (SeminarStatus.HELD, SeminarStatus.CLOSED)
_TOPICS = Topic.objects.only("id")


def _seminar_columns(seminar) -> dict:
    return {
        "seminar_id": seminar.pk,
        "host_unit_id": seminar.host_unit_id,
        "status": seminar.status,
        "city_id": city_id(seminar.host_unit),
    }


def _seminar_text(seminar) -> str:
    parts = []
    for item in seminar.agenda_items.all():
        parts += [item.title, item.speaker]
    parts += [lesson.text for lesson in seminar.lessons.all()]
    parts += [solution.text for solution in seminar.solutions.all()]
    if seminar.status in MINUTES_READABLE:
        parts += [seminar.minutes, seminar.questions_and_answers]
    return "\n".join(part for part in parts if part)


def seminar_documents(seminars):
    seminars = seminars.select_related("host_unit__parent__parent").prefetch_related(
        Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("position", "id")),
        "lessons",
        "solutions",
        Prefetch("agenda_items__exemplary_model__topics", queryset=_TOPICS),
    )
    for seminar in seminars:
        topics = {
            topic.pk
            for item in seminar.agenda_items.all()
            if item.exemplary_model is not None
            for topic in item.exemplary_model.topics.all()
        }
        yield Document(
            kind="seminar",
            object_id=seminar.pk,
            title=seminar.title,
            summary=seminar.description,
            body=_seminar_text(seminar),
            context=seminar.host_unit.name,
            url=seminar.get_absolute_url(),
            occurred_at=seminar.starts_at,
            year=seminar.starts_at.year,
            topic_ids=sorted(topics),
            score=SEMINAR_SCORE,
            **_seminar_columns(seminar),
        )


def material_documents(materials):
    for material in materials.select_related("seminar__host_unit__parent__parent"):
        yield Document(
            kind="material",
            object_id=material.pk,
            title=material.title,
            body=getattr(material, "extracted_text", "") or "",
            context=material.seminar.title,
            url=material.get_absolute_url(),
            occurred_at=material.created_at,
            year=material.created_at.year,
            score=FILE_SCORE,
            **_seminar_columns(material.seminar),
        )


def _on_model(prefix: str):
    return (
        f"{prefix}exemplary_model__owner_unit__parent__parent",
        Prefetch(f"{prefix}exemplary_model__topics", queryset=_TOPICS),
    )


def _findable_questions(questions):
    return questions.filter(hidden_at__isnull=True, merged_into__isnull=True)


def question_documents(questions):
    related, topics = _on_model("")
    for question in _findable_questions(questions).select_related(related).prefetch_related(topics):
        model = question.exemplary_model
        yield Document(
            kind="question",
            object_id=question.pk,
            title=question.title,
            body=question.body,
            context=model.title,
            url=question.get_absolute_url(),
            occurred_at=question.created_at,
            year=question.created_at.year,
            score=QUESTION_SCORE,
            **model_columns(model),
        )


def answer_documents(answers):
    related, topics = _on_model("question__")
    answers = answers.filter(
        hidden_at__isnull=True,
        question__hidden_at__isnull=True,
        question__merged_into__isnull=True,
    )
    for answer in answers.select_related(related).prefetch_related(topics):
        question = answer.question
        yield Document(
            kind="answer",
            object_id=answer.pk,
            title=question.title,
            body=answer.body,
            context=question.exemplary_model.title,
            url=answer.get_absolute_url(),
            occurred_at=answer.created_at,
            year=answer.created_at.year,
            score=OFFICIAL_ANSWER_SCORE if answer.is_official else ANSWER_SCORE,
            **model_columns(question.exemplary_model),
        )


def question_attachment_documents(files):
    related, topics = _on_model("question__")
    files = files.filter(question__hidden_at__isnull=True, question__merged_into__isnull=True)
    for attached in files.select_related(related).prefetch_related(topics):
        question = attached.question
        yield Document(
            kind="question_attachment",
            object_id=attached.pk,
            title=attached.title,
            body=getattr(attached, "extracted_text", "") or "",
            context=question.title,
            url=attached.get_absolute_url(),
            occurred_at=attached.created_at,
            year=attached.created_at.year,
            score=FILE_SCORE,
            **model_columns(question.exemplary_model),
        )


def _ids(queryset):
    return queryset.values_list("pk", flat=True)


def _seminar_changed(seminar):
    return {"seminar": [seminar.pk], "material": _ids(seminar.materials.all())}


def _part_of_seminar_changed(part):
    return {"seminar": [part.seminar_id]}


def _material_changed(material):
    return {"material": [material.pk]}


def _question_changed(question):
    return {
        "question": [question.pk],
        "answer": _ids(question.answers.all()),
        "question_attachment": _ids(QuestionAttachment.objects.filter(question=question)),
    }


def _answer_changed(answer):
    return {"answer": [answer.pk]}


def _question_attachment_changed(attached):
    return {"question_attachment": [attached.pk]}


def _model_changed(model):
    """A model's visibility, owner or topics are copied into the documents of its Q&A; its
    topics into those of the seminars that present it."""
    return {
        "seminar": _ids(Seminar.objects.filter(agenda_items__exemplary_model=model).distinct()),
        "question": _ids(Question.objects.filter(exemplary_model=model)),
        "answer": _ids(Answer.objects.filter(question__exemplary_model=model)),
        "question_attachment": _ids(
            QuestionAttachment.objects.filter(question__exemplary_model=model)
        ),
    }


def _below(unit_ids):
    """The documents that carry the city of units ``unit_ids``: seminars they host with their
    materials, questions to them with their answers and files."""
    hosted = Seminar.objects.filter(host_unit_id__in=unit_ids)
    questions = Question.objects.filter(exemplary_model__owner_unit_id__in=unit_ids)
    return {
        "seminar": _ids(hosted),
        "material": _ids(SeminarMaterial.objects.filter(seminar__in=hosted)),
        "question": _ids(questions),
        "answer": _ids(Answer.objects.filter(question__in=questions)),
        "question_attachment": _ids(QuestionAttachment.objects.filter(question__in=questions)),
    }


def _on_visible_model(user):
    return on_visible_model_q(user)


def register_search() -> None:
    for kind in (
        Kind("seminar", _("Seminars"), Seminar, seminar_documents, visible_seminars_q, 20),
        Kind("question", _("Questions"), Question, question_documents, _on_visible_model, 30),
        Kind("answer", _("Answers"), Answer, answer_documents, _on_visible_model, 40),
        Kind(
            "material",
            _("Seminar materials"),
            SeminarMaterial,
            material_documents,
            visible_seminars_q,
            50,
        ),
        Kind(
            "question_attachment",
            _("Question attachments"),
            QuestionAttachment,
            question_attachment_documents,
            _on_visible_model,
            70,
        ),
    ):
        register(kind)
    follow(Seminar, _seminar_changed)
    for part in (AgendaItem, Lesson, Solution):
        follow(part, _part_of_seminar_changed)
    follow(SeminarMaterial, _material_changed)
    follow(Question, _question_changed)
    follow(Answer, _answer_changed)
    follow(QuestionAttachment, _question_attachment_changed)
    follow(ExemplaryModel, _model_changed, m2m=ExemplaryModel.topics.through)
    follow_unit_moves(_below, "search-seminars-unit-moved")
