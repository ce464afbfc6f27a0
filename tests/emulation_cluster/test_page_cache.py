"""Whole pages kept for anonymous visitors (emulation_cluster.page_cache): kept and served,
dropped by every kind of write a visitor could see, never anyone's own."""

import re

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.core.cache.backends.base import BaseCache
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.urls import path, reverse

from emulation_cluster.administration.units import unit_rename
from emulation_cluster.page_cache import invalidation, personal, store
from emulation_cluster.page_cache.middleware import HEADER
from models_registry.models import ExemplaryModel
from models_registry.topics import topic_save
from seminars.qa.services import vote_cast
from tests.factories import ExemplaryModelFactory, QuestionFactory, TopicFactory
from tests.models_registry.test_views import _model_form, _pdf, _replication_form
from tests.pages import shows

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 120


@pytest.fixture
def public_model(unit):
    return ExemplaryModelFactory(owner_unit=unit, title="Mô hình công khai Hồng Hà")


def _seen(client, url, state, *texts, **extra):
    response = client.get(url, **extra)
    shows(response, 200, *texts)
    assert response.get(HEADER) == state, f"{HEADER}: {response.get(HEADER)}, not {state}"
    return response


def _after_commit(django_capture_on_commit_callbacks, write):
    """Run ``write`` and then what waits for its commit, which a test's transaction never
    reaches. What was written before counts as committed: its callbacks are forgotten, as a
    commit forgets them (the bump is registered once a transaction)."""
    connection.run_on_commit.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = write()
    connection.run_on_commit.clear()
    return result


# --- kept and served ----------------------------------------------------------------------


def test_a_public_page_is_kept_then_served_with_one_query(
    client, public_model, django_assert_max_num_queries
):
    url = public_model.get_absolute_url()
    _seen(client, url, "miss", public_model.title)
    with django_assert_max_num_queries(1):
        _seen(Client(), url, "hit", public_model.title)


@pytest.mark.parametrize(
    "url_name", ["home", "unit_list", "model_list", "model_feed", "site_search"]
)
def test_every_public_page_is_kept(client, public_model, url_name):
    _seen(client, reverse(url_name), "miss")
    _seen(Client(), reverse(url_name), "hit")


def test_head_is_served_the_kept_page_and_a_post_never(client, public_model):
    _seen(client, reverse("home"), "miss")
    head = Client().head(reverse("home"))
    assert head.status_code == 200 and head.get(HEADER) == "hit"
    assert Client().post(reverse("home")).get(HEADER) is None


def test_the_query_string_in_another_order_is_the_same_page(client, public_model, unit):
    _seen(client, f"{reverse('model_list')}?unit={unit.slug}&sort=title", "miss")
    _seen(Client(), f"{reverse('model_list')}?sort=title&unit={unit.slug}", "hit")
    _seen(Client(), f"{reverse('model_list')}?sort=newest&unit={unit.slug}", "miss")


def test_bad_query_strings_are_served_but_not_kept(client, public_model):
    list_url = reverse("model_list")
    for query in ("q=%ff%fe", "page=abc", "q=" + "a" * 2000):
        first = client.get(f"{list_url}?{query}")
        assert first.status_code in (200, 404)
    assert client.get(f"{list_url}?q={'a' * 2000}").get(HEADER) is None
    # Undecodable bytes are read as Django reads them, so they are one page however written.
    _seen(Client(), f"{reverse('site_search')}?q=%ff", "miss")
    _seen(Client(), f"{reverse('site_search')}?q=%fe", "hit")


def test_a_page_not_found_is_not_kept(client, unit):
    members_only = ExemplaryModelFactory(owner_unit=unit, visibility="members")
    for _ in range(2):
        response = client.get(members_only.get_absolute_url())
        assert response.status_code == 404
        assert response.get(HEADER) is None


# --- the visitor's own: language, CSRF, cookies, messages, signed-in people ------------------


def test_each_language_is_kept_apart(client, public_model):
    _seen(client, reverse("home"), "miss", 'lang="vi"')
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = _seen(english, reverse("home"), "miss", 'lang="en"', "Exemplary models")
    assert response["Content-Language"] == "en"
    _seen(Client(), reverse("home"), "hit", 'lang="vi"')
    english_again = Client()
    english_again.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    _seen(english_again, reverse("home"), "hit", 'lang="en"')


def test_a_kept_page_carries_each_visitors_own_csrf_token(public_model):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    miss = _seen(first, reverse("home"), "miss")
    hit = _seen(second, reverse("home"), "hit")
    for response in (miss, hit):
        assert personal.placeholder() not in response.content.decode()
        assert settings.CSRF_COOKIE_NAME in response.cookies
    kept = store.content(
        store.lookup(store.page_key(hit.wsgi_request), store.visitors_version())
    ).decode()
    assert personal.placeholder() in kept and TOKEN.search(kept).group(1) == personal.placeholder()
    first_token = TOKEN.search(miss.content.decode()).group(1)
    second_token = TOKEN.search(hit.content.decode()).group(1)
    assert first_token != second_token
    # The token of a kept page is good for the language switcher's POST.
    switched = second.post(
        reverse("set_language"),
        {"language": "en", "next": "/", "csrfmiddlewaretoken": second_token},
    )
    assert switched.status_code == 302


def test_a_signed_in_member_is_never_served_the_visitors_page(
    client, member_client, member, public_model
):
    _seen(client, reverse("home"), "miss")
    _seen(Client(), reverse("home"), "hit")
    # Their own audience's page (tests/emulation_cluster/test_member_page_cache.py), not this.
    response = _seen(member_client, reverse("home"), "miss", member.get_full_name())
    assert "Log in" not in response.content.decode()


@pytest.mark.parametrize("cookie", [settings.SESSION_COOKIE_NAME, "messages", "something"])
def test_a_visitor_with_another_cookie_is_neither_served_nor_kept(client, public_model, cookie):
    _seen(client, reverse("home"), "miss")
    with_cookie = Client()
    with_cookie.cookies[cookie] = "x"
    assert with_cookie.get(reverse("home")).get(HEADER) is None


def _sets_a_cookie(request):
    response = HttpResponse("<p>yours</p>")
    response.set_cookie("chosen", "1")
    return response


def _adds_a_message(request):
    messages.info(request, "Xin chào")
    return HttpResponse("<p>hello</p>")


def _writes_the_session(request):
    request.session["seen"] = True
    return HttpResponse("<p>noted</p>")


def _uses_a_csp_nonce(request):
    return HttpResponse(f'<script nonce="{request.csp_nonce}"></script>')


urlpatterns = [
    path("cookie/", _sets_a_cookie, name="home"),
    path("message/", _adds_a_message, name="unit_list"),
    path("session/", _writes_the_session, name="model_list"),
    path("nonce/", _uses_a_csp_nonce, name="model_feed"),
]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("url", ["/cookie/", "/message/", "/session/", "/nonce/"])
def test_a_page_that_is_the_visitors_own_is_not_kept(url):
    for _ in range(2):
        response = Client().get(url)
        assert response.status_code == 200
        assert response.get(HEADER) is None


# --- dropped by every write a visitor could see ---------------------------------------------


def test_editing_a_model_through_its_form_shows_on_every_kept_page(
    client, editor_client, unit, django_capture_on_commit_callbacks
):
    _after_commit(
        django_capture_on_commit_callbacks,
        lambda: editor_client.post(reverse("model_create"), _model_form(unit, visibility="public")),
    )
    model = ExemplaryModel.objects.get()
    model.published_at = model.created_at
    _after_commit(django_capture_on_commit_callbacks, lambda: model.save())
    urls = [model.get_absolute_url(), reverse("model_list"), f"{reverse('site_search')}?q=khu+pho"]
    for url in urls:
        # (the search page marks the words searched for: "khu phố")
        _seen(client, url, "miss", "Tổ tự quản an ninh")
        _seen(Client(), url, "hit")
    _after_commit(
        django_capture_on_commit_callbacks,
        lambda: editor_client.post(
            reverse("model_edit", args=[model.slug]),
            _model_form(
                unit,
                title="Tổ tự quản khu phố kiểu mới",
                visibility="public",
                **{
                    "indicators-INITIAL_FORMS": "1",
                    "indicators-0-id": str(model.indicators.get().pk),
                },
            ),
        ),
    )
    for url in urls:
        _seen(Client(), url, "miss", "kiểu mới")


def test_a_replication_recorded_through_its_form_shows(
    client, other_editor_client, other_unit, public_model, django_capture_on_commit_callbacks
):
    _seen(client, public_model.get_absolute_url(), "miss")
    _after_commit(
        django_capture_on_commit_callbacks,
        lambda: other_editor_client.post(
            reverse("replication_create", args=[public_model.slug]),
            _replication_form(other_unit, adaptations="Dùng camera sẵn có của phường."),
        ),
    )
    _seen(Client(), public_model.get_absolute_url(), "miss", "Dùng camera sẵn có của phường.")


def test_an_attachment_uploaded_through_its_form_shows(
    client, editor_client, public_model, django_capture_on_commit_callbacks
):
    _seen(client, public_model.get_absolute_url(), "miss")
    _after_commit(
        django_capture_on_commit_callbacks,
        lambda: editor_client.post(
            reverse("attachment_create", args=[public_model.slug]),
            {"title": "Quy trình tuần tra Hồng Hà", "file": _pdf(), "visibility": "public"},
        ),
    )
    _seen(Client(), public_model.get_absolute_url(), "miss", "Quy trình tuần tra Hồng Hà")


def test_unpublishing_a_model_takes_it_off_the_kept_list(
    client, editor_client, public_model, django_capture_on_commit_callbacks
):
    _seen(client, reverse("model_list"), "miss", public_model.title)
    _after_commit(
        django_capture_on_commit_callbacks,
        lambda: editor_client.post(reverse("model_unpublish", args=[public_model.slug])),
    )
    response = _seen(Client(), reverse("model_list"), "miss")
    assert public_model.title not in response.content.decode()


def test_a_topic_or_unit_renamed_shows(
    client, cluster_admin, public_model, unit, django_capture_on_commit_callbacks
):
    topic = TopicFactory(name="Trật tự đô thị")
    public_model.topics.add(topic)
    _seen(client, public_model.get_absolute_url(), "miss", "Trật tự đô thị")
    _after_commit(
        django_capture_on_commit_callbacks,
        lambda: topic_save(topic=topic, name="Trật tự văn minh đô thị", actor=cluster_admin),
    )
    _seen(Client(), public_model.get_absolute_url(), "miss", "Trật tự văn minh đô thị")
    _after_commit(
        django_capture_on_commit_callbacks,
        lambda: unit_rename(
            unit=unit,
            name="Công an Thủ đô",
            short_name="CA Thủ đô",
            city=unit.city,
            actor=cluster_admin,
        ),
    )
    _seen(Client(), public_model.get_absolute_url(), "miss", "Công an Thủ đô")


def test_what_visitors_never_read_keeps_the_pages(
    client, member, public_model, django_capture_on_commit_callbacks
):
    question = QuestionFactory(exemplary_model=public_model)
    _seen(client, reverse("home"), "miss")
    _after_commit(
        django_capture_on_commit_callbacks, lambda: vote_cast(question=question, voter=member)
    )
    _seen(Client(), reverse("home"), "hit")


def test_a_write_rolled_back_keeps_the_pages(
    client, public_model, django_capture_on_commit_callbacks
):
    from django.db import transaction

    _seen(client, reverse("home"), "miss")
    connection.run_on_commit.clear()  # the fixtures' writes count as committed
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        public_model.title = "Không bao giờ lưu"
        public_model.save()
        raise RuntimeError
    assert callbacks == []
    _seen(Client(), reverse("home"), "hit")


def test_the_unseen_tables_are_tables_of_the_portal():
    labels = {model._meta.label for model in apps.get_models()}
    assert labels >= invalidation.UNSEEN_BY_VISITORS


class UnreachableCache(BaseCache):
    """A cache whose server does not answer."""

    def __init__(self, location, params):
        super().__init__(params)

    def get_many(self, keys, version=None):
        raise ConnectionError("no cache")

    get = add = set = get_many


def test_a_cache_that_does_not_answer_leaves_pages_working(client, public_model, settings):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": f"{__name__}.UnreachableCache"},
    }
    response = client.get(public_model.get_absolute_url())
    shows(response, 200, public_model.title)
    assert response.get(HEADER) is None


# --- a new release ------------------------------------------------------------------------------


@pytest.fixture
def release_marker(monkeypatch):
    from emulation_cluster.page_cache import release

    release.marker.cache_clear()
    yield lambda given: (
        monkeypatch.setenv("PORTAL_RELEASE", given),
        release.marker.cache_clear(),
    )
    release.marker.cache_clear()


def test_a_new_release_never_serves_the_pages_of_the_last(public_model, release_marker):
    url = public_model.get_absolute_url()
    release_marker("2026.12.05-a")
    _seen(Client(), url, "miss")
    _seen(Client(), url, "hit")
    release_marker("2026.12.05-b")
    _seen(Client(), url, "miss")
    _seen(Client(), url, "hit")


def test_without_a_given_release_a_changed_file_is_a_new_one(settings, tmp_path, monkeypatch):
    from emulation_cluster.page_cache import release

    monkeypatch.delenv("PORTAL_RELEASE", raising=False)
    template = tmp_path / "templates" / "base.html"
    template.parent.mkdir()
    template.write_text("<html>")
    settings.BASE_DIR = tmp_path
    release.marker.cache_clear()
    first = release.marker()
    release.marker.cache_clear()
    assert release.marker() == first  # the same files: the same release
    template.write_text("<html lang='vi'>")
    release.marker.cache_clear()
    assert release.marker() != first
    release.marker.cache_clear()
