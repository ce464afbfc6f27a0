"""The text of uploaded documents: read once by the worker, kept on the row, never a crash."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.forms.models import model_to_dict
from django.urls import reverse

from models_registry import document_text, text_extraction
from models_registry.enums import TextExtraction
from models_registry.models import Attachment
from models_registry.services import attachment_create
from models_registry.uploads import inspect_upload
from tests.documents import (
    docx_bytes,
    locked_pdf,
    pdf_bytes,
    run_document_jobs,
    zip_bomb_docx,
)
from tests.factories import DraftModelFactory
from tests.worker import run_worker

GUIDE = [
    ["Hướng dẫn tuần tra ban đêm", "Công an phường Bến Nghé, Quận 1"],
    [],
    ["Nghị định 144/2021/NĐ-CP: xử phạt vi phạm hành chính"],
]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _read(data: bytes, content_type=document_text.PDF):
    return text_extraction.extract_text(io.BytesIO(data), content_type)


# --- reading ----------------------------------------------------------------------------------


def test_pdf_text_is_read_page_by_page_with_its_vietnamese_accents():
    reading = _read(pdf_bytes(GUIDE))
    assert reading.state == TextExtraction.DONE
    assert reading.text == (
        "Hướng dẫn tuần tra ban đêm\nCông an phường Bến Nghé, Quận 1\n\n"
        "Nghị định 144/2021/NĐ-CP: xử phạt vi phạm hành chính"
    )


def test_docx_paragraphs_and_table_cells_are_read_in_order():
    data = docx_bytes(
        ["Mô hình “Camera an ninh”", "Kết quả sau một năm:"],
        [["Đơn vị", "Số vụ trộm"], ["Phường Bến Nghé", "giảm 30%"]],
    )
    reading = _read(data, document_text.DOCX)
    assert reading.state == TextExtraction.DONE
    assert reading.text == (
        "Mô hình “Camera an ninh”\nKết quả sau một năm:\n"
        "Đơn vị | Số vụ trộm\nPhường Bến Nghé | giảm 30%"
    )


def test_decomposed_accents_and_control_characters_are_tidied():
    text = document_text.tidy("Tua\u0302\u0300n  tra\x00\x07 ban\u00a0đêm\r\n\n\n\nhết", 1000)
    assert text == "Tuần tra ban đêm\n\nhết"


def test_text_is_kept_up_to_the_cap(monkeypatch):
    monkeypatch.setattr(text_extraction, "EXTRACTED_TEXT_MAX_CHARS", 30)
    reading = _read(pdf_bytes([["Trang một " * 10], ["Trang hai"]]))
    assert reading.state == TextExtraction.DONE
    assert reading.text == ("Trang một " * 3).strip()


def test_a_pdf_locked_only_by_its_owner_is_read():
    reading = _read(locked_pdf(pdf_bytes(GUIDE), user_password=""))
    assert reading.state == TextExtraction.DONE
    assert "tuần tra ban đêm" in reading.text


def test_a_pdf_locked_by_a_password_is_unreadable_with_no_text():
    reading = _read(locked_pdf(pdf_bytes(GUIDE), user_password="mat-khau"))
    assert (reading.state, reading.text) == (TextExtraction.UNREADABLE, "")
    assert "password" in reading.reason


def test_a_scanned_pdf_has_no_text():
    reading = _read(pdf_bytes([[], []]))
    assert (reading.state, reading.text) == (TextExtraction.NO_TEXT, "")


@pytest.mark.parametrize(
    "data,content_type",
    [
        (b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", document_text.PDF),
        (pdf_bytes(GUIDE)[:400], document_text.PDF),  # cut off mid-way
        (b"%PDF-1.7\n" + bytes(range(256)) * 40, document_text.PDF),
        (b"PK\x03\x04 not really a zip", document_text.DOCX),
        (docx_bytes(["x"])[:2000], document_text.DOCX),  # cut off mid-way
        (b"", document_text.PDF),
    ],
)
def test_broken_files_are_unreadable_never_an_error(data, content_type):
    reading = _read(data, content_type)
    assert (reading.state, reading.text) == (TextExtraction.UNREADABLE, "")
    assert reading.reason


def test_a_docx_that_unpacks_too_big_is_refused_before_it_is_unpacked():
    reading = _read(
        zip_bomb_docx(document_text.DOCX_MAX_UNPACKED_BYTES + 2**20), document_text.DOCX
    )
    assert (reading.state, reading.text) == (TextExtraction.UNREADABLE, "")
    assert "once unpacked" in reading.reason


def test_a_reader_that_takes_too_long_is_stopped(monkeypatch):
    monkeypatch.setattr(text_extraction, "READING_SECONDS", 0.001)
    reading = _read(pdf_bytes(GUIDE))
    assert (reading.state, reading.text) == (TextExtraction.UNREADABLE, "")
    assert "took over" in reading.reason


def test_a_file_over_the_size_limit_is_not_opened(monkeypatch):
    monkeypatch.setattr(text_extraction, "DOCUMENT_MAX_BYTES", 100)
    reading = _read(pdf_bytes(GUIDE))
    assert (reading.state, reading.reason) == (TextExtraction.UNREADABLE, "over 100 bytes")


def test_types_without_a_reader_are_not_read():
    assert _read(PNG, "image/png").state == TextExtraction.NOT_READ


# --- the job ----------------------------------------------------------------------------------


def _upload(name, data, content_type):
    upload = SimpleUploadedFile(name, data, content_type)
    return {"upload": upload, "file_type": inspect_upload(upload)}


def _row(attachment):
    return {
        key: value
        for key, value in model_to_dict(Attachment.objects.get(pk=attachment.pk)).items()
        if key not in text_extraction.TEXT_FIELDS
    }


def test_uploading_defers_the_reading_in_the_same_transaction(editor, unit):
    model = DraftModelFactory(owner_unit=unit)
    attachment = attachment_create(
        exemplary_model=model,
        title="Hướng dẫn",
        uploader=editor,
        **_upload("huong-dan.pdf", pdf_bytes(GUIDE), "application/pdf"),
    )
    assert (attachment.text_extraction, attachment.extracted_text) == (TextExtraction.PENDING, "")
    before = _row(attachment)
    assert run_document_jobs() == ["done"]
    attachment.refresh_from_db()
    assert attachment.text_extraction == TextExtraction.DONE
    assert attachment.extracted_text.startswith("Hướng dẫn tuần tra ban đêm\n")
    assert attachment.text_extracted_at is not None
    assert _row(attachment) == before


def test_a_photo_is_not_given_a_reading_job(editor, unit):
    attachment = attachment_create(
        exemplary_model=DraftModelFactory(owner_unit=unit),
        title="Ảnh",
        uploader=editor,
        **_upload("anh.png", PNG, "image/png"),
    )
    assert attachment.text_extraction == TextExtraction.NOT_READ
    assert run_document_jobs() == []


def test_a_job_for_a_deleted_upload_does_nothing(editor, unit):
    attachment = attachment_create(
        exemplary_model=DraftModelFactory(owner_unit=unit),
        title="Hướng dẫn",
        uploader=editor,
        **_upload("huong-dan.pdf", pdf_bytes(GUIDE), "application/pdf"),
    )
    attachment.delete()
    assert run_document_jobs() == ["gone"]


def test_a_file_gone_from_storage_is_unreadable(editor, unit):
    attachment = attachment_create(
        exemplary_model=DraftModelFactory(owner_unit=unit),
        title="Hướng dẫn",
        uploader=editor,
        **_upload("huong-dan.pdf", pdf_bytes(GUIDE), "application/pdf"),
    )
    attachment.file.storage.delete(attachment.file.name)
    assert run_document_jobs() == ["unreadable"]


@pytest.mark.django_db(transaction=True)
def test_the_worker_reads_the_text_of_an_attachment_uploaded_on_its_page(editor_client, unit):
    model = DraftModelFactory(owner_unit=unit)
    upload = SimpleUploadedFile("huong-dan.pdf", pdf_bytes(GUIDE), "application/pdf")
    response = editor_client.post(
        reverse("attachment_create", args=[model.slug]),
        {"title": "Hướng dẫn", "file": upload, "visibility": "members"},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.text_extraction == TextExtraction.PENDING
    model_updated = type(model).objects.get(pk=model.pk).updated_at
    before = _row(attachment)
    run_worker(queues=("documents",))
    attachment.refresh_from_db()
    assert attachment.text_extraction == TextExtraction.DONE
    assert "Công an phường Bến Nghé" in attachment.extracted_text
    assert _row(attachment) == before
    assert type(model).objects.get(pk=model.pk).updated_at == model_updated
    with connection.cursor() as cursor:  # this file's job (other tests that commit leave theirs)
        cursor.execute(
            "SELECT status FROM procrastinate_jobs WHERE queue_name = 'documents'"
            " AND args->>'stored_file' = 'models_registry.attachment'"
            " AND (args->>'pk')::int = %s",
            [attachment.pk],
        )
        assert cursor.fetchall() in ([], [("succeeded",)])


# --- the backfill -----------------------------------------------------------------------------


def test_the_command_reads_the_files_still_waiting_then_all_again(editor, unit, capsys):
    model = DraftModelFactory(owner_unit=unit)
    guide, locked, photo = (
        attachment_create(exemplary_model=model, title=title, uploader=editor, **upload)
        for title, upload in (
            ("Hướng dẫn", _upload("huong-dan.pdf", pdf_bytes(GUIDE), "application/pdf")),
            (
                "Khóa",
                _upload(
                    "khoa.pdf", locked_pdf(pdf_bytes(GUIDE), user_password="x"), "application/pdf"
                ),
            ),
            ("Ảnh", _upload("anh.png", PNG, "image/png")),
        )
    )
    with connection.cursor() as cursor:  # files uploaded before jobs existed
        cursor.execute("DELETE FROM procrastinate_jobs WHERE queue_name = 'documents'")
    Attachment.objects.filter(pk=photo.pk).update(text_extraction=TextExtraction.PENDING)
    call_command("extract_attachment_text")
    out = capsys.readouterr().out
    assert f"models_registry.attachment {guide.pk}: done" in out
    assert f"models_registry.attachment {locked.pk}: unreadable (locked by a password)" in out
    assert "3 files read: done 1, unreadable 1, not_read 1" in out
    assert Attachment.objects.get(pk=guide.pk).extracted_text.startswith("Hướng dẫn tuần tra")
    call_command("extract_attachment_text", "--missing")
    assert "0 files read." in capsys.readouterr().out
    call_command("extract_attachment_text", "--all")
    assert "3 files read" in capsys.readouterr().out
