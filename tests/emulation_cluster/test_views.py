import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from emulation_cluster.models import Cluster, ClusterTerm, Membership, Partner, Unit
from models_registry.models import ExemplaryModel, Topic
from tests.factories import DraftModelFactory, ExemplaryModelFactory, SubUnitFactory

pytestmark = pytest.mark.django_db

CITY_ORDER = [
    "Công an thành phố Cần Thơ",
    "Công an thành phố Đà Nẵng",
    "Công an thành phố Hà Nội",
    "Công an thành phố Hải Phòng",
    "Công an Thành phố Hồ Chí Minh",
]


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 - discard output


def _positions(html, texts):
    return [html.index(text) for text in texts]


def test_home_shows_the_five_units_in_vietnamese_order_and_the_head_unit(client, demo):
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert response.status_code == 200
    positions = _positions(html, [f">{name}</a>" for name in CITY_ORDER])
    assert positions == sorted(positions)
    assert "Công an thành phố Cần Thơ</strong>" in html  # the head unit of the current term
    assert "Dữ liệu minh họa" in html


def test_home_lists_the_six_demo_models(client, demo):
    response = client.get(reverse("home"))
    latest = response.content.decode().split('id="latest-heading"')[1]
    assert latest.count('<li class="model-row">') == 6
    assert "Mệnh lệnh 01" in response.content.decode()


def test_home_is_in_vietnamese_by_default_and_english_on_request(client, demo):
    assert '<html lang="vi">' in client.get(reverse("home")).content.decode()
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("model_list")}
    )
    assert response.status_code == 302 and response["Location"] == reverse("model_list")
    html = client.get(reverse("model_list")).content.decode()
    assert '<html lang="en">' in html
    assert "Exemplary models" in html


def test_home_works_on_an_empty_database(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "<h1>Cụm thi đua số 1</h1>" in response.content.decode()


def test_unit_page_shows_sub_units_and_models_of_the_tree(client, demo):
    html = client.get(reverse("unit_detail", args=["catp-da-nang"])).content.decode()
    assert "Công an quận Thanh Khê" in html
    assert "Camera giám sát an ninh" in html  # owned by a ward under Thanh Khê


def test_unit_page_hides_drafts(client):
    sub_unit = SubUnitFactory()
    DraftModelFactory(owner_unit=sub_unit, title="Nháp của quận")
    published = ExemplaryModelFactory(owner_unit=sub_unit)
    html = client.get(sub_unit.parent.get_absolute_url()).content.decode()
    assert published.title in html and "Nháp của quận" not in html


def test_unit_page_queries_are_constant(client, demo, django_assert_num_queries):
    unit = Unit.objects.get(slug="catp-ho-chi-minh")
    # 10: the request's SAVEPOINT and RELEASE, the unit, the demo banner, the years it headed
    # the cluster or was deputy, the count of the models of its tree, the replications, the
    # sub-units, the page of models and their topics.
    with django_assert_num_queries(8):
        response = client.get(unit.get_absolute_url())
    assert response.status_code == 200 and unit.name in response.content.decode()
    ExemplaryModelFactory.create_batch(4, owner_unit=unit)
    SubUnitFactory.create_batch(3, parent=unit)
    with django_assert_num_queries(8):
        response = client.get(unit.get_absolute_url())
    assert response.status_code == 200 and unit.name in response.content.decode()


def test_unknown_unit_is_a_404(client):
    response = client.get(reverse("unit_detail", args=["khong-co"]))
    assert response.status_code == 404
    assert "<h1>Không tìm thấy trang</h1>" in response.content.decode()


def test_unit_list_shows_the_tree(client, demo):
    html = client.get(reverse("unit_list")).content.decode()
    assert "Công an phường Xuân Hà" in html


def test_demo_command_is_idempotent(demo):
    def snapshot():
        return {
            model: sorted(model.objects.values_list("pk", "updated_at"))
            for model in (Cluster, Unit, Partner, ClusterTerm, ExemplaryModel, Topic, Membership)
        }

    before = snapshot()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 - discard output
    assert snapshot() == before
    assert Unit.objects.filter(cluster__isnull=False, parent__isnull=True).count() == 5
    assert ExemplaryModel.objects.published().count() == 6
    assert not ExemplaryModel.objects.filter(
        indicators__isnull=False
    ).exists()  # no invented figures
    assert all(ExemplaryModel.objects.values_list("is_demo", flat=True))


def test_demo_users_can_log_in(client, demo):
    response = client.post(
        reverse("account_login"),
        {"login": "canbo.hanoi@demo.invalid", "password": "demo-cum1-2025"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("unit_detail", args=["catp-ha-noi"])
    write = client.get(reverse("model_create"))
    assert write.status_code == 200
    html = write.content.decode()
    assert "<h1>Thêm mô hình</h1>" in html
    assert "Đăng nhập thành công với tài khoản canbo.hanoi@demo.invalid." in html


def test_wrong_password_gives_a_generic_message(client, demo):
    response = client.post(
        reverse("account_login"), {"login": "khong-co@demo.invalid", "password": "sai"}
    )
    assert response.status_code == 200
    assert "Địa chỉ email hoặc mật khẩu không đúng." in response.content.decode()


def test_sign_up_is_closed(client):
    response = client.get(reverse("account_signup"))
    assert "Tài khoản chỉ được cấp theo lời mời" in response.content.decode()
    response = client.post(
        reverse("account_signup"),
        {"email": "la@police.test", "password1": "x-Y-z-12345", "password2": "x-Y-z-12345"},
    )
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(email="la@police.test").exists()


def test_logout_works(client, demo):
    client.post(
        reverse("account_login"),
        {"login": "canbo.hanoi@demo.invalid", "password": "demo-cum1-2025"},
    )
    client.post(reverse("account_logout"))
    response = client.get(reverse("model_create"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={reverse('model_create')}"


def test_admin_lists_every_model(admin_client):
    for path in [
        "emulation_cluster/cluster",
        "emulation_cluster/clusterterm",
        "emulation_cluster/unit",
        "emulation_cluster/partner",
        "emulation_cluster/membership",
        "models_registry/exemplarymodel",
        "models_registry/topic",
        "models_registry/indicator",
        "models_registry/attachment",
        "models_registry/replication",
    ]:
        response = admin_client.get(f"/quan-tri/{path}/")
        assert response.status_code == 200, path
        with translation.override("vi"):
            name = apps.get_model(*path.split("/"))._meta.verbose_name
            heading = f"<h1>Chọn {name} để thay đổi</h1>"
        assert heading in response.content.decode(), path


def test_browser_language_does_not_override_vietnamese(client, demo):
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi">' in html
    assert "Cụm trưởng năm 2023:" in html


def test_the_menu_offers_writing_a_model_only_to_those_who_may(client, member, editor):
    link = f'href="{reverse("model_create")}"'
    client.force_login(member)
    assert link not in client.get(reverse("home")).content.decode()
    client.force_login(editor)
    assert link in client.get(reverse("home")).content.decode()


def test_durations_are_written_in_the_readers_language():
    from datetime import timedelta

    from django.utils import translation

    from emulation_cluster.dates import duration_words

    with translation.override("vi"):
        assert duration_words(timedelta(minutes=22)) == "22 phút"
        assert duration_words(timedelta(days=3, hours=2, minutes=5)) == "3 ngày, 2 giờ"
        assert duration_words(timedelta(seconds=20)) == "chưa đến một phút"
    with translation.override("en"):
        assert duration_words(timedelta(days=1, minutes=5)) == "1 day"
        assert duration_words(timedelta(hours=2, minutes=1)) == "2 hours, 1 minute"


def test_unit_cards_count_the_models_of_the_unit_and_its_sub_units_as_its_page_does(client):
    from emulation_cluster.enums import UnitKind
    from tests.factories import ExemplaryModelFactory, UnitFactory

    city = UnitFactory(name="Công an thành phố Cần Thơ", slug="can-tho", city="Cần Thơ")
    district = UnitFactory(
        name="Công an quận Thốt Nốt", slug="thot-not", parent=city, kind=UnitKind.DISTRICT
    )
    ExemplaryModelFactory(owner_unit=city, title="Mô hình của thành phố")
    ExemplaryModelFactory(owner_unit=district, title="Mô hình của quận")
    for url in (reverse("home"), reverse("unit_list")):
        html = client.get(url).content.decode()
        card = html.split(f">{city.name}</")[1][:400]
        assert "2 mô hình" in card, url
    unit_page = client.get(city.get_absolute_url()).content.decode()
    assert "Mô hình của thành phố" in unit_page and "Mô hình của quận" in unit_page
