"""Every URL of the portal for every role: the status, and that nothing leaks.

The roles are people of CATP Hà Nội (member, editor, organizer, unit admin), the admin of another
unit (CATP Đà Nẵng) and a cluster administrator; plus the anonymous visitor.
"""

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from emulation_cluster.enums import Role, Visibility
from models_registry.models import Attachment
from tests.conftest import enrol_totp
from tests.factories import (
    ClusterFactory,
    DraftModelFactory,
    ExemplaryModelFactory,
    MembershipFactory,
    ReplicationFactory,
    UnitFactory,
    UserFactory,
)

ROLES = ["anonymous", "member", "editor", "organizer", "unit_admin", "other_admin", "cluster_admin"]
RESTRICTED_TITLE = "Mô hình kín Quyết Thắng"
DRAFT_TITLE = "Bản nháp chưa công bố Tân Tiến"
SECRET_ATTACHMENT = "Tài liệu nội bộ Hồng Hà"


@pytest.fixture
def world(db):
    cluster = ClusterFactory()
    ha_noi = UnitFactory(name="Công an thành phố Hà Nội", slug="ha-noi", cluster=cluster)
    da_nang = UnitFactory(name="Công an thành phố Đà Nẵng", slug="da-nang", cluster=cluster)
    people = {"anonymous": None}
    for role_name, unit, role in [
        ("member", ha_noi, Role.MEMBER),
        ("editor", ha_noi, Role.EDITOR),
        ("organizer", ha_noi, Role.ORGANIZER),
        ("unit_admin", ha_noi, Role.ADMIN),
        ("other_admin", da_nang, Role.ADMIN),
    ]:
        people[role_name] = MembershipFactory(unit=unit, role=role).user
    people["cluster_admin"] = UserFactory()
    cluster.administrators.add(people["cluster_admin"])
    for role_name in ("unit_admin", "other_admin", "cluster_admin"):
        enrol_totp(people[role_name])

    public = ExemplaryModelFactory(owner_unit=ha_noi, title="Mô hình công khai")
    members_only = ExemplaryModelFactory(
        owner_unit=ha_noi, title="Mô hình nội bộ cụm", visibility=Visibility.MEMBERS
    )
    restricted = ExemplaryModelFactory(
        owner_unit=ha_noi, title=RESTRICTED_TITLE, visibility=Visibility.RESTRICTED
    )
    draft = DraftModelFactory(owner_unit=ha_noi, title=DRAFT_TITLE)
    secret = Attachment(
        exemplary_model=public,
        title=SECRET_ATTACHMENT,
        original_name="noi-bo.pdf",
        kind="document",
        content_type="application/pdf",
        size=9,
        visibility=Visibility.RESTRICTED,
    )
    secret.file.save("noi-bo.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    replication = ReplicationFactory(exemplary_model=public, adopting_unit=da_nang)
    membership = people["member"].memberships.get()
    from django.utils import timezone

    from emulation_cluster.memberships import invitation_max_age
    from emulation_cluster.models import Invitation

    invitation = Invitation.objects.create(
        unit=ha_noi,
        email="moi@police.test",
        expires_at=timezone.now() + invitation_max_age(),
    )
    from emulation_cluster.models import ClusterTerm, Partner
    from models_registry.models import Topic

    term = ClusterTerm.objects.create(cluster=cluster, year=2025, head_unit=ha_noi)
    term.member_units.set([ha_noi, da_nang])
    from seminars.awards.models import Nomination

    nomination = Nomination.objects.create(
        exemplary_model=public,
        nominating_unit=ha_noi,
        cluster=cluster,
        year=2025,
        statement="Vì sao mô hình xứng đáng.",
        submitted_by=people["unit_admin"],
        submitted_at=timezone.now(),
    )
    return {
        "people": people,
        "ha_noi": ha_noi,
        "term": term,
        "partner": Partner.objects.create(name="Hội Cựu chiến binh", slug="hoi-ccb"),
        "topic": Topic.objects.create(name="Phòng ngừa tội phạm", slug="phong-ngua"),
        "public": public,
        "members_only": members_only,
        "restricted": restricted,
        "draft": draft,
        "secret": secret,
        "replication": replication,
        "membership": membership,
        "invitation": invitation,
        "nomination": nomination,
    }


def client_for(world, role):
    client = Client()
    if world["people"][role] is not None:
        client.force_login(world["people"][role])
    return client


#                  anonymous member editor organizer unit_admin other_admin cluster_admin
EVERYONE = (200, 200, 200, 200, 200, 200, 200)
SIGNED_IN = (302, 200, 200, 200, 200, 200, 200)
POST_ONLY = (302, 405, 405, 405, 405, 405, 405)
EDIT_OWN = (302, 403, 200, 403, 200, 403, 200)
WRITE_MODELS = (302, 403, 200, 403, 200, 200, 200)
CLUSTER_ADMINS = (302, 403, 403, 403, 403, 403, 200)


def matrix(w):
    """(url name, url, expected status per role in ROLES order)."""
    public, restricted, draft = w["public"], w["restricted"], w["draft"]
    return [
        ("home", reverse("home"), EVERYONE),
        ("unit_list", reverse("unit_list"), EVERYONE),
        ("unit_detail", w["ha_noi"].get_absolute_url(), EVERYONE),
        ("unit_members", reverse("unit_members", args=["ha-noi"]), (302, 403, 403, 403, 200, 403, 200)),
        ("invitation_create", reverse("invitation_create", args=["ha-noi"]), POST_ONLY),
        ("invitation_revoke", reverse("invitation_revoke", args=["ha-noi", w["invitation"].pk]), POST_ONLY),
        ("membership_update", reverse("membership_update", args=["ha-noi", w["membership"].pk]), POST_ONLY),
        ("invitation_accept", reverse("invitation_accept", args=["gia-mao"]), (404,) * 7),
        ("profile", reverse("profile"), SIGNED_IN),
        ("outbox", reverse("outbox"), (302, 403, 403, 403, 403, 403, 200)),
        ("outbox_resend", reverse("outbox_resend"), POST_ONLY),
        ("audit_log", reverse("audit_log"), (302, 403, 403, 403, 403, 403, 200)),
        ("cluster_administration", reverse("cluster_administration"), CLUSTER_ADMINS),
        ("term_list", reverse("term_list"), CLUSTER_ADMINS),
        ("term_create", reverse("term_create"), CLUSTER_ADMINS),
        ("term_edit", reverse("term_edit", args=[w["term"].pk]), CLUSTER_ADMINS),
        ("unit_tree", reverse("unit_tree"), CLUSTER_ADMINS),
        ("unit_create", reverse("unit_create"), CLUSTER_ADMINS),
        ("unit_rename", reverse("unit_rename", args=["ha-noi"]), CLUSTER_ADMINS),
        ("unit_move", reverse("unit_move", args=["ha-noi"]), CLUSTER_ADMINS),
        ("unit_archive", reverse("unit_archive", args=["ha-noi"]), (302, 403, 403, 403, 403, 403, 405)),
        ("unit_restore", reverse("unit_restore", args=["ha-noi"]), (302, 403, 403, 403, 403, 403, 405)),
        ("unit_rename", reverse("unit_rename", args=["nowhere"]), (302, 403, 403, 403, 403, 403, 404)),
        ("partner_list", reverse("partner_list"), CLUSTER_ADMINS),
        ("partner_create", reverse("partner_create"), CLUSTER_ADMINS),
        ("partner_edit", reverse("partner_edit", args=[w["partner"].slug]), CLUSTER_ADMINS),
        ("partner_delete", reverse("partner_delete", args=[w["partner"].slug]), (302, 403, 403, 403, 403, 403, 405)),
        ("topic_list", reverse("topic_list"), CLUSTER_ADMINS),
        ("topic_create", reverse("topic_create"), CLUSTER_ADMINS),
        ("topic_edit", reverse("topic_edit", args=[w["topic"].slug]), CLUSTER_ADMINS),
        ("topic_delete", reverse("topic_delete", args=[w["topic"].slug]), (302, 403, 403, 403, 403, 403, 405)),
        ("model_list", reverse("model_list"), EVERYONE),
        ("site_search", reverse("site_search") + "?q=quyet+thang", EVERYONE),
        ("model_feed", reverse("model_feed"), EVERYONE),
        ("model_export", reverse("model_export", args=["xlsx"]), EVERYONE),
        ("model_export", reverse("model_export", args=["csv"]) + "?q=quyet+thang", EVERYONE),
        ("model_export", reverse("model_export", args=["pdf"]), (404,) * 7),
        ("model_create", reverse("model_create"), WRITE_MODELS),
        ("model_import_word", reverse("model_import_word"), WRITE_MODELS),
        ("model_import_excel", reverse("model_import_excel"), WRITE_MODELS),
        ("model_import_template", reverse("model_import_template"), WRITE_MODELS),
        ("model_detail", public.get_absolute_url(), EVERYONE),
        ("model_detail", w["members_only"].get_absolute_url(), (404, 200, 200, 200, 200, 200, 200)),
        ("model_detail", restricted.get_absolute_url(), (404, 200, 200, 200, 200, 404, 200)),
        ("model_detail", draft.get_absolute_url(), (404, 404, 200, 404, 200, 404, 200)),
        ("model_edit", reverse("model_edit", args=[public.slug]), EDIT_OWN),
        ("model_edit", reverse("model_edit", args=[restricted.slug]), (302, 403, 200, 403, 200, 404, 200)),
        ("model_edit", reverse("model_edit", args=[draft.slug]), (302, 404, 200, 404, 200, 404, 200)),
        ("model_history", reverse("model_history", args=[public.slug]), (302, 200, 200, 200, 200, 403, 200)),
        ("model_history", reverse("model_history", args=[restricted.slug]), (302, 200, 200, 200, 200, 404, 200)),
        ("model_publish", reverse("model_publish", args=[draft.slug]), POST_ONLY),
        ("model_unpublish", reverse("model_unpublish", args=[public.slug]), POST_ONLY),
        ("model_verify", reverse("model_verify", args=[public.slug]), POST_ONLY),
        ("attachment_create", reverse("attachment_create", args=[public.slug]), EDIT_OWN),
        ("attachment_download", w["secret"].get_absolute_url(), (404, 200, 200, 200, 200, 404, 200)),
        ("replication_create", reverse("replication_create", args=[public.slug]), (302, 403, 403, 403, 403, 200, 200)),
        ("spread_dashboard", reverse("spread_dashboard"), SIGNED_IN),
        ("spread_dashboard", reverse("spread_dashboard") + "?year=abc", (302, 400, 400, 400, 400, 400, 400)),
        ("spread_unit_dashboard", reverse("spread_unit_dashboard", args=["ha-noi"]), SIGNED_IN),
        ("spread_unit_dashboard", reverse("spread_unit_dashboard", args=["nowhere"]), (302, 404, 404, 404, 404, 404, 404)),
        ("spread_evidence_map", reverse("spread_evidence_map"), SIGNED_IN),
        ("spread_evidence_map", reverse("spread_evidence_map") + "?topic=x", (302, 400, 400, 400, 400, 400, 400)),
        (
            "replication_edit",
            reverse("replication_edit", args=[public.slug, w["replication"].pk]),
            (302, 403, 403, 403, 403, 200, 200),
        ),
        ("spread_report_index", reverse("spread_report_index"), SIGNED_IN),
        ("spread_report", reverse("spread_report", args=[2025]), SIGNED_IN),
        ("spread_report", reverse("spread_report", args=[1800]), (302, 404, 404, 404, 404, 404, 404)),
        ("spread_report_docx", reverse("spread_report_docx", args=[2025]), SIGNED_IN),
        ("spread_report_docx", reverse("spread_report_docx", args=["abc"]), (302, 404, 404, 404, 404, 404, 404)),
        ("spread_report_xlsx", reverse("spread_report_xlsx", args=[2025]), SIGNED_IN),
        ("spread_report_xlsx", reverse("spread_report_xlsx", args=[2019]), (302, 404, 404, 404, 404, 404, 404)),
        # Award nominations: members only; CATP Hà Nội heads the term, so its own administrator
        # does not review its nomination (the cluster's administrators do).
        ("award_index", reverse("award_index"), (302,) * 7),
        ("nomination_list", reverse("nomination_list", args=[2025]), SIGNED_IN),
        ("nomination_list", reverse("nomination_list", args=[1999]), (302, 404, 404, 404, 404, 404, 404)),
        ("nomination_compare", reverse("nomination_compare", args=[2025]), SIGNED_IN),
        ("nomination_create", reverse("nomination_create", args=[2025]), (302, 403, 403, 403, 200, 200, 403)),
        ("nomination_create", reverse("nomination_create", args=[2031]), (302, 404, 404, 404, 404, 404, 404)),
        ("nomination_detail", w["nomination"].get_absolute_url(), SIGNED_IN),
        ("nomination_detail", reverse("nomination_detail", args=[99999]), (302, 404, 404, 404, 404, 404, 404)),
        ("nomination_edit", reverse("nomination_edit", args=[w["nomination"].pk]), (302, 403, 403, 403, 200, 403, 403)),
        ("nomination_review", reverse("nomination_review", args=[w["nomination"].pk]), POST_ONLY),
    ]  # fmt: skip


def test_matrix_covers_every_url_of_the_portal(world, url_names):
    covered = {name for name, _url, _expected in matrix(world)}
    assert url_names("portal") - covered == set()
    assert len(url_names("portal")) >= 20


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_each_role_with_the_right_status(world, role):
    client = client_for(world, role)
    index = ROLES.index(role)
    wrong = []
    for name, url, expected in matrix(world):
        status = client.get(url).status_code
        if status != expected[index]:
            wrong.append((name, url, status, expected[index]))
    assert wrong == []


LISTING_PAGES = ["home", "model_list", "unit_detail", "model_feed", "search"]


def _listing_urls(world):
    return {
        "home": reverse("home"),
        "model_list": reverse("model_list"),
        "unit_detail": world["ha_noi"].get_absolute_url(),
        "model_feed": reverse("model_feed"),
        "search": reverse("model_list") + "?q=quyet+thang",
        "search_draft": reverse("model_list") + "?q=tan+tien",
        "spread_evidence_map": reverse("spread_evidence_map"),
        "spread_unit_dashboard": reverse("spread_unit_dashboard", args=["ha-noi"]),
        "site_search": reverse("site_search") + "?q=quyet+thang",
        "site_search_draft": reverse("site_search") + "?q=tan+tien",
        "site_search_attachment": reverse("site_search") + "?q=hong+ha",
    }


def _unmarked(html):
    """A page's HTML without the search's highlights (``<mark>`` around matched words)."""
    return html.replace("<mark>", "").replace("</mark>", "")


@pytest.mark.parametrize("role", ["anonymous", "other_admin"])
def test_restricted_titles_never_leak(world, role):
    client = client_for(world, role)
    for name, url in _listing_urls(world).items():
        html = _unmarked(client.get(url).content.decode())
        assert RESTRICTED_TITLE not in html, name
        assert DRAFT_TITLE not in html, name
        assert SECRET_ATTACHMENT not in html, name
    public_page = client.get(world["public"].get_absolute_url()).content.decode()
    assert SECRET_ATTACHMENT not in public_page


@pytest.mark.parametrize("role", ["member", "organizer"])
def test_members_of_the_owner_unit_see_restricted_but_not_drafts(world, role):
    client = client_for(world, role)
    urls = _listing_urls(world)
    assert RESTRICTED_TITLE in client.get(urls["search"]).content.decode()
    assert RESTRICTED_TITLE in _unmarked(client.get(urls["site_search"]).content.decode())
    assert RESTRICTED_TITLE in client.get(urls["model_feed"]).content.decode()
    assert RESTRICTED_TITLE in client.get(urls["spread_evidence_map"]).content.decode()
    for url in urls.values():
        assert DRAFT_TITLE not in _unmarked(client.get(url).content.decode())


@pytest.mark.parametrize("role", ["editor", "unit_admin", "cluster_admin"])
def test_those_who_may_edit_find_drafts_and_restricted_files_in_the_search(world, role):
    client = client_for(world, role)
    urls = _listing_urls(world)
    assert DRAFT_TITLE in _unmarked(client.get(urls["site_search_draft"]).content.decode())
    found = _unmarked(client.get(urls["site_search_attachment"]).content.decode())
    assert SECRET_ATTACHMENT in found


def test_anonymous_sees_only_public_models_in_lists(world):
    html = Client().get(reverse("model_list")).content.decode()
    assert "Mô hình công khai" in html
    assert "Mô hình nội bộ cụm" not in html


@pytest.mark.parametrize(
    "role,url_name,args_key,post",
    [
        ("member", "model_publish", "draft", {}),
        ("organizer", "model_publish", "draft", {}),
        ("other_admin", "model_publish", "draft", {}),
        ("member", "model_unpublish", "public", {}),
        ("other_admin", "model_unpublish", "public", {}),
        ("editor", "model_verify", "public", {}),
        ("unit_admin", "model_verify", "public", {}),
        ("other_admin", "model_edit", "public", {"title": "Chiếm quyền"}),
        ("member", "attachment_create", "public", {"title": "x"}),
    ],
)
def test_forbidden_writes_change_nothing(world, role, url_name, args_key, post):
    from models_registry.models import ExemplaryModel

    target = world[args_key]
    before = ExemplaryModel.objects.filter(pk=target.pk).values().get()
    response = client_for(world, role).post(reverse(url_name, args=[target.slug]), post)
    assert response.status_code in (403, 404)
    assert ExemplaryModel.objects.filter(pk=target.pk).values().get() == before
    assert Attachment.objects.count() == 1


@pytest.mark.parametrize("role", ["member", "editor", "organizer", "other_admin"])
def test_non_admins_cannot_manage_members(world, role):
    from emulation_cluster.models import Invitation, Membership

    client = client_for(world, role)
    invite = client.post(
        reverse("invitation_create", args=["ha-noi"]), {"email": "x@police.test", "role": "admin"}
    )
    revoke = client.post(reverse("invitation_revoke", args=["ha-noi", world["invitation"].pk]))
    promote = client.post(
        reverse("membership_update", args=["ha-noi", world["membership"].pk]), {"role": "admin"}
    )
    assert (invite.status_code, revoke.status_code, promote.status_code) == (403, 403, 403)
    assert Invitation.objects.count() == 1
    assert Invitation.objects.get().revoked_at is None
    assert Membership.objects.get(pk=world["membership"].pk).role == Role.MEMBER


def test_guessing_attachment_ids_reveals_nothing(world):
    client = client_for(world, "other_admin")
    secret = world["secret"]
    missing = reverse("attachment_download", args=[world["public"].slug, secret.pk + 1000])
    forbidden = secret.get_absolute_url()
    assert client.get(missing).status_code == client.get(forbidden).status_code == 404
