"""Yearly terms in /quan-tri-cum/nhiem-ky/: the form, its refusals, the audit log, and the
history of heads and deputies on the home and unit pages."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from emulation_cluster import selectors
from emulation_cluster.administration import terms
from emulation_cluster.enums import AuditAction, Role
from emulation_cluster.models import AuditEntry, ClusterTerm
from tests.conftest import enrol_totp
from tests.factories import ClusterFactory, MembershipFactory, UnitFactory, UserFactory
from tests.pages import redirects, shows


def said(text: str) -> str:
    """``text`` (already through gettext) as a page in the portal's language shows it."""
    return escape(text)


class World:
    def __init__(self):
        self.cluster = ClusterFactory()
        self.ha_noi = UnitFactory(name="Công an thành phố Hà Nội", slug="ha-noi")
        self.da_nang = UnitFactory(name="Công an thành phố Đà Nẵng", slug="da-nang")
        self.can_tho = UnitFactory(name="Công an thành phố Cần Thơ", slug="can-tho")
        self.admin = UserFactory()
        self.cluster.administrators.add(self.admin)
        enrol_totp(self.admin)
        self.client = Client()
        self.client.force_login(self.admin)

    def term(self, year, head, deputy=None, members=None):
        term = ClusterTerm.objects.create(
            cluster=self.cluster, year=year, head_unit=head, deputy_unit=deputy
        )
        term.member_units.set(members or [self.ha_noi, self.da_nang, self.can_tho])
        return term

    def form(self, **changes):
        data = {
            "cluster": self.cluster.pk,
            "year": "2026",
            "head_unit": "da-nang",
            "deputy_unit": "can-tho",
            "member_units": ["ha-noi", "da-nang", "can-tho"],
        }
        data.update(changes)
        return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def world(db):
    return World()


def test_a_new_term_is_saved_and_audited(world):
    response = world.client.post(reverse("term_create"), world.form())
    redirects(response, reverse("term_list"))
    term = ClusterTerm.objects.get(year=2026)
    assert (term.head_unit, term.deputy_unit) == (world.da_nang, world.can_tho)
    assert set(term.member_units.all()) == {world.ha_noi, world.da_nang, world.can_tho}
    entry = AuditEntry.objects.get(target_type=ContentType.objects.get_for_model(ClusterTerm))
    assert (entry.action, entry.actor) == (AuditAction.CREATE, world.admin)
    assert entry.target_id == term.pk
    assert entry.changes["year"] == [None, 2026]
    assert entry.changes["head_unit"] == [None, world.da_nang.name]
    assert len(entry.changes["member_units"][1]) == 3


def test_the_new_term_form_starts_a_year_after_the_latest(world):
    world.term(2025, world.can_tho)
    html = shows(world.client.get(reverse("term_create")), 200)
    assert 'name="year" value="2026"' in html
    assert html.count("checked") == 3  # the latest term's members


def test_a_term_sent_twice_is_made_once(world):
    token = "mot-lan-duy-nhat-0123456789"
    for _ in range(2):
        world.client.post(reverse("term_create"), world.form(token=token))
    assert ClusterTerm.objects.count() == 1


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"year": "abc"}, "year"),
        ({"year": "1999"}, "year"),
        ({"year": "21000"}, "year"),
        ({"year": None}, "year"),
        ({"head_unit": "khong-co"}, "head_unit"),
        ({"head_unit": None}, "head_unit"),
        ({"deputy_unit": "da-nang"}, "deputy_unit"),
        ({"member_units": ["ha-noi", "can-tho"]}, "head_unit"),
        ({"member_units": ["ha-noi", "da-nang"]}, "deputy_unit"),
        ({"member_units": ["<script>"]}, "member_units"),
        ({"cluster": "x"}, "cluster"),
    ],
)
def test_a_wrong_term_is_refused_with_what_was_typed(world, changes, field):
    response = world.client.post(reverse("term_create"), world.form(**changes))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    if changes.get("year"):
        assert f'value="{changes["year"]}"' in response.content.decode()
    assert ClusterTerm.objects.count() == 0
    assert not AuditEntry.objects.exists()


def test_one_term_per_cluster_and_year(world):
    world.term(2026, world.ha_noi)
    response = world.client.post(reverse("term_create"), world.form())
    with translation.override("vi"):
        expected = terms._year_taken(world.cluster, 2026).message_dict["year"][0]
    shows(response, 400, said(expected))
    assert ClusterTerm.objects.count() == 1


def test_the_service_refuses_what_the_form_would(world):
    members = [world.ha_noi, world.da_nang]
    with pytest.raises(ValidationError) as refused:
        terms.term_save(
            cluster=world.cluster,
            year=2026,
            head_unit=world.ha_noi,
            deputy_unit=world.ha_noi,
            member_units=members,
            actor=world.admin,
        )
    assert set(refused.value.message_dict) == {"deputy_unit"}


def test_editing_a_term_records_only_what_changed(world):
    term = world.term(2025, world.ha_noi, world.da_nang)
    url = reverse("term_edit", args=[term.pk])
    html = shows(world.client.get(url), 200)
    assert 'value="2025"' in html
    form = world.form(year="2025", head_unit="ha-noi", deputy_unit="can-tho")
    redirects(world.client.post(url, form), reverse("term_list"))
    term.refresh_from_db()
    assert term.deputy_unit == world.can_tho
    entry = AuditEntry.objects.get()
    assert entry.action == AuditAction.CHANGE
    assert entry.changes == {"deputy_unit": [world.da_nang.name, world.can_tho.name]}


def test_an_archived_unit_is_not_offered_for_a_new_term(world):
    from django.utils import timezone

    world.can_tho.archived_at = timezone.now()
    world.can_tho.save()
    html = shows(world.client.get(reverse("term_create")), 200)
    assert 'value="can-tho"' not in html
    # A term that named it keeps it when edited.
    term = world.term(2024, world.ha_noi, world.can_tho)
    edit = world.client.get(reverse("term_edit", args=[term.pk]))
    assert 'value="can-tho"' in edit.content.decode()


def test_the_list_is_newest_first_in_a_fixed_number_of_queries(world, django_assert_num_queries):
    world.term(2024, world.ha_noi)

    def page():
        # 11: the session, the user, the cluster check, the second factor, the savepoint and its
        # release, the demo banner, the menu's roles and notices; the terms, their members.
        with django_assert_num_queries(9):
            return world.client.get(reverse("term_list")).content.decode()

    oldest = ClusterTerm.objects.get()
    page()
    newest = world.term(2026, world.da_nang)
    middle = world.term(2025, world.can_tho)
    html = page()
    edits = [html.index(reverse("term_edit", args=[t.pk]) + '"') for t in (newest, middle, oldest)]
    assert edits == sorted(edits)


def test_heads_and_deputies_show_on_the_unit_page(world):
    world.term(2023, world.ha_noi, world.da_nang)
    world.term(2024, world.da_nang, world.ha_noi)
    world.term(2025, world.can_tho)
    assert selectors.unit_term_roles(world.ha_noi) == [(2023, True), (2024, False)]
    html = shows(Client().get(world.ha_noi.get_absolute_url()), 200, 'class="term-roles"')
    roles = html.split('class="term-roles"')[1].split("</p>")[0]
    assert roles.index("2023") < roles.index("2024") and "2025" not in roles


def test_the_home_page_shows_the_terms_in_a_fixed_number_of_queries(
    world, django_assert_num_queries
):
    world.term(2025, world.can_tho)
    client = Client()
    client.get("/")
    with django_assert_num_queries(len_home := _home_queries(client)):
        client.get("/")
    world.term(2024, world.ha_noi, world.da_nang)
    world.term(2023, world.da_nang)
    with django_assert_num_queries(len_home):
        html = shows(client.get("/"), 200, 'class="term-history"')
    table = html.split('class="term-history"')[1].split("</table>")[0]
    assert table.index("2025") < table.index("2024") < table.index("2023")
    assert world.ha_noi.name in table and world.da_nang.name in table


def _home_queries(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    return len(queries)


@pytest.mark.parametrize("role", [Role.MEMBER, Role.ADMIN])
def test_people_who_do_not_run_the_cluster_write_no_term(world, role):
    person = MembershipFactory(unit=world.ha_noi, role=role).user
    enrol_totp(person)
    client = Client()
    client.force_login(person)
    assert client.post(reverse("term_create"), world.form()).status_code == 403
    term = world.term(2025, world.ha_noi)
    edit = client.post(reverse("term_edit", args=[term.pk]), world.form(year="2030"))
    assert edit.status_code == 403
    term.refresh_from_db()
    assert term.year == 2025 and ClusterTerm.objects.count() == 1
