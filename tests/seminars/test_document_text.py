"""A seminar material's text is read once by the worker, as every upload's is."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from models_registry.enums import TextExtraction
from seminars.models import SeminarMaterial
from tests.documents import docx_bytes, pdf_bytes, run_document_jobs

SLIDES = [["Tọa đàm nhân rộng mô hình camera", "Bài học: trực camera 24/7"]]


def test_an_uploaded_material_has_its_text_read_once(seminar, organizer_client):
    upload = SimpleUploadedFile("trinh-bay.pdf", pdf_bytes(SLIDES), "application/pdf")
    response = organizer_client.post(
        reverse("material_create", args=[seminar.pk]), {"title": "Bài trình bày", "file": upload}
    )
    assert response.status_code == 302
    material = SeminarMaterial.objects.get()
    assert material.text_extraction == TextExtraction.PENDING
    assert run_document_jobs() == ["done"]
    material.refresh_from_db()
    assert material.extracted_text == "Tọa đàm nhân rộng mô hình camera\nBài học: trực camera 24/7"
    assert (material.title, material.original_name) == ("Bài trình bày", "trinh-bay.pdf")
    assert run_document_jobs() == []  # read once


def test_a_material_in_word_is_read(seminar, organizer_client):
    upload = SimpleUploadedFile(
        "ket-luan.docx",
        docx_bytes(
            ["Kết luận của hội nghị"], [["Đơn vị", "Nhiệm vụ"], ["CATP Hà Nội", "Nhân rộng"]]
        ),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    organizer_client.post(
        reverse("material_create", args=[seminar.pk]), {"title": "Kết luận", "file": upload}
    )
    assert run_document_jobs() == ["done"]
    assert SeminarMaterial.objects.get().extracted_text == (
        "Kết luận của hội nghị\nĐơn vị | Nhiệm vụ\nCATP Hà Nội | Nhân rộng"
    )
