"""The one search page: every kind found, accents ignored but ranked, phrases, hostile input."""

import pytest
from django.test import Client
from django.urls import reverse

from emulation_cluster.enums import Role
from emulation_cluster.search.models import SearchDocument
from tests.factories import (
    AgendaItemFactory,
    AnswerFactory,
    ExemplaryModelFactory,
    LessonFactory,
    MembershipFactory,
    QuestionFactory,
    SeminarFactory,
    UnitFactory,
)

URL = reverse("site_search")


@pytest.fixture
def ha_noi(db):
    return UnitFactory(name="Công an thành phố Hà Nội", slug="ha-noi")


@pytest.fixture
def reader(ha_noi):
    client = Client()
    client.force_login(MembershipFactory(unit=ha_noi, role=Role.MEMBER).user)
    return client


def _search(client, **params):
    """The page's HTML with the highlights taken out (``marked`` keeps them)."""
    return _marked(client, **params).replace("<mark>", "").replace("</mark>", "")


def _marked(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def test_search_finds_every_kind(ha_noi, reader):
    model = ExemplaryModelFactory(
        owner_unit=ha_noi, title="Tuần tra ban đêm bằng xe máy", summary="Tuần tra khu phố."
    )
    seminar = SeminarFactory(host_unit=ha_noi, title="Hội nghị về an ninh khu dân cư")
    AgendaItemFactory(seminar=seminar, title="Kinh nghiệm tuần tra ban đêm")
    LessonFactory(seminar=seminar, text="Bài học: tuần tra phải đều đặn")
    question = QuestionFactory(
        exemplary_model=model, title="Cần bao nhiêu người?", body="Mỗi ca tuần tra ban đêm?"
    )
    AnswerFactory(question=question, body="Mỗi ca tuần tra ban đêm cần bốn cán bộ.")

    html = _search(reader, q="tuan tra ban dem")

    assert "Tuần tra ban đêm bằng xe máy" in html
    assert "Hội nghị về an ninh khu dân cư" in html
    assert "Cần bao nhiêu người?" in html
    assert "cần bốn cán bộ" in html
    assert "4 kết quả" in html or "4 results" in html


def test_accentless_and_accented_queries_find_the_same_items(ha_noi, reader):
    ExemplaryModelFactory(owner_unit=ha_noi, title="Mệnh lệnh 01 về phòng cháy")
    ExemplaryModelFactory(owner_unit=ha_noi, title="Chuyển đổi số")
    plain = _marked(reader, q="menh lenh 01")
    accented = _marked(reader, q="Mệnh lệnh 01")
    for html in (plain, accented):
        assert "<mark>Mệnh</mark> <mark>lệnh</mark> <mark>01</mark> về phòng cháy" in html
        assert "Chuyển đổi số" not in html


def test_title_typed_with_the_querys_accents_ranks_first(ha_noi, reader):
    ExemplaryModelFactory(owner_unit=ha_noi, title="Ban dem an toan")
    ExemplaryModelFactory(owner_unit=ha_noi, title="Bản đêm an toàn")
    ExemplaryModelFactory(owner_unit=ha_noi, title="Bán đệm an toàn")
    html = _marked(reader, q="Bản đêm")
    first, second = html.index("đêm</mark> an toàn"), html.index("dem</mark> an toan")
    assert first < second
    assert html.index("<mark>Bản</mark>") < html.index("<mark>Bán</mark>")


def test_phrase_in_quotes_needs_the_words_side_by_side(ha_noi, reader):
    ExemplaryModelFactory(owner_unit=ha_noi, title="Tuần tra ban đêm")
    ExemplaryModelFactory(owner_unit=ha_noi, title="Ban chỉ đạo tuần tra vào đêm")
    html = _search(reader, q='"tuan tra ban dem"')
    assert "vào đêm" not in html
    assert "1 kết quả" in html or "1 result" in html


def test_a_word_with_a_minus_is_left_out(ha_noi, reader):
    ExemplaryModelFactory(owner_unit=ha_noi, title="Tuần tra bằng xe máy")
    ExemplaryModelFactory(owner_unit=ha_noi, title="Tuần tra đi bộ")
    html = _search(reader, q="tuan tra -xe")
    assert "đi bộ" in html
    assert "xe máy" not in html


def test_snippet_shows_the_matched_words_in_the_original_text(ha_noi, reader):
    ExemplaryModelFactory(
        owner_unit=ha_noi,
        title="Mô hình an toàn",
        summary="Công an phường tổ chức <b>tuần tra</b> cùng dân phòng mỗi đêm.",
    )
    html = _marked(reader, q="dan phong")
    assert "<mark>dân</mark> <mark>phòng</mark>" in html
    assert "<b>tuần tra</b>" not in html  # the text is escaped (or read as Markdown), never raw


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"tuan tra',
        "&|!:*()<>\\",
        "a & b | !c <-> d:* (e)",
        "x" * 5000,
        "tuần\x00tra",
        "\x00",
        "!!!...,,,;;;",
        "-",
        "-tuan",
        "' OR 1=1 --",
        "ｔｕａｎ",
        "🚓 tuần tra 🚓",
    ],
)
def test_hostile_queries_give_a_normal_page(ha_noi, reader, query):
    ExemplaryModelFactory(owner_unit=ha_noi, title="Tuần tra ban đêm")
    response = reader.get(URL, {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="search-page-form"' in html
    assert 'class="count"' in html or 'class="empty-search"' in html


@pytest.mark.parametrize("page", ["abc", "99999", "-1", "0", "1.5", "9" * 40])
def test_page_numbers_out_of_range_show_a_page(ha_noi, reader, page):
    for n in range(3):
        ExemplaryModelFactory(owner_unit=ha_noi, title=f"Tuần tra số {n}")
    html = _search(reader, q="tuan tra", page=page)
    assert "Tuần tra số" in html


@pytest.mark.parametrize(
    "params", [{"kind": "nothing"}, {"city": "abc"}, {"topic": "-4"}, {"year": "x" * 300}]
)
def test_garbage_filters_are_ignored(ha_noi, reader, params):
    ExemplaryModelFactory(owner_unit=ha_noi, title="Tuần tra ban đêm")
    assert "Tuần tra ban đêm" in _search(reader, q="tuan tra", **params)


def test_pages_reach_every_match_in_one_order(ha_noi, reader, settings):
    from emulation_cluster.search import engine

    for n in range(45):
        ExemplaryModelFactory(owner_unit=ha_noi, title=f"Tuần tra mẫu {n:02d}")
    seen = []
    for page in (1, 2, 3):
        html = _search(reader, q="tuan tra", page=page)
        seen += [n for n in range(45) if f"mẫu {n:02d}<" in html]
    assert sorted(seen) == list(range(45))
    assert len(seen) == 45
    assert engine.PAGE_SIZE == 20


def test_the_proxy_order_reaches_every_match_beyond_the_full_rank_limit(
    ha_noi, reader, monkeypatch
):
    from emulation_cluster.search import engine

    monkeypatch.setattr(engine, "FULL_RANK_LIMIT", 10)
    monkeypatch.setattr(engine, "REFINE_WINDOW", 20)
    for n in range(45):
        ExemplaryModelFactory(owner_unit=ha_noi, title=f"Tuần tra mẫu {n:02d}")
    seen = []
    for page in (1, 2, 3):
        html = _search(reader, q="tuan tra", page=page)
        seen += [n for n in range(45) if f"mẫu {n:02d}<" in html]
    assert sorted(seen) == list(range(45))


def test_no_match_suggests_dropping_a_word_and_the_closest_titles(ha_noi, reader):
    ExemplaryModelFactory(owner_unit=ha_noi, title="Tuần tra ban đêm")
    ExemplaryModelFactory(owner_unit=ha_noi, title="Tuần tra trên sông")
    html = _marked(reader, q="tuan tra xyzzy")
    assert "0 kết quả" in html or "0 results" in html
    assert "tuan tra</a>" in html  # the search without "xyzzy"
    assert "(2 " in html
    assert "<mark>Tuần</mark> <mark>tra</mark> trên sông" in html
    # No facet to offer and none chosen: no empty box of filters beside the page.
    assert "search-facets" not in html and "list-layout" not in html


def test_a_filter_that_finds_nothing_still_offers_to_clear_it(ha_noi, reader):
    ExemplaryModelFactory(owner_unit=ha_noi, title="Tuần tra ban đêm")
    html = _search(reader, q="tuan tra", kind="seminar")
    assert "search-facets" in html
    assert "Xóa bộ lọc" in html or "Clear filters" in html


def test_a_suggestion_counted_up_to_its_cap_says_so(ha_noi, reader, monkeypatch):
    from emulation_cluster.search import engine

    ExemplaryModelFactory(owner_unit=ha_noi, title="Tuần tra ban đêm")
    ExemplaryModelFactory(owner_unit=ha_noi, title="Tuần tra trên sông")
    monkeypatch.setattr(engine, "SUGGESTION_COUNT_CAP", 2)
    html = _marked(reader, q="tuan tra xyzzy")
    assert "tuan tra</a>" in html
    assert "2 or more results" in html or "từ 2 kết quả trở lên" in html


def test_an_empty_search_explains_what_to_type(reader):
    html = _search(reader, q="")
    assert 'name="q"' in html


def test_documents_follow_edits_and_deletions(ha_noi, reader):
    model = ExemplaryModelFactory(owner_unit=ha_noi, title="Tuần tra ban đêm")
    model.title = "Chốt chặn giao thông"
    model.save()
    assert "Chốt chặn" in _search(reader, q="chot chan")
    assert "Chốt chặn" not in _search(reader, q="tuan tra")
    question = QuestionFactory(exemplary_model=model, title="Ca trực bao lâu?")
    answer = AnswerFactory(question=question, body="Ca trực bốn giờ.")
    answer.delete()
    assert not SearchDocument.objects.filter(kind="answer").exists()
    assert SearchDocument.objects.filter(kind="question", object_id=question.pk).exists()


def test_facets_count_under_the_other_filters(ha_noi, reader):
    from tests.factories import TopicFactory

    patrol, traffic = TopicFactory(name="Tuần tra"), TopicFactory(name="Giao thông")
    both = ExemplaryModelFactory(owner_unit=ha_noi, title="Chốt an toàn một")
    both.topics.add(patrol, traffic)
    only = ExemplaryModelFactory(owner_unit=ha_noi, title="Chốt an toàn hai")
    only.topics.add(patrol)
    ExemplaryModelFactory(owner_unit=ha_noi, title="Chốt an toàn ba")
    QuestionFactory(exemplary_model=both, title="Chốt an toàn ở đâu?")

    everything = _search(reader, q="chot an toan")
    assert "4 kết quả" in everything or "4 results" in everything
    on_traffic = _search(reader, q="chot an toan", topic=traffic.pk)
    assert "2 kết quả" in on_traffic or "2 results" in on_traffic  # the model and its question
    assert "Chốt an toàn hai" not in on_traffic
    models_on_patrol = _search(reader, q="chot an toan", topic=patrol.pk, kind="model")
    assert "2 kết quả" in models_on_patrol or "2 results" in models_on_patrol
    # The kind facet still offers the question on that topic; the topic facet both topics.
    assert "Giao thông" in models_on_patrol


def test_a_topic_given_from_the_topics_side_reaches_the_documents(ha_noi, reader):
    from tests.factories import TopicFactory

    model = ExemplaryModelFactory(owner_unit=ha_noi, title="Tuần tra ven sông")
    topic = TopicFactory(name="Đường thủy")
    topic.models.add(model)
    document = SearchDocument.objects.get(kind="model", object_id=model.pk)
    assert document.topic_ids == [topic.pk]
