"""Topics (/quan-tri-cum/chu-de/) and partner organisations (/quan-tri-cum/doi-tac/): add,
edit, delete only what no model uses (and say why not), everything in the audit log."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from emulation_cluster.administration.common import refuse_if_used
from emulation_cluster.enums import AuditAction, Role
from emulation_cluster.models import AuditEntry, Partner
from models_registry.models import Topic
from tests.conftest import enrol_totp
from tests.factories import (
    ClusterFactory,
    ExemplaryModelFactory,
    MembershipFactory,
    PartnerFactory,
    TopicFactory,
    UserFactory,
)
from tests.pages import redirects, shows

KINDS = {
    "topic": (Topic, TopicFactory, {"name": "An ninh mạng", "name_en": "Cybersecurity"}),
    "partner": (Partner, PartnerFactory, {"name": "Hội Phụ nữ phường", "city": "Cần Thơ"}),
}


@pytest.fixture
def admin_client(db):
    admin = UserFactory()
    ClusterFactory().administrators.add(admin)
    enrol_totp(admin)
    client = Client()
    client.force_login(admin)
    client.user = admin
    return client


def _refusal(row) -> str:
    with translation.override("vi"):
        try:
            refuse_if_used(row)
        except Exception as refused:  # noqa: BLE001 - the message is what the test wants
            return escape(refused.messages[0])
    raise AssertionError("not refused")


@pytest.mark.parametrize("kind", KINDS)
def test_a_row_is_added_with_a_slug_and_audited(admin_client, kind):
    model_class, _factory, data = KINDS[kind]
    response = admin_client.post(reverse(f"{kind}_create"), data)
    redirects(response, reverse(f"{kind}_list"))
    row = model_class.objects.get(name=data["name"])
    assert row.slug in ("an-ninh-mang", "hoi-phu-nu-phuong")
    entry = AuditEntry.objects.get(target_id=row.pk)
    assert (entry.action, entry.actor) == (AuditAction.CREATE, admin_client.user)
    assert entry.changes["name"] == [None, data["name"]]
    shows(admin_client.get(reverse(f"{kind}_list")), 200, data["name"])


@pytest.mark.parametrize("kind", KINDS)
def test_editing_records_before_and_after_and_keeps_the_address(admin_client, kind):
    model_class, factory, data = KINDS[kind]
    row = factory(name="Tên cũ")
    url = reverse(f"{kind}_edit", args=[row.slug])
    assert 'value="Tên cũ"' in admin_client.get(url).content.decode()
    redirects(admin_client.post(url, data), reverse(f"{kind}_list"))
    changed = model_class.objects.get(pk=row.pk)
    assert (changed.name, changed.slug) == (data["name"], row.slug)
    entry = AuditEntry.objects.get()
    assert entry.action == AuditAction.CHANGE
    assert entry.changes["name"] == ["Tên cũ", data["name"]]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", ["", "   ", "Đ" * 201])
def test_a_wrong_name_is_refused_with_what_was_typed(admin_client, kind, name):
    model_class = KINDS[kind][0]
    response = admin_client.post(reverse(f"{kind}_create"), {"name": name, "city": "Huế"})
    assert response.status_code == 400 and "name" in response.context["form"].errors
    if name.strip():
        assert escape(name) in response.content.decode()
    assert not model_class.objects.exists() and not AuditEntry.objects.exists()


@pytest.mark.parametrize("kind", KINDS)
def test_an_unused_row_is_deleted_and_audited(admin_client, kind):
    model_class, factory, _data = KINDS[kind]
    row = factory(name="Không dùng")
    response = admin_client.post(reverse(f"{kind}_delete", args=[row.slug]))
    redirects(response, reverse(f"{kind}_list"))
    assert not model_class.objects.filter(pk=row.pk).exists()
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.target_repr) == (AuditAction.DELETE, "Không dùng")
    assert entry.changes["name"] == ["Không dùng", None]


@pytest.mark.parametrize("kind", KINDS)
def test_a_row_a_model_uses_is_not_deleted_and_the_page_says_why(admin_client, kind):
    model_class, factory, _data = KINDS[kind]
    row = factory(name="Đang dùng")
    getattr(ExemplaryModelFactory(), f"{kind}s").add(row)
    expected = _refusal(row)
    response = admin_client.post(reverse(f"{kind}_delete", args=[row.slug]), follow=True)
    shows(response, 200, expected)
    assert model_class.objects.filter(pk=row.pk).exists()
    assert not AuditEntry.objects.exists()
    # The list offers no delete button for it.
    listing = admin_client.get(reverse(f"{kind}_list")).content.decode()
    assert reverse(f"{kind}_delete", args=[row.slug]) not in listing


@pytest.mark.parametrize("kind", KINDS)
def test_the_list_has_a_fixed_number_of_queries(admin_client, kind, django_assert_num_queries):
    factory = KINDS[kind][1]
    factory()
    with django_assert_num_queries(8):
        admin_client.get(reverse(f"{kind}_list"))
    for row in factory.create_batch(4):
        getattr(ExemplaryModelFactory(), f"{kind}s").add(row)
    with django_assert_num_queries(8):
        admin_client.get(reverse(f"{kind}_list"))


@pytest.mark.parametrize("kind", KINDS)
def test_people_who_do_not_run_the_cluster_change_nothing(db, kind):
    model_class, factory, data = KINDS[kind]
    row = factory(name="Giữ nguyên")
    person = MembershipFactory(role=Role.ADMIN).user
    enrol_totp(person)
    client = Client()
    client.force_login(person)
    assert client.post(reverse(f"{kind}_create"), data).status_code == 403
    assert client.post(reverse(f"{kind}_edit", args=[row.slug]), data).status_code == 403
    assert client.post(reverse(f"{kind}_delete", args=[row.slug])).status_code == 403
    assert list(model_class.objects.values_list("name", flat=True)) == ["Giữ nguyên"]
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("kind", KINDS)
def test_a_second_row_of_the_same_name_is_refused(admin_client, kind):
    model_class, factory, data = KINDS[kind]
    factory(name=data["name"])
    response = admin_client.post(reverse(f"{kind}_create"), {**data, "name": data["name"].upper()})
    assert response.status_code == 400 and "name" in response.context["form"].errors
    assert model_class.objects.count() == 1
