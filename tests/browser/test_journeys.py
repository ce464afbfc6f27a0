"""The portal's main journeys, end to end in Vietnamese, in a real Chromium."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from emulation_cluster.enums import Role, Visibility
from emulation_cluster.memberships import invitation_max_age, invitation_token
from emulation_cluster.models import Invitation, Membership, Unit
from models_registry.models import ExemplaryModel
from tests.conftest import enrol_totp
from tests.factories import ExemplaryModelFactory

from .conftest import totp_code

pytestmark = pytest.mark.browser

MENH_LENH = "Mệnh lệnh 01 về tổng kiểm soát hành chính ban đêm"
MENH_LENH_SLUG = "menh-lenh-01-tong-kiem-soat-hanh-chinh-ban-dem"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_visitor_searches_without_diacritics_and_reads_a_model(demo, journey):
    restricted = ExemplaryModelFactory(
        owner_unit=Unit.objects.get(slug="catp-ha-noi"),
        title="Mệnh lệnh nội bộ không công khai",
        visibility=Visibility.RESTRICTED,
    )
    visitor = journey()
    page = visitor.page
    visitor.go("/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator(".unit-grid li").count() == 5
    visitor.shoot("home")

    page.fill("#site-search", "menh lenh")
    page.press("#site-search", "Enter")
    page.wait_for_url("**/tim-kiem/?q=menh+lenh")  # the header's box searches everything
    results = page.locator(".search-result h3")
    assert results.all_inner_texts()[0] == MENH_LENH
    assert restricted.title not in page.content()
    visitor.shoot("search")

    page.click(f"text={MENH_LENH}")
    page.wait_for_url(f"**/mo-hinh/{MENH_LENH_SLUG}/")
    results_section = page.locator("section", has=page.locator("h2", has_text="Kết quả")).first
    assert "góp phần giảm tội phạm hình sự" in results_section.inner_text()
    figures = page.locator("section", has=page.locator("#indicators-heading"))
    # The article gives no figures: the demo's one says it is an illustrative value.
    assert "giá trị minh họa (demo), không phải số liệu thật" in figures.inner_text()
    visitor.shoot("model")

    response = visitor.go(restricted.get_absolute_url())
    assert response.status == 404
    assert "Không tìm thấy trang" in page.content()
    visitor.shoot("restricted-404")


def test_invited_officer_joins_enrols_totp_and_logs_in_with_a_code(demo, journey):
    unit = Unit.objects.get(slug="catp-da-nang")
    invitation = Invitation.objects.create(
        unit=unit,
        email="can.bo.moi@police.test",
        role=Role.MEMBER,
        expires_at=timezone.now() + invitation_max_age(),
    )
    officer = journey()
    page = officer.page
    officer.go(f"/loi-moi/{invitation_token(invitation)}/")
    assert "can.bo.moi@police.test" in page.content()
    officer.shoot("invitation")
    page.fill("#id_full_name", "Thượng úy Nguyễn Thị Mai")
    page.fill("#id_password1", "Da-Nang-an-toan-2025")
    page.fill("#id_password2", "Da-Nang-an-toan-2025")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**{unit.get_absolute_url()}")
    assert "Chào mừng" in page.content() or unit.name in page.content()
    officer.shoot("joined")

    officer.go("/accounts/2fa/totp/activate/")
    page.wait_for_url("**/reauthenticate/**")
    page.fill("input[name=password]", "Da-Nang-an-toan-2025")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/2fa/totp/activate/")
    officer.shoot("totp-enrolment")
    secret = page.input_value("#authenticator_secret")
    first_code = totp_code(secret)
    page.fill("input[name=code]", first_code)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "/2fa/totp/activate/" not in page.url
    officer.shoot("totp-enrolled")

    officer.logout()
    officer.go("/accounts/login/")
    page.fill("#id_login", "can.bo.moi@police.test")
    page.fill("#id_password", "Da-Nang-an-toan-2025")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/2fa/authenticate/**")
    officer.shoot("totp-login")
    page.fill("input[name=code]", totp_code(secret, avoid=first_code))
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**{unit.get_absolute_url()}")
    assert "Thượng úy Nguyễn Thị Mai" in page.inner_text("header")
    officer.shoot("landed-on-unit")


def test_editor_writes_a_model_with_a_refused_attachment_then_publishes_it(demo, journey, tmp_path):
    bad = tmp_path / "bao-cao.pdf"
    bad.write_bytes(b"MZ\x90\x00 this is not a PDF")
    good = tmp_path / "huong-dan.pdf"
    good.write_bytes(PDF)
    title = "Tổ liên gia an toàn phòng cháy chữa cháy"
    editor = journey()
    page = editor.page
    editor.login("canbo.hanoi@demo.invalid")
    editor.go("/mo-hinh/tao-moi/")
    page.fill("#id_title", title)
    page.fill("#id_summary", "Các hộ liền kề cùng nhau phòng cháy, chữa cháy tại chỗ.")
    page.fill("#id_how_it_works", "- Mỗi tổ 5 hộ\n- Trang bị bình chữa cháy dùng chung")
    page.fill("#id_attachment_title", "Hướng dẫn thành lập tổ")
    page.set_input_files("#id_attachment_file", str(bad))
    page.click("main form.stacked button[type=submit]")
    page.wait_for_load_state()
    assert "Nội dung tệp không khớp" in page.content()
    assert page.input_value("#id_title") == title  # nothing typed is lost
    assert "Trang bị bình chữa cháy dùng chung" in page.input_value("#id_how_it_works")
    assert not ExemplaryModel.objects.filter(title=title).exists()
    editor.shoot("refused-attachment")

    page.set_input_files("#id_attachment_file", str(good))
    page.dblclick("main form.stacked button[type=submit]")  # a double click posts once
    page.wait_for_url("**/mo-hinh/to-lien-gia-an-toan-phong-chay-chua-chay/")
    assert ExemplaryModel.objects.filter(title=title).count() == 1
    assert (
        "huong-dan.pdf" in ExemplaryModel.objects.get(title=title).attachments.get().original_name
    )
    editor.shoot("draft")

    page.click("form[action$='/cong-bo/'] button")
    page.wait_for_load_state()
    assert ExemplaryModel.objects.get(title=title).is_published
    editor.shoot("published")

    editor.go("/mo-hinh/")
    assert title in page.inner_text(".model-list")
    editor.go("/mo-hinh/?q=to+lien+gia+phong+chay")
    assert page.locator(".model-list .model-row h3").all_inner_texts() == [title]
    editor.shoot("found")


def test_session_expired_while_writing_keeps_the_text(demo, journey):
    editor = journey()
    page = editor.page
    editor.login("canbo.hcm@demo.invalid")
    editor.go("/mo-hinh/tao-moi/")
    page.fill("#id_title", "Mô hình viết dở khi hết phiên")
    page.fill("#id_problem", "Một đoạn dài đã gõ trước khi phiên làm việc hết hạn.")
    editor.context.clear_cookies(name="sessionid")
    page.click("main form.stacked button[type=submit]")
    page.wait_for_url("**/accounts/login/**")
    editor.shoot("asked-to-log-in")
    page.fill("#id_login", "canbo.hcm@demo.invalid")
    page.fill("#id_password", "demo-cum1-2025")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/mo-hinh/tao-moi/")
    assert page.input_value("#id_title") == "Mô hình viết dở khi hết phiên"
    assert "trước khi phiên làm việc hết hạn" in page.input_value("#id_problem")
    editor.shoot("text-restored")


def test_organizer_runs_a_seminar_and_another_unit_replies(demo, journey):
    da_nang_admin = Membership.objects.get(
        user__email="quantri.danang@demo.invalid", role=Role.ADMIN
    ).user
    secret = enrol_totp(da_nang_admin)
    start = timezone.localtime() + timedelta(days=20)
    day = start.strftime("%Y-%m-%d")

    organizer = journey("seminar-organizer")
    page = organizer.page
    organizer.login("tochuc.hanoi@demo.invalid")
    organizer.go("/hoi-nghi/tao-moi/")
    page.fill("#id_title", "Tọa đàm nhân rộng Mệnh lệnh 01")
    page.fill("#id_starts_at", f"{day}T14:00")
    page.fill("#id_ends_at", f"{day}T17:00")
    page.fill("#id_venue", "Hội trường CATP Hà Nội")
    page.fill("#id_chair_name", "Thiếu tướng Đào Thanh Hải, Phó Giám đốc CATP Hà Nội")
    page.fill("#id_reply_deadline", f"{(start - timedelta(days=5)).strftime('%Y-%m-%d')}T17:00")
    organizer.shoot("seminar-form")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/hoi-nghi/\d+/$"))
    seminar_url = page.url
    organizer.shoot("seminar-draft")

    page.click("a[href$='/chuong-trinh/them/']")
    page.fill("#id_starts_at", f"{day}T14:30")
    page.select_option("#id_kind", "presentation")
    page.fill("#id_title", "Kinh nghiệm tổng kiểm soát hành chính ban đêm")
    page.select_option("#id_presenting_unit", label="Công an thành phố Hà Nội")
    page.fill("#id_speaker", "Đại diện Phòng Cảnh sát trật tự")
    page.select_option(
        "#id_exemplary_model",
        value=str(ExemplaryModel.objects.get(slug=MENH_LENH_SLUG).pk),
    )
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    errors = page.locator(".error").all_inner_texts()
    assert errors == []
    page.wait_for_url(seminar_url + "*")
    assert "Kinh nghiệm tổng kiểm soát hành chính ban đêm" in page.content()
    page.click("form[action$='/len-lich/'] button")
    page.wait_for_load_state()
    page.click("a[href$='/moi/']")
    page.click("button[name=all]")
    page.wait_for_load_state()
    organizer.shoot("invited")
    organizer.logout()

    guest = journey("seminar-reply")
    guest_page = guest.page
    guest.login("quantri.danang@demo.invalid", totp_secret=secret)
    guest.go(seminar_url.removeprefix(guest.base) + "tra-loi/")
    guest_page.check("input[name=reply][value=attending]")
    guest_page.fill("#id_delegation_size", "3")
    guest_page.fill("#id_delegation_names", "Đại tá Trần Văn A; Trung tá Lê Thị B; Thiếu tá Phạm C")
    guest.shoot("reply-form")
    guest_page.click("main form button[type=submit]")
    guest_page.wait_for_load_state()
    guest.shoot("replied")

    organizer.login("tochuc.hanoi@demo.invalid")
    organizer.go(seminar_url.removeprefix(organizer.base) + "moi/")
    assert "Công an thành phố Đà Nẵng · Tham dự" in page.inner_text("main")
    organizer.shoot("replies")
    organizer.go(seminar_url.removeprefix(organizer.base))
    assert "Trần Văn A" in page.inner_text("main")  # the delegation, on the seminar's page
    organizer.shoot("seminar-with-replies")


def test_question_to_the_owner_is_voted_answered_officially_and_accepted(demo, journey):
    from seminars.models import Seminar
    from seminars.qa.models import Question

    seminar = Seminar.objects.get(is_demo=True)
    title = "Lực lượng tuần tra ban đêm được bố trí theo ca như thế nào?"

    asker = journey("qa-asker")
    page = asker.page
    asker.login("canbo.cantho@demo.invalid")
    asker.go(f"/hoi-dap/hoi-nghi/{seminar.pk}/")
    asker.shoot("seminar-questions")
    ask = page.locator(f"a[href*='/hoi-dap/hoi/{MENH_LENH_SLUG}/']").first
    asker.go(ask.get_attribute("href"))
    page.fill("#id_title", title)
    page.fill("#id_body", "Đơn vị muốn biết cách chia ca và **số tổ** mỗi đêm.")
    asker.shoot("question-form")
    page.dblclick("main form.stacked button[type=submit]")  # a double click posts once
    page.wait_for_url(re.compile(r".*/hoi-dap/\d+/$"))
    question_url = page.url.removeprefix(asker.base)
    assert Question.objects.filter(title=title).count() == 1
    assert Question.objects.get(title=title).seminar == seminar
    asker.shoot("question-asked")

    voter = journey("qa-voter")
    voter.login("canbo.hcm@demo.invalid")
    voter.go(f"/hoi-dap/hoi-nghi/{seminar.pk}/")
    row = voter.page.locator("li", has=voter.page.locator(f"text={title}")).last
    row.locator("form[action$='/binh-chon/'] button").click()
    voter.page.wait_for_load_state()
    assert Question.objects.get(title=title).votes.count() == 1
    voter.shoot("voted")

    owner = journey("qa-owner")
    owner_page = owner.page
    owner.login("canbo.hanoi@demo.invalid")
    bell = owner_page.locator(".notice-bell .count-badge")
    assert int(bell.inner_text().split()[0]) >= 1  # told of the new question
    owner.shoot("bell-new-question")
    owner_page.click(".notice-bell")
    owner_page.click(f"main a[href='{question_url}']")
    owner_page.fill(
        "form[action$='/tra-loi/'] textarea", "Mỗi đêm chia hai ca, mỗi ca có tổ tuần tra cơ động."
    )
    owner_page.click("form[action$='/tra-loi/'] button[type=submit]")
    owner_page.wait_for_load_state()
    assert owner_page.locator(".answer.official").count() == 1
    owner.shoot("official-answer")

    asker.go("/")
    assert int(page.locator(".notice-bell .count-badge").inner_text().split()[0]) >= 1
    asker.shoot("bell-answer")
    asker.go(question_url)
    page.click("form[action$='/chap-nhan/'] button")
    page.wait_for_load_state()
    assert page.locator(".answer.official.accepted").count() == 1
    assert Question.objects.get(title=title).accepted_answer is not None
    asker.shoot("accepted")

    owner.go("/")
    assert int(owner_page.locator(".notice-bell .count-badge").inner_text().split()[0]) >= 1
    owner.shoot("bell-accepted")


def test_language_switch_keeps_the_page(demo, journey):
    reader = journey()
    page = reader.page
    reader.go(f"/mo-hinh/{MENH_LENH_SLUG}/")
    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    assert page.url.endswith(f"/mo-hinh/{MENH_LENH_SLUG}/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Owner unit" in page.content()
    reader.shoot("english")
    page.click("button[name=language][value=vi]")
    page.wait_for_load_state()
    assert page.url.endswith(f"/mo-hinh/{MENH_LENH_SLUG}/")
    assert "Đơn vị sở hữu" in page.content()
    reader.shoot("vietnamese")


def test_stale_link_shows_the_portal_404(demo, journey):
    reader = journey()
    response = reader.go("/mo-hinh/mo-hinh-da-doi-ten/")
    assert response.status == 404
    assert "Không tìm thấy trang" in reader.page.content()
    reader.page.click("main a.button")
    reader.page.wait_for_url(reader.base + "/")
    reader.shoot("not-found")
