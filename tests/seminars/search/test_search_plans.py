"""The plans behind the page: the sorted order equals the walked one; snippets of long files."""
# ruff: noqa: F811 (the page tests' fixtures)

import re
import unicodedata
from datetime import timedelta

import pytest
from django.db import connection

from emulation_cluster.search import engine, query
from emulation_cluster.search.models import SearchDocument
from tests.factories import ExemplaryModelFactory
from tests.seminars.search.test_search_page import _search, ha_noi, reader  # noqa: F401


def _order(client, pages):
    seen = []
    for page in range(1, pages + 1):
        seen += [
            int(n) for n in re.findall(r"mẫu (\d\d)<", _search(client, q="tuan tra", page=page))
        ]
    return seen


def test_the_sorted_order_below_the_bitmap_limit_equals_the_walked_one(
    ha_noi,
    reader,
    monkeypatch,
):
    monkeypatch.setattr(engine, "FULL_RANK_LIMIT", 10)
    monkeypatch.setattr(engine, "REFINE_WINDOW", 20)
    for n in range(45):
        model = ExemplaryModelFactory(owner_unit=ha_noi, title=f"Tuần tra mẫu {n:02d}")
        if n % 3 == 0:  # ties of score and time, broken by id in both orders
            SearchDocument.objects.filter(kind="model", object_id=model.pk).update(
                occurred_at=SearchDocument.objects.order_by("id").first().occurred_at
            )
    monkeypatch.setattr(engine, "BITMAP_LIMIT", 0)
    walked = _order(reader, 3)
    monkeypatch.setattr(engine, "BITMAP_LIMIT", 1000)
    sorted_ = _order(reader, 3)
    assert sorted(sorted_) == list(range(45))  # every match once, every page reachable
    assert sorted_ == walked
    assert sorted_ == _order(reader, 3)  # the same on every request


@pytest.mark.django_db
def test_a_kind_filter_walks_the_kind_order_index():
    with connection.cursor() as cursor:
        # On a tiny table any plan is cheap: leave only the plans of the real table's size.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM emulation_cluster_searchdocument WHERE kind = 'answer'"
            " ORDER BY score DESC, occurred_at DESC, id DESC LIMIT 20"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_document_answer_order" in plan
    assert "Sort" not in plan
    cursor_plan = SearchDocument.objects.filter(kind="question").order_by(*engine.PROXY_ORDER)
    with connection.cursor() as cursor:
        # On a tiny table any plan is cheap: leave only the plans of the real table's size.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        plan = cursor_plan[:20].explain()
    assert "search_document_kind_order" in plan


def test_a_long_text_is_highlighted_around_its_first_match_in_bounded_work(monkeypatch):
    calls = []
    real_fold = query.fold
    monkeypatch.setattr(query, "fold", lambda text: calls.append(text) or real_fold(text))
    filler = "Công tác bảo đảm trật tự. " * 2400  # about 62,000 characters
    text = filler + "Kinh nghiệm <tuần tra> ban đêm. " + filler + "Tuần tra lần hai."
    pieces = query.highlight(text, query.parse("tuan tra"), length=300)
    marked = [piece for piece, matched in pieces if matched]
    assert marked == ["tuần", "tra"]  # the original accents, only inside the window
    assert pieces[0] == ("… ", False) and pieces[-1] == (" …", False)
    assert sum(len(piece) for piece, _ in pieces) <= 300 + 4
    assert "Kinh nghiệm <" in "".join(piece for piece, _ in pieces)  # escaped by the template
    assert len(calls) < 60  # once per distinct character, not per character


def test_a_decomposed_text_is_highlighted_in_its_own_characters():
    text = unicodedata.normalize("NFD", "Bài học tuần tra")
    pieces = query.highlight(text, query.parse("tuần tra"))
    assert [piece for piece, matched in pieces if matched] == [
        unicodedata.normalize("NFD", "tuần"),
        "tra",
    ]


def test_the_sorted_plan_is_chosen_for_few_matches_of_a_large_table():
    # 1.1 million documents, a window of 100 (bench/search_plans.py): a word of 4,498 matches
    # is sorted (12 ms, walked 20), one of 5,686 or more walked (13.6 ms, sorted 15.1; 10,792:
    # 6 against 26).
    assert engine.sorted_plan(2_852, 100, 1_100_000)
    assert engine.sorted_plan(4_498, 100, 1_100_000)
    assert not engine.sorted_plan(5_686, 100, 1_100_000)
    assert not engine.sorted_plan(10_792, 100, 1_100_000)
    # A kind filter on a word found everywhere: its few thousand matches of that kind lie
    # densely along the kind's own order (question files holding "và": 2.4 ms walked, 10.8
    # sorted).
    assert engine.sorted_plan(4_712, 100, 1_100_000)
    assert not engine.sorted_plan(4_712, 100, 1_100_000, unfiltered=708_434)
    assert not engine.sorted_plan(30_288, 100, 1_100_000)
    # 55,000 documents: a phrase in one document of nine is walked (5 ms against 54 ms).
    assert not engine.sorted_plan(6_153, 100, 55_000)
    # Deep pages need more rows of the walk (page 200 of "kheu" in questions: sorted 47 ms,
    # walked 484; of "và" in files: walked 27, sorted 87); above BITMAP_LIMIT never sorted.
    assert engine.sorted_plan(5_659, 4_000, 1_100_000, unfiltered=30_609)
    assert not engine.sorted_plan(9_526, 4_000, 1_100_000, unfiltered=708_434)
    assert not engine.sorted_plan(708_434, 4_000, 1_100_000)
    assert engine.sorted_plan(5_000, 100, 0)  # size not known yet: a fixed limit


def test_a_long_file_whose_first_page_holds_the_word_is_folded_only_there(monkeypatch):
    folded_lengths = []
    real = query._folded_with_positions
    monkeypatch.setattr(
        query,
        "_folded_with_positions",
        lambda text: folded_lengths.append(len(text)) or real(text),
    )
    text = "Kế hoạch tuần tra ban đêm. " + "Công tác bảo đảm trật tự. " * 2400
    pieces = query.highlight(text, query.parse("tuan tra"), length=300)
    assert [piece for piece, matched in pieces if matched] == ["tuần", "tra"]
    assert pieces[-1] == (" …", False)
    assert sum(folded_lengths) < 3_000  # of 62,000 characters


def test_a_walked_page_is_read_with_the_planner_told_not_to_sort(ha_noi, reader, monkeypatch):
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(engine, "FULL_RANK_LIMIT", 10)
    for n in range(15):
        ExemplaryModelFactory(owner_unit=ha_noi, title=f"Tuần tra mẫu {n:02d}")
    settings_said = []
    for limit in (0, 1000):  # walked, then sorted from the GIN index
        monkeypatch.setattr(engine, "BITMAP_LIMIT", limit)
        with CaptureQueriesContext(connection) as captured:
            _search(reader, q="tuan tra")
        settings_said.append(
            [q["sql"] for q in captured.captured_queries if "enable_sort" in q["sql"]]
        )
    back = "SET LOCAL enable_sort = on; SET LOCAL max_parallel_workers_per_gather = DEFAULT"
    # Walked: no sort, and no parallel workers (the planner's guess would share the walk).
    assert settings_said[0] == [
        "SET LOCAL enable_sort = off; SET LOCAL max_parallel_workers_per_gather = 0",
        back,
    ]
    assert settings_said[1] == [back, back]
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_sort")
        assert cursor.fetchone() == ("on",)  # the rest of the request plans as always
        cursor.execute(
            "SELECT current_setting('max_parallel_workers_per_gather') = reset_val"
            " FROM pg_settings WHERE name = 'max_parallel_workers_per_gather'"
        )
        assert cursor.fetchone() == (True,)


def _suggestions_with_plan(user, text):
    """The "drop a word" counts of ``text`` for ``user``, and the plan their query ran."""
    from django.test.utils import CaptureQueriesContext

    visible = engine.Reader.of(user).visible
    with CaptureQueriesContext(connection) as captured:
        found = engine.drop_word_counts(query.parse(text), visible)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + captured.captured_queries[-1]["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    return {candidate.text: n for candidate, n in found}, plan


@pytest.mark.parametrize(
    ("cap", "walked", "counted", "gin_read"),
    [
        (3, 100, 3, False),  # common words: the walk reaches the cap, the GIN index is not read
        (10, 100, 6, True),  # the walk ends below the cap: counted from the GIN index
        (1, 4, 1, True),  # the walk's first rows hold no match: counted from the GIN index
        (3, 1, 3, True),  # a walk this short could not reach the cap: not walked
    ],
)
def test_a_shorter_search_is_counted_truthfully_whichever_way(
    ha_noi, monkeypatch, cap, walked, counted, gin_read
):
    from emulation_cluster.enums import Role
    from tests.factories import MembershipFactory

    for n in range(6):
        ExemplaryModelFactory(owner_unit=ha_noi, title=f"Tuần tra mẫu {n:02d}")
    newest = SearchDocument.objects.order_by("-occurred_at").first().occurred_at
    for n in range(4):  # first in the order, without the words
        model = ExemplaryModelFactory(owner_unit=ha_noi, title=f"Chốt chặn {n}")
        SearchDocument.objects.filter(kind="model", object_id=model.pk).update(
            occurred_at=newest + timedelta(days=1 + n)
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE emulation_cluster_searchdocument")  # the words' shares
        # On a tiny table any plan is cheap: leave only the plans of the real table's size.
        cursor.execute("SET LOCAL enable_seqscan = off")
    monkeypatch.setattr(engine, "SUGGESTION_COUNT_CAP", cap)
    monkeypatch.setattr(engine, "SUGGESTION_WALK_ROWS", walked)
    user = MembershipFactory(unit=ha_noi, role=Role.MEMBER).user

    found, plan = _suggestions_with_plan(user, "tuan tra xyzzy")

    assert found == {"tuan tra": counted}  # "xyzzy" is nowhere: those two are not suggested
    gin_scans = plan.count("Bitmap Index Scan on search_document_gin")
    unread = plan.count("Bitmap Index Scan on search_document_gin (never executed)")
    assert gin_scans == 3
    assert gin_scans - unread == (3 if gin_read else 2)


@pytest.mark.parametrize(
    "text",
    [
        "Tuần tra ban đêm.",
        "Công tác bảo đảm trật tự. " * 30 + "Kinh nghiệm tuần tra ban đêm. " + "Xe máy. " * 200,
        "Tuần tra. " + "Công tác bảo đảm trật tự. " * 400 + "ban đêm",
        "Công tác. " * 700 + "tuần tra ban đêm " * 3,
        unicodedata.normalize("NFD", "Bài học tuần tra ban đêm. " * 80),
        "Không có từ nào.",
        # "tra" ends where the first 60 characters folded do, but is "tran": no match yet.
        "b" * 56 + " tran " + "Công tác. " * 30 + "tuần tra " + "Xe máy. " * 50,
        "Công tác. " * 100 + "ﬁ tuần tra ban đêm",  # a ligature folds to two characters
    ],
)
def test_an_excerpt_is_the_window_a_highlight_shows(text, monkeypatch):
    from emulation_cluster.vietnamese import fold

    search = query.parse("tuan tra dem")
    for length in (60, 300, 1500):
        pieces = query.highlight(text, search, length=length)
        words = len({fold(piece) for piece, matched in pieces if matched})
        assert query.excerpt(text, search, length) == ("".join(p for p, _ in pieces), words)
    # Folding only the start of a long text shows what folding all of it would.
    cut = [query.highlight(text, search, length=length) for length in (60, 300, 1500)]
    extend = query._Folding.extend
    monkeypatch.setattr(query._Folding, "extend", lambda self, to: extend(self, len(self.text)))
    assert cut == [query.highlight(text, search, length=length) for length in (60, 300, 1500)]


@pytest.mark.parametrize("shape", ["ranked", "window", "ordered", "from cut"])
@pytest.mark.parametrize("walk", [True, False])
def test_a_kept_page_statement_is_the_statement_compiled_afresh(ha_noi, shape, walk):
    from emulation_cluster.enums import Role
    from tests.factories import MembershipFactory, TopicFactory

    user = MembershipFactory(unit=ha_noi, role=Role.EDITOR).user
    visible = engine.Reader.of(user).visible
    topic = TopicFactory()
    searches = ['tuần tra "ban đêm" -xe', "và", "Tuan TRA dem", '"an ninh" trật tự 100%']
    filter_sets = [
        engine.Filters(),
        engine.Filters(kind="model"),
        engine.Filters(kind="answer", city_id=ha_noi.pk, topic_id=topic.pk, year=2024),
        engine.Filters(city_id=ha_noi.pk + 1, year=2019),
    ]
    for text in searches:
        for filters in filter_sets:
            for start in (0, 40, 3980):
                search = query.parse(text)
                kept = engine._page_statement(search, visible, filters, shape, walk, start)
                values = engine._Values(search.tsquery, tuple(search.typed_words), filters)
                afresh = engine._page_query(values, visible, shape, walk, start)
                sql, params = afresh.query.sql_with_params()
                assert kept == (sql, params)
                assert list(map(type, kept[1])) == list(map(type, params))
    assert engine._STATEMENTS  # kept, and used again above


def test_a_summary_holding_every_word_spares_the_body(monkeypatch):
    from types import SimpleNamespace

    from seminars.search import page

    excerpted = []
    real = page.excerpt
    monkeypatch.setattr(page, "excerpt", lambda text, *a: excerpted.append(text) or real(text, *a))
    document = SimpleNamespace(
        kind="model",
        title="Mô hình",
        summary="Tuần tra ban đêm.",
        body="Tuần tra ban đêm bằng xe máy. " * 100,
        context="",
        url="/",
        year=2024,
    )
    result = page._result(document, query.parse("tuan tra"), {})
    assert excerpted == [document.summary]
    assert result.snippet == "<mark>Tuần</mark> <mark>tra</mark> ban đêm."
    page._result(document, query.parse("tuan xe"), {})  # "xe" is in the body only
    assert excerpted[1:] == [document.summary, document.body]
