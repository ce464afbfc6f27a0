"""What each reader finds: restricted, draft and hidden things never in results, counts or
facets for those who may not see them, and there for those who may."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from emulation_cluster.enums import Role, Visibility
from models_registry.models import Attachment
from models_registry.services import attachment_create
from models_registry.uploads import inspect_upload
from seminars.models import SeminarMaterial
from seminars.qa.models import QuestionAttachment
from tests.conftest import enrol_totp
from tests.documents import pdf_bytes, run_document_jobs
from tests.factories import (
    AnswerFactory,
    ClusterFactory,
    DraftModelFactory,
    DraftSeminarFactory,
    ExemplaryModelFactory,
    MembershipFactory,
    QuestionFactory,
    SeminarFactory,
    TopicFactory,
    UnitFactory,
    UserFactory,
)

URL = reverse("site_search")
WORD = "quyetthang"  # one word every item below holds


def _page(client, **params):
    response = client.get(URL, {"q": WORD, **params})
    assert response.status_code == 200
    return response.content.decode().replace("<mark>", "").replace("</mark>", "")


@pytest.fixture
def world(db):
    cluster = ClusterFactory()
    ha_noi = UnitFactory(name="Công an thành phố Hà Nội", cluster=cluster)
    da_nang = UnitFactory(name="Công an thành phố Đà Nẵng", cluster=cluster)
    secret_topic = TopicFactory(name="Chủ đề kín đáo")
    people = {
        "anonymous": None,
        "member": MembershipFactory(unit=ha_noi, role=Role.MEMBER).user,
        "editor": MembershipFactory(unit=ha_noi, role=Role.EDITOR).user,
        "organizer": MembershipFactory(unit=ha_noi, role=Role.ORGANIZER).user,
        "other": MembershipFactory(unit=da_nang, role=Role.ADMIN).user,
        "cluster_admin": UserFactory(),
    }
    cluster.administrators.add(people["cluster_admin"])
    for admin in ("other", "cluster_admin"):
        enrol_totp(people[admin])
    public = ExemplaryModelFactory(owner_unit=ha_noi, title=f"Công khai {WORD}")
    ExemplaryModelFactory(owner_unit=ha_noi, title=f"Nội bộ {WORD}", visibility=Visibility.MEMBERS)
    restricted = ExemplaryModelFactory(
        owner_unit=ha_noi, title=f"Hạn chế {WORD}", visibility=Visibility.RESTRICTED
    )
    restricted.topics.add(secret_topic)
    DraftModelFactory(owner_unit=ha_noi, title=f"Bản nháp {WORD}")
    hidden_question = QuestionFactory(
        exemplary_model=public, asking_unit=da_nang, title=f"Câu hỏi ẩn {WORD}"
    )
    hidden_question.hidden_at = timezone.now()
    hidden_question.save()
    AnswerFactory(question=hidden_question, body=f"Trả lời câu hỏi ẩn {WORD}")
    question = QuestionFactory(
        exemplary_model=restricted, asking_unit=da_nang, title=f"Câu hỏi kín {WORD}"
    )
    AnswerFactory(question=question, body=f"Trả lời kín {WORD}")
    hidden_answer = AnswerFactory(question=question, body=f"Trả lời bị ẩn {WORD}")
    hidden_answer.hidden_at = timezone.now()
    hidden_answer.save()
    DraftSeminarFactory(host_unit=ha_noi, cluster=cluster, title=f"Hội nghị nháp {WORD}")
    seminar = SeminarFactory(host_unit=da_nang, cluster=cluster, title=f"Hội nghị {WORD}")
    for title, visibility in (("Tệp công khai", "public"), ("Tệp hạn chế", "restricted")):
        Attachment.objects.create(
            exemplary_model=public,
            title=title,
            visibility=visibility,
            file=ContentFile(b"%PDF-1.4", name="a.pdf"),
            size=8,
            extracted_text=f"Hướng dẫn {WORD} trong tệp",
        )
    SeminarMaterial.objects.create(
        seminar=seminar,
        title="Tài liệu hội nghị",
        file=ContentFile(b"%PDF-1.4", name="b.pdf"),
        size=8,
        extracted_text=f"Bài trình bày {WORD}",
    )
    QuestionAttachment.objects.create(
        question=question,
        title="Ảnh kèm câu hỏi kín",
        file=ContentFile(b"%PDF-1.4", name="c.pdf"),
        size=8,
        extracted_text=f"Văn bản {WORD}",
    )
    return {"people": people, "secret_topic": secret_topic}


ALWAYS_HIDDEN = ["Câu hỏi ẩn", "Trả lời câu hỏi ẩn", "Trả lời bị ẩn"]
EXPECTED = {
    # role: (titles found, titles never found, total)
    "anonymous": (["Công khai", "Tệp công khai"], ["Nội bộ", "Hạn chế", "Hội nghị"], 2),
    "other": (
        ["Công khai", "Nội bộ", "Hội nghị", "Tài liệu hội nghị", "Tệp công khai"],
        ["Hạn chế", "Câu hỏi kín", "Trả lời kín", "Bản nháp", "Hội nghị nháp", "Tệp hạn chế"],
        5,
    ),
    "member": (
        ["Hạn chế", "Câu hỏi kín", "Trả lời kín", "Tệp hạn chế", "Ảnh kèm câu hỏi kín"],
        ["Bản nháp", "Hội nghị nháp"],
        10,
    ),
    "organizer": (["Hội nghị nháp", "Hạn chế"], ["Bản nháp"], 11),
    "editor": (["Bản nháp", "Hạn chế"], ["Hội nghị nháp"], 11),
    "cluster_admin": (["Bản nháp", "Hội nghị nháp", "Tệp hạn chế", "Hạn chế"], [], 12),
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_reader_finds_what_they_may_read_and_counts_only_that(world, role):
    client = Client()
    if world["people"][role] is not None:
        client.force_login(world["people"][role])
    found, never, total = EXPECTED[role]
    html = _page(client)
    for title in found:
        assert f"{title} {WORD}" in html or f">{title}<" in html, title
    for title in never + ALWAYS_HIDDEN:
        assert f"{title} {WORD}" not in html and f">{title}<" not in html, title
    assert f"{total} kết quả" in html
    # The topic of the restricted model is a facet only for those who may read it.
    assert ("Chủ đề kín đáo" in html) == ("Hạn chế" in found)


@pytest.mark.parametrize("role", ["anonymous", "other"])
def test_facet_filters_do_not_open_what_is_hidden(world, role):
    client = Client()
    if world["people"][role] is not None:
        client.force_login(world["people"][role])
    html = _page(client, topic=world["secret_topic"].pk, kind="model")
    assert "Hạn chế" not in html
    assert "0 kết quả" in html


def test_a_pdf_uploaded_on_a_model_is_found_by_its_text_once_read(db):
    unit = UnitFactory()
    editor = MembershipFactory(unit=unit, role=Role.EDITOR).user
    model = ExemplaryModelFactory(owner_unit=unit, title="Mô hình an toàn")
    data = pdf_bytes([["Hướng dẫn tuần tra ban đêm", "Công an phường Bến Nghé"]])
    upload = SimpleUploadedFile("huong-dan.pdf", data, content_type="application/pdf")
    attachment_create(
        exemplary_model=model,
        title="Hướng dẫn",
        uploader=editor,
        upload=upload,
        file_type=inspect_upload(upload),
        visibility=Visibility.PUBLIC,
    )
    client = Client()
    assert "Bến Nghé" not in client.get(URL, {"q": "ben nghe"}).content.decode()
    assert run_document_jobs() == ["done"]
    html = client.get(URL, {"q": "ben nghe"}).content.decode()
    assert "<mark>Bến</mark> <mark>Nghé</mark>" in html
    assert "Mô hình an toàn" in html  # the model the file belongs to
