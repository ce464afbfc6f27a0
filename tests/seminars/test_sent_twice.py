"""The seminar's create forms sent twice make one seminar, one agenda item, one document."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from seminars.models import AgendaItem, Seminar, SeminarMaterial
from tests.pages import shows
from tests.seminars.conftest import local_input, seminar_form

pytestmark = pytest.mark.django_db
TOLD = "This form was already sent"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _token(client, url) -> str:
    return client.get(url).context["form"].initial["token"]


def test_a_seminar_form_sent_twice_makes_one_seminar(world, organizer_client):
    url = reverse("seminar_create")
    start = timezone.localtime() + datetime.timedelta(days=3)
    data = {**seminar_form(world, start), "token": _token(organizer_client, url)}
    organizer_client.post(url, data)
    seminar = Seminar.objects.get()
    shows(organizer_client.post(url, data, follow=True), 200, TOLD, seminar.title)
    assert Seminar.objects.count() == 1


def test_agenda_and_material_forms_sent_twice_make_one_row(seminar, organizer_client):
    url = reverse("agenda_item_create", args=[seminar.pk])
    data = {
        "starts_at": local_input(seminar.starts_at),
        "kind": "discussion",
        "title": "Thảo luận",
        "token": _token(organizer_client, url),
    }
    organizer_client.post(url, data)
    shows(organizer_client.post(url, data, follow=True), 200, TOLD, "Thảo luận")
    assert AgendaItem.objects.filter(seminar=seminar).count() == 1

    url = reverse("material_create", args=[seminar.pk])
    token = _token(organizer_client, url)
    for _ in range(2):
        upload = SimpleUploadedFile("trinh-bay.pdf", PDF, "application/pdf")
        organizer_client.post(url, {"title": "Bài trình bày", "file": upload, "token": token})
    assert SeminarMaterial.objects.count() == 1


def test_a_form_sent_again_after_what_it_made_was_deleted_makes_it_anew(seminar, organizer_client):
    url = reverse("material_create", args=[seminar.pk])
    token = _token(organizer_client, url)

    def send():
        upload = SimpleUploadedFile("trinh-bay.pdf", PDF, "application/pdf")
        data = {"title": "Bài trình bày", "file": upload, "token": token}
        return organizer_client.post(url, data)

    send()
    material = SeminarMaterial.objects.get()
    organizer_client.post(reverse("material_delete", args=[seminar.pk, material.pk]))
    assert not SeminarMaterial.objects.exists()
    response = send()
    assert response.status_code == 302
    assert SeminarMaterial.objects.count() == 1
