import pytest
from django.core import mail
from django.test import Client

from emulation_cluster.enums import Role
from tests.factories import (
    ClusterFactory,
    MembershipFactory,
    UnitFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    # The production hasher costs ~0.4 s a hash on these machines.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.LANGUAGE_CODE = "vi"
    # Writes in a test's transaction never commit, so the kept pages' version never moves:
    # the page cache is tested on its own (tests/emulation_cluster/test_page_cache.py).
    settings.PAGE_CACHE_SECONDS = 0
    # Query counts are those of a person's first request, the reading of their roles included:
    # Django's own sessions bring no roles' generation, so no reading is kept between requests
    # (tests/emulation_cluster/test_kept_reading.py uses the portal's engine).
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"


@pytest.fixture
def mailoutbox(mailoutbox):
    """pytest-django's, read after the worker's part is done (see tests/outbox.py)."""
    from tests.outbox import SentMail

    mail.outbox = SentMail()
    yield mail.outbox
    mail.outbox = []  # the next test's database is not this one's


@pytest.fixture
def unit(db):
    return UnitFactory(name="Công an thành phố Hà Nội", short_name="CATP Hà Nội", slug="ha-noi")


@pytest.fixture
def other_unit(db):
    return UnitFactory(
        name="Công an thành phố Đà Nẵng", short_name="CATP Đà Nẵng", slug="da-nang", city="Đà Nẵng"
    )


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor(unit):
    return MembershipFactory(unit=unit, role=Role.EDITOR).user


@pytest.fixture
def member(unit):
    return MembershipFactory(unit=unit, role=Role.MEMBER).user


@pytest.fixture
def other_editor(other_unit):
    return MembershipFactory(unit=other_unit, role=Role.EDITOR).user


def enrol_totp(user) -> str:
    """Give ``user`` a TOTP authenticator (as allauth's enrolment does); returns the secret."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


@pytest.fixture
def cluster_admin(db):
    user = UserFactory()
    ClusterFactory().administrators.add(user)
    enrol_totp(user)
    return user


@pytest.fixture
def admin_user(db, django_user_model):
    """pytest-django's superuser, with the second factor that administrators must have."""
    user = django_user_model.objects.create_superuser("admin", "admin@police.test", "password")
    enrol_totp(user)
    return user


@pytest.fixture
def editor_client(editor):
    return _client_for(editor)


@pytest.fixture
def member_client(member):
    return _client_for(member)


@pytest.fixture
def other_editor_client(other_editor):
    return _client_for(other_editor)


@pytest.fixture
def cluster_admin_client(cluster_admin):
    return _client_for(cluster_admin)


# Addresses the three access matrices cover, by where they live in the portal.
URL_AREAS = {"seminars": ("hoi-nghi/",), "qa": ("hoi-dap/",)}
NOT_THE_PORTALS = ("quan-tri/", "accounts/", "i18n/")


def _named_routes():
    """(full route, name) of every named address the site serves."""
    from django.urls import URLPattern, URLResolver, get_resolver

    routes = []

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and pattern.name:
                routes.append((route, pattern.name))

    walk(get_resolver().url_patterns, "")
    return routes


@pytest.fixture
def url_names():
    """``url_names("qa")``: names of the addresses of one area of the portal; ``"portal"`` is
    the rest (home, units, accounts pages of our own, the registry), admin and allauth aside."""

    def names(area: str) -> set[str]:
        if area in URL_AREAS:
            return {name for route, name in _named_routes() if route.startswith(URL_AREAS[area])}
        others = tuple(prefix for prefixes in URL_AREAS.values() for prefix in prefixes)
        return {
            name
            for route, name in _named_routes()
            if not route.startswith(others + NOT_THE_PORTALS)
        }

    return names
