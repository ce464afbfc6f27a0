import pytest
from django.contrib.auth.models import AnonymousUser

from models_registry.selectors import ModelFilters, published_models, search_query
from tests.factories import DraftModelFactory, ExemplaryModelFactory

pytestmark = pytest.mark.django_db


def _search(text):
    return list(published_models(ModelFilters(query=text, sort="relevance"), AnonymousUser()))


@pytest.fixture
def menh_lenh():
    return ExemplaryModelFactory(
        title="Mệnh lệnh 01 về tổng kiểm soát hành chính ban đêm",
        summary="Tuần tra ban đêm để phòng ngừa tội phạm.",
    )


@pytest.fixture
def camera():
    return ExemplaryModelFactory(
        title="Camera giám sát an ninh", how_it_works="Lắp camera ở các tuyến phố."
    )


@pytest.mark.parametrize("query", ["menh lenh 01", "Mệnh lệnh", "MỆNH LỆNH 01", "menh len"])
def test_search_ignores_diacritics_and_case(menh_lenh, camera, query):
    assert _search(query) == [menh_lenh]


def test_search_finds_words_in_the_write_up(menh_lenh, camera):
    assert _search("tuyen pho") == [camera]
    assert _search("tuần tra") == [menh_lenh]


def test_search_never_returns_drafts(menh_lenh):
    DraftModelFactory(title="Mệnh lệnh 02 (bản nháp)")
    assert _search("menh lenh") == [menh_lenh]


def test_title_matches_rank_above_body_matches(camera):
    body_only = ExemplaryModelFactory(title="Tuần tra", summary="Có dùng camera giám sát.")
    assert _search("camera giam sat") == [camera, body_only]


def test_accents_matching_the_query_rank_first():
    ca = ExemplaryModelFactory(title="Cá")
    ca_grave = ExemplaryModelFactory(title="Cà")
    assert _search("Cà") == [ca_grave, ca]
    assert _search("Cá") == [ca, ca_grave]


def test_search_query_tolerates_garbage():
    assert search_query("!!! ''' &|:*") is None
    assert _search("') OR 1=1 --") == []
    assert _search("a" * 500) == []
