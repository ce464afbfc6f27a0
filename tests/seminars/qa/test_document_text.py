"""The document sent with a question has its text read once by the worker."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from models_registry.enums import TextExtraction
from seminars.models import Question
from tests.documents import docx_bytes, locked_pdf, pdf_bytes, run_document_jobs


def _ask(qa, upload):
    return qa.client("asker").post(
        reverse("question_ask", args=[qa.model.slug]),
        {
            "asking_unit": qa.asker_unit.pk,
            "title": "Có tài liệu không?",
            "body": "Xem tệp.",
            "attachment": upload,
        },
    )


def test_a_question_attachment_has_its_text_read(qa):
    upload = SimpleUploadedFile(
        "bao-cao.docx",
        docx_bytes(["Báo cáo tuần tra ban đêm", "Đề nghị hướng dẫn thêm."]),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    assert _ask(qa, upload).status_code == 302
    attached = Question.objects.get(title="Có tài liệu không?").attached_file
    assert attached.text_extraction == TextExtraction.PENDING
    assert run_document_jobs() == ["done"]
    attached.refresh_from_db()
    assert attached.extracted_text == "Báo cáo tuần tra ban đêm\nĐề nghị hướng dẫn thêm."


def test_a_locked_question_attachment_is_kept_and_marked_unreadable(qa):
    locked = locked_pdf(pdf_bytes([["Mật"]]), user_password="mat-khau")
    assert _ask(qa, SimpleUploadedFile("mat.pdf", locked, "application/pdf")).status_code == 302
    assert run_document_jobs() == ["unreadable"]
    attached = Question.objects.get(title="Có tài liệu không?").attached_file
    assert (attached.text_extraction, attached.extracted_text) == (TextExtraction.UNREADABLE, "")
    assert attached.file.read() == locked  # still served as it was sent
