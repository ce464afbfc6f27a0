import re
import subprocess
import sys
from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import hotp_value
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from emulation_cluster.enums import AuditAction, Role
from emulation_cluster.models import AuditEntry, Invitation, Membership
from models_registry.models import ExemplaryModel
from tests.conftest import enrol_totp
from tests.factories import ClusterFactory, ExemplaryModelFactory, MembershipFactory, UserFactory

# Invitations leave through the outbox: mail.outbox is read after the worker's part.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mailoutbox")]


@pytest.fixture
def unit_admin(unit):
    user = MembershipFactory(unit=unit, role=Role.ADMIN).user
    enrol_totp(user)
    return user


@pytest.fixture
def admin_client(unit_admin):
    client = Client()
    client.force_login(unit_admin)
    return client


def _invite(client, unit, email="moi.canbo@police.test", role=Role.EDITOR):
    return client.post(
        reverse("invitation_create", args=[unit.slug]), {"email": email, "role": role}
    )


def _link_in(message):
    return re.search(r"https?://\S+/loi-moi/\S+/", message.body).group(0)


def test_invitation_flow_end_to_end(admin_client, unit):
    response = _invite(admin_client, unit)
    assert response.status_code == 302
    assert response["Location"] == reverse("unit_members", args=[unit.slug])
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["moi.canbo@police.test"]
    assert "Công an thành phố Hà Nội" in message.subject
    assert "Biên tập viên" in message.body
    link = _link_in(message)

    newcomer = Client()
    page = newcomer.get(link)
    assert page.status_code == 200
    assert "moi.canbo@police.test" in page.content.decode()
    joined = newcomer.post(
        link,
        {
            "full_name": "Đại úy Phạm Văn D",
            "password1": "Ca-Ha-Noi-2025",
            "password2": "Ca-Ha-Noi-2025",
        },
    )
    assert joined.status_code == 302 and joined["Location"] == unit.get_absolute_url()
    membership = Membership.objects.get(user__email="moi.canbo@police.test")
    assert (membership.unit, membership.role) == (unit, Role.EDITOR)
    landing = newcomer.get(unit.get_absolute_url())
    assert '<html lang="vi">' in landing.content.decode()
    assert "Đại úy Phạm Văn D" in landing.content.decode()
    # The new editor can write for the unit.
    write = newcomer.get(reverse("model_create"))
    assert write.status_code == 200
    assert "<h1>Thêm mô hình</h1>" in write.content.decode()
    # The link is single use.
    again = Client().get(link)
    assert again.status_code == 403
    assert "đã được sử dụng" in again.content.decode()


def test_invitation_join_form_keeps_input_on_bad_password(admin_client, unit):
    _invite(admin_client, unit)
    link = _link_in(mail.outbox[0])
    response = Client().post(
        link, {"full_name": "Trung úy Lê E", "password1": "123", "password2": "456"}
    )
    assert response.status_code == 400
    assert "Trung úy Lê E" in response.content.decode()
    assert not Membership.objects.filter(user__email="moi.canbo@police.test").exists()


def test_forged_and_expired_links_are_refused(admin_client, unit):
    _invite(admin_client, unit)
    link = _link_in(mail.outbox[0])
    forged = Client().get(link[:-5] + "xxxx/")
    assert forged.status_code == 404
    assert "Không thể sử dụng lời mời này" in forged.content.decode()
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    expired = Client().get(link)
    assert expired.status_code == 403
    assert "hết hạn" in expired.content.decode()


def test_revoked_invitation_cannot_be_used(admin_client, unit):
    _invite(admin_client, unit)
    link = _link_in(mail.outbox[0])
    invitation = Invitation.objects.get()
    admin_client.post(reverse("invitation_revoke", args=[unit.slug, invitation.pk]))
    revoked = Client().get(link)
    assert revoked.status_code == 403
    assert "Không thể sử dụng lời mời này" in revoked.content.decode()


def test_invitation_to_a_member_already_in_the_unit_is_refused(admin_client, unit, member):
    response = _invite(admin_client, unit, email=member.email.upper())
    assert response.status_code == 400
    assert "đã là thành viên" in response.content.decode()
    assert not Invitation.objects.exists() and not mail.outbox


def test_invitation_respects_the_cluster_domain_allow_list(admin_client, unit):
    cluster = unit.cluster
    cluster.invitation_domains = "congan.hanoi.gov.vn"
    cluster.save()
    refused = _invite(admin_client, unit, email="a@gmail.com")
    assert refused.status_code == 400
    assert (
        "Chỉ được gửi lời mời đến email thuộc các tên miền: congan.hanoi.gov.vn."
        in refused.content.decode()
    )
    sent = _invite(admin_client, unit, email="a@congan.hanoi.gov.vn")
    assert sent.status_code == 302
    assert sent["Location"] == reverse("unit_members", args=[unit.slug])


def test_existing_account_accepts_after_login(admin_client, unit, other_unit):
    person = MembershipFactory(unit=other_unit, role=Role.MEMBER).user
    _invite(admin_client, unit, email=person.email, role=Role.MEMBER)
    link = _link_in(mail.outbox[0])
    anonymous = Client()
    assert reverse("account_login") in anonymous.get(link)["Location"]
    someone_else = Client()
    someone_else.force_login(UserFactory())
    refused = someone_else.get(link)
    assert refused.status_code == 403
    assert "Không thể sử dụng lời mời này" in refused.content.decode()
    owner = Client()
    owner.force_login(person)
    accepted = owner.post(link)
    assert accepted.status_code == 302 and accepted["Location"] == unit.get_absolute_url()
    assert set(person.memberships.values_list("unit__slug", flat=True)) == {"ha-noi", "da-nang"}


def test_admin_changes_roles_and_archives_members(admin_client, unit, member):
    membership = member.memberships.get()
    url = reverse("membership_update", args=[unit.slug, membership.pk])
    admin_client.post(url, {"role": Role.EDITOR})
    membership.refresh_from_db()
    assert membership.role == Role.EDITOR
    admin_client.post(url, {"action": "archive"})
    membership.refresh_from_db()
    assert membership.archived_at is not None
    # Archived: no rights left, history kept.
    client = Client()
    client.force_login(member)
    refused = client.get(reverse("model_create"))
    assert refused.status_code == 403
    assert "Không có quyền truy cập" in refused.content.decode()
    actions = list(
        AuditEntry.objects.filter(target_id=membership.pk).values_list("action", flat=True)
    )
    assert AuditAction.ARCHIVE in actions and AuditAction.CHANGE in actions


def test_parent_unit_admin_manages_sub_units(admin_client, unit):
    from tests.factories import SubUnitFactory

    district = SubUnitFactory(parent=unit)
    response = admin_client.get(reverse("unit_members", args=[district.slug]))
    assert response.status_code == 200
    assert f"Thành viên của {district.name}" in response.content.decode()


def test_invitations_are_rate_limited(admin_client, unit, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "invite": "2/h/user"}
    responses = [_invite(admin_client, unit, email=f"n{i}@police.test") for i in range(3)]
    assert [response.status_code for response in responses] == [302, 302, 429]
    members_url = reverse("unit_members", args=[unit.slug])
    assert [response["Location"] for response in responses[:2]] == [members_url, members_url]
    assert (
        "Đã gửi quá nhiều lời mời trong thời gian ngắn. Vui lòng thử lại sau."
        in responses[-1].content.decode()
    )
    assert len(mail.outbox) == 2


def test_failed_logins_are_rate_limited_with_a_generic_message(client, member):
    unknown = client.post(reverse("account_login"), {"login": "khong@co.vn", "password": "sai"})
    answers = [
        client.post(reverse("account_login"), {"login": member.email, "password": "sai"})
        for _ in range(5)
    ]
    # The same message whether or not the account exists.
    assert "Địa chỉ email hoặc mật khẩu không đúng." in unknown.content.decode()
    assert "Địa chỉ email hoặc mật khẩu không đúng." in answers[0].content.decode()
    assert "quá nhiều lần" in answers[-1].content.decode()
    # Even the right password is refused while the limit holds.
    right = client.post(
        reverse("account_login"), {"login": member.email, "password": "pass-Word-2025"}
    )
    assert right.status_code == 200 and "_auth_user_id" not in client.session
    assert "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau." in right.content.decode()


def test_password_reset_does_not_reveal_accounts(client, member):
    known = client.post(reverse("account_reset_password"), {"email": member.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "khong@co.vn"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_admin_must_enrol_a_second_factor(unit):
    admin = MembershipFactory(unit=unit, role=Role.ADMIN).user
    client = Client()
    client.post(reverse("account_login"), {"login": admin.email, "password": "pass-Word-2025"})
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # allauth asks for the password once more before enrolment, then shows the QR code.
    assert reverse("account_reauthenticate") in client.get(reverse("mfa_activate_totp"))["Location"]
    client.post(reverse("account_reauthenticate"), {"password": "pass-Word-2025"})
    enrolment = client.get(reverse("mfa_activate_totp"))
    assert enrolment.status_code == 200
    assert "data:image/svg+xml" in enrolment.content.decode()
    # Every portal page leads back to enrolment until it is done.
    assert client.get(reverse("model_list"))["Location"] == reverse("mfa_activate_totp")


def test_admin_logs_in_with_a_totp_code(unit):
    admin = MembershipFactory(unit=unit, role=Role.ADMIN).user
    secret = enrol_totp(admin)
    client = Client()
    first = client.post(
        reverse("account_login"), {"login": admin.email, "password": "pass-Word-2025"}
    )
    assert first["Location"] == reverse("mfa_authenticate")
    # Without the code the admin is not in.
    members_url = reverse("unit_members", args=[unit.slug])
    outside = client.get(members_url)
    assert outside.status_code == 302
    assert outside["Location"] == f"{reverse('account_login')}?next={members_url}"
    import time

    code = f"{hotp_value(secret, int(time.time()) // 30):06d}"
    second = client.post(reverse("mfa_authenticate"), {"code": code})
    assert second.status_code == 302 and second["Location"] == unit.get_absolute_url()
    inside = client.get(members_url)
    assert inside.status_code == 200
    assert f"Thành viên của {unit.name}" in inside.content.decode()


def test_model_changes_are_audited_with_before_and_after(editor_client, unit, editor):
    model = ExemplaryModelFactory(owner_unit=unit, title="Tên cũ")
    form = {
        "title": "Tên mới",
        "kind": model.kind,
        "owner_unit": unit.pk,
        "status": model.status,
        "visibility": model.visibility,
        "summary": model.summary,
        "indicators-TOTAL_FORMS": "0",
        "indicators-INITIAL_FORMS": "0",
        "indicators-MIN_NUM_FORMS": "0",
        "indicators-MAX_NUM_FORMS": "30",
    }
    editor_client.post(reverse("model_edit", args=[model.slug]), form)
    editor_client.post(reverse("model_unpublish", args=[model.slug]))
    editor_client.post(reverse("model_publish", args=[model.slug]))
    entries = list(AuditEntry.objects.filter(subject_id=model.pk).order_by("id"))
    assert [entry.action for entry in entries] == [
        AuditAction.CHANGE,
        AuditAction.UNPUBLISH,
        AuditAction.PUBLISH,
    ]
    assert entries[0].changes["title"] == ["Tên cũ", "Tên mới"]
    assert all(entry.actor == editor for entry in entries)
    history = editor_client.get(reverse("model_history", args=[model.slug])).content.decode()
    assert "Tên cũ" in history and "Tên mới" in history


def test_models_cannot_be_deleted_from_the_portal(editor_client, unit):
    model = ExemplaryModelFactory(owner_unit=unit)
    for url_name in ("model_detail", "model_edit"):
        editor_client.delete(reverse(url_name, args=[model.slug]))
    assert ExemplaryModel.objects.filter(pk=model.pk).exists()


def test_profile_shows_units_roles_and_mfa(member_client, member):
    html = member_client.get(reverse("profile")).content.decode()
    assert "Công an thành phố Hà Nội" in html
    assert "Thành viên" in html
    assert reverse("mfa_index") in html


def test_security_headers_and_csp(client):
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_pages_have_no_inline_script_or_style(client, unit):
    ExemplaryModelFactory(owner_unit=unit)
    for url in [reverse("home"), reverse("model_list"), reverse("account_login")]:
        html = client.get(url).content.decode()
        assert "<script>" not in html and "<style" not in html and " style=" not in html


def test_check_deploy_is_clean_in_production_mode(tmp_path):
    env = {
        "DJANGO_ENV": "production",
        "SECRET_KEY": "x" * 64 + "-production-secret-for-the-check-only",
        "ALLOWED_HOSTS": "portal.example.vn",
        "DATABASE_URL": "postgres://u@127.0.0.1:1/none",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    env = {"DJANGO_ENV": "production", "ALLOWED_HOSTS": "x", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_create_cluster_admin_command(db):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    cluster = ClusterFactory()
    call_command(
        "create_cluster_admin", "chi.huy@police.test", "--password", "Manh-Me-2025", verbosity=0
    )
    user = get_user_model().objects.get(email="chi.huy@police.test")
    assert cluster.administrators.filter(pk=user.pk).exists()
    assert user.check_password("Manh-Me-2025")


def test_django_admin_logs_in_through_allauth_and_its_second_factor(client):
    response = client.get("/quan-tri/login/?next=/quan-tri/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
