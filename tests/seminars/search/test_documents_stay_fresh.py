"""Search documents that copy a column of another row follow that row: a unit moved to another
city (the city facet of everything in its tree), a model's topics (the seminars presenting it),
and the demo loader's dates written by ``QuerySet.update``."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from emulation_cluster.administration.units import unit_move
from emulation_cluster.enums import UnitKind
from emulation_cluster.search.models import SearchDocument
from models_registry.models import Attachment
from seminars.models import SeminarMaterial
from seminars.qa.models import Answer, Question, QuestionAttachment
from tests.factories import (
    AgendaItemFactory,
    AnswerFactory,
    ExemplaryModelFactory,
    QuestionFactory,
    SeminarFactory,
    SubUnitFactory,
    TopicFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _cities(**kinds):
    """{kind: {city_id of each of its documents}} for the given objects."""
    found = {}
    for kind, ids in kinds.items():
        rows = SearchDocument.objects.filter(kind=kind, object_id__in=ids)
        assert rows.count() == len(ids), kind
        found[kind] = set(rows.values_list("city_id", flat=True))
    return found


def _pdf(name):
    return ContentFile(b"%PDF-1.4", name=name)


@pytest.fixture
def tree():
    """Hà Nội ⊃ a district ⊃ a ward, with a model owned by the ward, its attachment, a
    question with an answer, and a seminar hosted by the district with a material."""
    ha_noi = UnitFactory(name="Công an thành phố Hà Nội")
    hai_phong = UnitFactory(name="Công an thành phố Hải Phòng", cluster=ha_noi.cluster)
    district = SubUnitFactory(parent=ha_noi)
    ward = SubUnitFactory(parent=district, kind=UnitKind.WARD)
    model = ExemplaryModelFactory(owner_unit=ward, title="Tuần tra phường")
    attachment = Attachment.objects.create(
        exemplary_model=model, title="Hướng dẫn", file=_pdf("a.pdf"), size=8
    )
    question = QuestionFactory(exemplary_model=model, title="Ca trực?")
    answer = AnswerFactory(question=question, body="Bốn giờ.")
    attached = QuestionAttachment.objects.create(
        question=question, title="Ảnh", file=_pdf("c.pdf"), size=8
    )
    seminar = SeminarFactory(host_unit=district, title="Hội nghị quận")
    material = SeminarMaterial.objects.create(
        seminar=seminar, title="Tài liệu", file=_pdf("b.pdf"), size=8
    )
    objects = {
        "model": [model.pk],
        "attachment": [attachment.pk],
        "question": [question.pk],
        "answer": [answer.pk],
        "question_attachment": [attached.pk],
        "seminar": [seminar.pk],
        "material": [material.pk],
    }
    return ha_noi, hai_phong, district, objects


def test_a_unit_moved_to_another_city_takes_its_trees_documents(tree):
    ha_noi, hai_phong, district, objects = tree
    assert set(map(frozenset, _cities(**objects).values())) == {frozenset({ha_noi.pk})}
    unit_move(unit=district, parent=hai_phong, actor=UserFactory())
    assert set(map(frozenset, _cities(**objects).values())) == {frozenset({hai_phong.pk})}


def test_a_unit_moved_by_a_plain_save_takes_its_trees_documents(tree):
    ha_noi, hai_phong, district, objects = tree
    district.parent = hai_phong
    district.save()
    assert set(map(frozenset, _cities(**objects).values())) == {frozenset({hai_phong.pk})}


def test_a_rename_refreshes_nothing(tree, django_assert_num_queries):
    _ha_noi, _hai_phong, district, _objects = tree
    district.name = "Công an quận mới"
    # The parent read before the save, then the UPDATE: no document is rebuilt.
    with django_assert_num_queries(2):
        district.save()


def test_a_models_topics_reach_the_seminars_presenting_it():
    model = ExemplaryModelFactory(title="Tuần tra ven sông")
    seminar = SeminarFactory(title="Hội nghị đường thủy")
    AgendaItemFactory(seminar=seminar, exemplary_model=model)
    document = SearchDocument.objects.get(kind="seminar", object_id=seminar.pk)
    assert document.topic_ids == []
    water = TopicFactory(name="Đường thủy")
    model.topics.add(water)
    document.refresh_from_db()
    assert document.topic_ids == [water.pk]
    # From the topics' side too, and a topic taken away.
    night = TopicFactory(name="Ban đêm")
    night.models.add(model)
    document.refresh_from_db()
    assert document.topic_ids == sorted([water.pk, night.pk])
    model.topics.remove(water)
    document.refresh_from_db()
    assert document.topic_ids == [night.pk]


def test_the_demo_questions_are_found_under_their_dates():
    """The loader dates questions and answers by ``QuerySet.update``; their documents follow."""
    for command in ("load_demo", "load_demo_seminar", "load_demo_questions"):
        call_command(command, stdout=open("/dev/null", "w"))  # noqa: SIM115
    for model in (Question, Answer):
        kind = model.__name__.lower()
        dates = dict(model.objects.values_list("pk", "created_at"))
        documents = SearchDocument.objects.filter(kind=kind, object_id__in=dates)
        assert documents.exists()
        for document in documents:
            created = dates[document.object_id]
            assert document.occurred_at == created, (kind, document.object_id)
            assert document.year == created.year
    assert isinstance(created, datetime.datetime)
