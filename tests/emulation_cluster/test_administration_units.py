"""The unit tree in /quan-tri-cum/don-vi/: add, rename, move (never into its own tree), archive
(keeping models, questions and people) and restore, each in the audit log."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from emulation_cluster.administration import units
from emulation_cluster.enums import AuditAction, Role, UnitKind
from emulation_cluster.models import AuditEntry, Membership, Unit
from models_registry.models import ExemplaryModel
from tests.conftest import enrol_totp
from tests.factories import (
    ClusterFactory,
    ExemplaryModelFactory,
    MembershipFactory,
    QuestionFactory,
    SubUnitFactory,
    UnitFactory,
    UserFactory,
)
from tests.pages import redirects, shows


def said(problem) -> str:
    """The refusal as the page, in the portal's language, shows it."""
    with translation.override("vi"):
        return escape(problem())


class Tree:
    """Hà Nội ⊃ Hoàn Kiếm ⊃ Hàng Bạc; Đà Nẵng ⊃ Thanh Khê."""

    def __init__(self):
        self.cluster = ClusterFactory()
        self.ha_noi = UnitFactory(name="Công an thành phố Hà Nội", slug="ha-noi")
        self.hoan_kiem = SubUnitFactory(
            name="Công an quận Hoàn Kiếm", slug="hoan-kiem", parent=self.ha_noi
        )
        self.hang_bac = SubUnitFactory(
            name="Công an phường Hàng Bạc",
            slug="hang-bac",
            parent=self.hoan_kiem,
            kind=UnitKind.WARD,
        )
        self.da_nang = UnitFactory(name="Công an thành phố Đà Nẵng", slug="da-nang", city="Đà Nẵng")
        self.thanh_khe = SubUnitFactory(
            name="Công an quận Thanh Khê", slug="thanh-khe", parent=self.da_nang, city="Đà Nẵng"
        )
        self.admin = UserFactory()
        self.cluster.administrators.add(self.admin)
        enrol_totp(self.admin)
        self.client = Client()
        self.client.force_login(self.admin)


@pytest.fixture
def tree(db):
    return Tree()


def _entries(unit):
    return AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(Unit), target_id=unit.pk
    )


def test_a_ward_is_added_under_a_district(tree):
    response = tree.client.post(
        reverse("unit_create"),
        {
            "parent": "thanh-khe",
            "kind": UnitKind.WARD,
            "name": "Công an phường Xuân Hà",
            "short_name": "CAP Xuân Hà",
        },
    )
    ward = Unit.objects.get(name="Công an phường Xuân Hà")
    redirects(response, ward.get_absolute_url())
    assert (ward.parent, ward.cluster, ward.city) == (tree.thanh_khe, tree.cluster, "Đà Nẵng")
    assert ward.slug == "cap-xuan-ha"
    entry = _entries(ward).get()
    assert (entry.action, entry.actor, entry.unit) == (AuditAction.CREATE, tree.admin, ward)
    assert entry.changes["parent"] == [None, tree.thanh_khe.name]


def test_the_add_form_starts_under_the_unit_it_came_from(tree):
    html = shows(tree.client.get(reverse("unit_create") + "?parent=thanh-khe"), 200)
    assert '<option value="thanh-khe" selected>' in html
    assert 'value="hang-bac"' not in html  # a ward holds no unit


@pytest.mark.parametrize(
    "data,field",
    [
        ({"parent": "hoan-kiem", "kind": UnitKind.DISTRICT}, "parent"),
        ({"parent": "", "kind": UnitKind.WARD}, "parent"),
        ({"parent": "ha-noi", "kind": UnitKind.CITY}, "parent"),
        ({"parent": "hang-bac"}, "parent"),
        ({"parent": "khong-co"}, "parent"),
        ({"kind": "tinh"}, "kind"),
        ({"name": ""}, "name"),
        ({"name": "Đ" * 201}, "name"),
        ({"slug": "có dấu"}, "slug"),
        ({"slug": "hoan-kiem"}, "slug"),
    ],
)
def test_a_wrong_unit_is_refused_with_what_was_typed(tree, data, field):
    form = {"parent": "hoan-kiem", "kind": UnitKind.WARD, "name": "Phường mới", "short_name": "P"}
    form.update(data)
    before = Unit.objects.count()
    response = tree.client.post(reverse("unit_create"), form)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert escape(form["name"]) in response.content.decode()
    assert Unit.objects.count() == before
    assert not AuditEntry.objects.exists()


def test_a_ward_moves_to_another_district_and_city(tree):
    url = reverse("unit_move", args=["hang-bac"])
    redirects(tree.client.post(url, {"parent": "thanh-khe"}), tree.hang_bac.get_absolute_url())
    tree.hang_bac.refresh_from_db()
    assert (tree.hang_bac.parent, tree.hang_bac.city) == (tree.thanh_khe, "Đà Nẵng")
    entry = _entries(tree.hang_bac).get()
    assert entry.action == AuditAction.CHANGE
    assert entry.changes["parent"] == [tree.hoan_kiem.name, tree.thanh_khe.name]
    assert entry.changes["city"] == ["Hà Nội", "Đà Nẵng"]


def test_a_district_moves_with_its_wards(tree):
    other = UnitFactory(name="Công an thành phố Hải Phòng", slug="hai-phong", city="Hải Phòng")
    tree.client.post(reverse("unit_move", args=["hoan-kiem"]), {"parent": "hai-phong"})
    tree.hang_bac.refresh_from_db()
    assert (tree.hang_bac.parent, tree.hang_bac.city) == (tree.hoan_kiem, "Hải Phòng")
    assert Unit.objects.get(slug="hoan-kiem").parent == other


@pytest.mark.parametrize(
    "moved,parent",
    [("hoan-kiem", "hoan-kiem"), ("ha-noi", "hoan-kiem"), ("hoan-kiem", "thanh-khe")],
)
def test_a_move_into_its_own_tree_or_against_the_kinds_is_refused(tree, moved, parent):
    unit, target = Unit.objects.get(slug=moved), Unit.objects.get(slug=parent)
    response = tree.client.post(reverse("unit_move", args=[moved]), {"parent": parent})
    problem = said(lambda: units.placement_problem(kind=unit.kind, parent=target, unit=unit))
    shows(response, 400, problem)
    assert Unit.objects.get(slug=moved).parent_id == unit.parent_id
    assert not AuditEntry.objects.exists()


def test_the_cycle_is_named_before_the_kinds(tree):
    with translation.override("en"):
        district = tree.hoan_kiem
        itself = units.placement_problem(kind="district", parent=district, unit=district)
        below = units.placement_problem(kind="city", parent=tree.hoan_kiem, unit=tree.ha_noi)
    assert itself == "A unit cannot be placed under itself."
    assert "is a sub-unit of Công an thành phố Hà Nội" in below


def test_renaming_is_audited(tree):
    url = reverse("unit_rename", args=["hoan-kiem"])
    assert 'value="Công an quận Hoàn Kiếm"' in tree.client.get(url).content.decode()
    data = {"name": "Công an quận Hoàn Kiếm (mới)", "short_name": "CAQ HK", "city": "Hà Nội"}
    redirects(tree.client.post(url, data), tree.hoan_kiem.get_absolute_url())
    entry = _entries(tree.hoan_kiem).get()
    assert entry.changes["name"] == ["Công an quận Hoàn Kiếm", "Công an quận Hoàn Kiếm (mới)"]
    assert set(entry.changes) == {"name", "short_name"}
    assert tree.client.post(url, {**data, "name": ""}).status_code == 400


def test_an_archived_unit_keeps_its_models_questions_and_people(tree, client):
    editor = MembershipFactory(unit=tree.hang_bac, role=Role.EDITOR).user
    model = ExemplaryModelFactory(owner_unit=tree.hang_bac, title="Mô hình Hàng Bạc")
    question = QuestionFactory(asking_unit=tree.hang_bac)
    response = tree.client.post(reverse("unit_archive", args=["hang-bac"]))
    redirects(response, reverse("unit_tree"))
    tree.hang_bac.refresh_from_db()
    assert tree.hang_bac.archived_at is not None
    assert ExemplaryModel.objects.get(pk=model.pk).owner_unit == tree.hang_bac
    assert Membership.objects.active().get(user=editor).unit == tree.hang_bac
    question.refresh_from_db()
    assert question.asking_unit == tree.hang_bac
    assert _entries(tree.hang_bac).get().action == AuditAction.ARCHIVE
    # Gone from the lists, kept on its own page with the badge.
    assert tree.hang_bac.get_absolute_url() not in client.get(reverse("unit_list")).content.decode()
    district = client.get(tree.hoan_kiem.get_absolute_url()).content.decode()
    assert 'id="sub-units-heading"' not in district and model.title in district
    shows(client.get(tree.hang_bac.get_absolute_url()), 200, 'class="badge archived"', model.title)
    admin_page = tree.client.get(reverse("unit_tree")).content.decode()
    active_part, archived_part = admin_page.split('id="archived-heading"')
    assert reverse("unit_restore", args=["hang-bac"]) in archived_part
    assert reverse("unit_rename", args=["hang-bac"]) not in active_part


def test_an_archived_unit_takes_nothing_new(tree):
    units.unit_archive(unit=tree.hang_bac, actor=tree.admin)
    editor = MembershipFactory(unit=tree.hoan_kiem, role=Role.EDITOR).user
    client = Client()
    client.force_login(editor)
    html = client.get(reverse("model_create")).content.decode()
    assert 'value="hoan-kiem"' in html or f'value="{tree.hoan_kiem.pk}"' in html
    assert f'value="{tree.hang_bac.pk}"' not in html
    invite = tree.client.post(
        reverse("invitation_create", args=["hang-bac"]), {"email": "moi@police.test"}
    )
    assert invite.status_code == 400
    assert not tree.hang_bac.invitations.exists()
    move = tree.client.post(reverse("unit_move", args=["thanh-khe"]), {"parent": "hang-bac"})
    assert move.status_code == 400


def test_a_unit_with_active_sub_units_is_not_archived(tree):
    response = tree.client.post(reverse("unit_archive", args=["hoan-kiem"]))
    redirects(response, reverse("unit_tree"))
    assert Unit.objects.get(slug="hoan-kiem").archived_at is None
    assert not AuditEntry.objects.exists()


def test_restoring_brings_the_unit_back_but_not_under_an_archived_parent(tree):
    units.unit_archive(unit=tree.hang_bac, actor=tree.admin)
    units.unit_archive(unit=tree.hoan_kiem, actor=tree.admin)
    tree.client.post(reverse("unit_restore", args=["hang-bac"]))
    assert Unit.objects.get(slug="hang-bac").archived_at is not None
    tree.client.post(reverse("unit_restore", args=["hoan-kiem"]))
    tree.client.post(reverse("unit_restore", args=["hang-bac"]))
    assert Unit.objects.active().filter(slug__in=["hang-bac", "hoan-kiem"]).count() == 2
    restored = _entries(tree.hang_bac).order_by("id").last()
    assert restored.changes["archived_at"][1] is None


def test_the_tree_page_has_a_fixed_number_of_queries(tree, django_assert_num_queries):
    def page():
        # 13: the 9 of every signed-in page (session, user, checks, savepoint, banner, menu),
        # then the cities, their districts, their wards, and the archived units.
        with django_assert_num_queries(11):
            return tree.client.get(reverse("unit_tree"))

    page()
    SubUnitFactory.create_batch(3, parent=tree.da_nang)
    ward = SubUnitFactory(parent=tree.thanh_khe, kind=UnitKind.WARD)
    ward.archived_at = timezone.now()
    ward.save()
    shows(page(), 200, ward.name)


@pytest.mark.parametrize("role", [Role.EDITOR, Role.ADMIN])
def test_unit_admins_do_not_change_the_tree(tree, role):
    person = MembershipFactory(unit=tree.ha_noi, role=role).user
    enrol_totp(person)
    client = Client()
    client.force_login(person)
    posts = [
        (reverse("unit_create"), {"parent": "hoan-kiem", "kind": "ward", "name": "X"}),
        (reverse("unit_move", args=["hang-bac"]), {"parent": "thanh-khe"}),
        (reverse("unit_rename", args=["hang-bac"]), {"name": "X", "short_name": "X", "city": "X"}),
        (reverse("unit_archive", args=["hang-bac"]), {}),
    ]  # fmt: skip
    for url, data in posts:
        assert client.post(url, data).status_code == 403
    assert Unit.objects.get(slug="hang-bac").parent == tree.hoan_kiem
    assert not Unit.objects.filter(archived_at__isnull=False).exists()
    assert Unit.objects.count() == 5
