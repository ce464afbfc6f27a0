"""A create form sent twice (a double click, Back and send again, two tabs at once) makes one
row: the second sending is told so and lands on what the first one made."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from emulation_cluster.enums import Role
from emulation_cluster.models import Invitation
from models_registry.models import Attachment, ExemplaryModel, Replication
from tests.conftest import enrol_totp
from tests.factories import ExemplaryModelFactory, MembershipFactory
from tests.models_registry.test_views import _model_form, _pdf, _replication_form
from tests.pages import redirects, shows

TOLD = "Biểu mẫu này đã được gửi"


def _token(client, url) -> str:
    return client.get(url).context["form"].initial["token"]


@pytest.mark.django_db
def test_the_same_model_form_sent_twice_makes_one_model(editor_client, unit):
    url = reverse("model_create")
    data = _model_form(unit, token=_token(editor_client, url))
    first = editor_client.post(url, data)
    model = ExemplaryModel.objects.get()
    redirects(first, model.get_absolute_url())
    again = editor_client.post(url, data, follow=True)
    shows(again, 200, TOLD, model.title)
    assert ExemplaryModel.objects.count() == 1
    assert model.slug == "to-tu-quan-an-ninh-khu-pho"  # no "-2"


@pytest.mark.django_db
def test_two_different_forms_of_the_same_title_make_two_models(editor_client, unit):
    url = reverse("model_create")
    for _ in range(2):
        editor_client.post(url, _model_form(unit, token=_token(editor_client, url)))
    assert sorted(ExemplaryModel.objects.values_list("slug", flat=True)) == [
        "to-tu-quan-an-ninh-khu-pho",
        "to-tu-quan-an-ninh-khu-pho-2",
    ]


@pytest.mark.django_db(transaction=True)
def test_two_sendings_at_the_same_moment_make_one_model_and_no_error(editor, unit):
    url = reverse("model_create")
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(editor)
    data = _model_form(unit, token=_token(clients[0], url))
    statuses, barrier = [], threading.Barrier(2)

    def send(client):
        barrier.wait()
        try:
            statuses.append(client.post(url, data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302, 302]
    assert ExemplaryModel.objects.count() == 1


@pytest.mark.django_db
def test_attachment_and_replication_forms_sent_twice_make_one_row(
    editor_client, other_editor_client, unit, other_unit
):
    model = ExemplaryModelFactory(owner_unit=unit)
    url = reverse("attachment_create", args=[model.slug])
    token = _token(editor_client, url)
    for _ in range(2):
        data = {"title": "Hướng dẫn", "file": _pdf(), "visibility": "members", "token": token}
        redirects(editor_client.post(url, data), model.get_absolute_url())
    assert Attachment.objects.count() == 1

    url = reverse("replication_create", args=[model.slug])
    data = _replication_form(other_unit, token=_token(other_editor_client, url))
    redirects(other_editor_client.post(url, data), model.get_absolute_url())
    shows(other_editor_client.post(url, data, follow=True), 200, TOLD)
    assert Replication.objects.count() == 1


@pytest.mark.django_db
def test_an_invitation_form_sent_twice_sends_one_invitation(client, unit, mailoutbox):
    admin = MembershipFactory(unit=unit, role=Role.ADMIN).user
    enrol_totp(admin)  # administrators work with a second factor
    client.force_login(admin)
    url = reverse("invitation_create", args=[unit.slug])
    token = client.get(reverse("unit_members", args=[unit.slug])).context["form"].initial["token"]
    data = {"email": "moi.canbo@police.test", "role": Role.EDITOR, "token": token}
    redirects(client.post(url, data), reverse("unit_members", args=[unit.slug]))
    shows(client.post(url, data, follow=True), 200, TOLD)
    assert Invitation.objects.count() == 1
    assert len(mailoutbox) == 1
