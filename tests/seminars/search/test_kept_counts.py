"""Kept counts (emulation_cluster/search/counts.py): a common word is counted once for every
reader, then kept exact by the documents' trigger. Here every search is kept (``STORE_ABOVE``
0) and each reader's kept counts and facets must equal a count of what they may read, made
afresh, before and after each kind of write."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from emulation_cluster.enums import Visibility
from emulation_cluster.search import counts as kept_counts
from emulation_cluster.search.counts import Filters, Reader, matches
from emulation_cluster.search.models import (
    ADMINISTRATORS,
    EVERYONE,
    MEMBERS,
    SearchDocument,
    StoredCount,
)
from emulation_cluster.search.query import parse
from emulation_cluster.tasks import keep_common_search_counts
from models_registry.models import ExemplaryModel
from seminars.enums import SeminarStatus
from seminars.models import Seminar
from tests.factories import AnswerFactory, ExemplaryModelFactory, QuestionFactory, TopicFactory
from tests.seminars.search.test_search_visibility import URL, WORD, world  # noqa: F401

SEARCH = parse(WORD)


@pytest.fixture
def keep_every_search(monkeypatch):
    monkeypatch.setattr(kept_counts, "STORE_ABOVE", 0)


def _readers(world):  # noqa: F811 - the fixture's value
    return {role: Reader.of(person or AnonymousUser()) for role, person in world["people"].items()}


def _afresh(reader, filters):
    return kept_counts._facets(*kept_counts._cube_sql(matches(SEARCH, reader.visible)), filters)


def _filters(world):  # noqa: F811
    return [
        Filters(),
        Filters(kind="model"),
        Filters(topic_id=world["secret_topic"].pk),
        Filters(kind="question", year=timezone.now().year),
    ]


def _assert_kept_equal_afresh(world):  # noqa: F811
    for role, reader in _readers(world).items():
        for filters in _filters(world):
            found = kept_counts.counts(SEARCH, reader, filters)
            assert found.kept, role
            expected = _afresh(reader, filters)
            assert (found.total, found.facets) == (expected.total, expected.facets), (
                role,
                filters,
            )


def test_kept_counts_are_each_readers_own(world, keep_every_search):  # noqa: F811
    _assert_kept_equal_afresh(world)
    assert StoredCount.objects.filter(text=SEARCH.tsquery).count() == 1
    # And the page says the same totals as the visibility test's reading afresh.
    client = Client()
    client.force_login(world["people"]["member"])
    assert "10 kết quả" in client.get(URL, {"q": WORD}).content.decode()


def test_kept_counts_follow_every_kind_of_write(world, keep_every_search):  # noqa: F811
    _assert_kept_equal_afresh(world)  # kept now
    public = ExemplaryModel.objects.get(title=f"Công khai {WORD}")
    restricted = ExemplaryModel.objects.get(title=f"Hạn chế {WORD}")

    # A new model, a model whose text loses the word, one made public, one deleted.
    created = ExemplaryModelFactory(owner_unit=public.owner_unit, title=f"Mới {WORD}")
    created.topics.add(TopicFactory())
    _assert_kept_equal_afresh(world)
    public.title = "Công khai không còn từ ấy"
    public.save()
    _assert_kept_equal_afresh(world)
    restricted.visibility = Visibility.PUBLIC
    restricted.save()
    _assert_kept_equal_afresh(world)
    restricted.topics.add(world["secret_topic"], TopicFactory())
    _assert_kept_equal_afresh(world)

    # Questions and answers: asked, answered, hidden; a seminar leaves its draft.
    question = QuestionFactory(exemplary_model=created, title=f"Hỏi {WORD}")
    AnswerFactory(question=question, body=f"Đáp {WORD}")
    _assert_kept_equal_afresh(world)
    question.hidden_at = timezone.now()
    question.save()
    _assert_kept_equal_afresh(world)
    draft = Seminar.objects.get(status=SeminarStatus.DRAFT)
    draft.status = SeminarStatus.SCHEDULED
    draft.save()
    _assert_kept_equal_afresh(world)

    # Unpublished, then deleted.
    created.published_at = None
    created.save()
    _assert_kept_equal_afresh(world)
    ExemplaryModelFactory(owner_unit=public.owner_unit, title=f"Xóa {WORD}").delete()
    _assert_kept_equal_afresh(world)
    restricted.topics.remove(world["secret_topic"])
    _assert_kept_equal_afresh(world)


def test_the_audience_of_a_document_is_seen_by_every_reader_of_that_class(world):  # noqa: F811
    """Everything up to a reader's audience is theirs (counted once for all such readers);
    what they see above it is their own units' (counted for them from the units' indexes)."""
    readers = _readers(world)
    classes = {"anonymous": EVERYONE, "cluster_admin": ADMINISTRATORS}
    documents = SearchDocument.objects.all()
    assert documents.count() >= 12
    for role, reader in readers.items():
        assert reader.audience == classes.get(role, MEMBERS), role
        visible = set(documents.filter(reader.visible).values_list("pk", flat=True))
        wholesale = set(
            documents.filter(audience__lte=reader.audience).values_list("pk", flat=True)
        )
        assert wholesale <= visible, role
        above = documents.filter(pk__in=visible - wholesale)
        for document in above:
            assert reader.audience == MEMBERS, (role, document.title)
            assert {document.owner_unit_id, document.host_unit_id} & reader.unit_ids, (
                role,
                document.title,
            )


def test_only_the_most_recently_read_searches_are_kept(world, keep_every_search, monkeypatch):  # noqa: F811
    monkeypatch.setattr(kept_counts, "STORE_LIMIT", 2)
    reader = _readers(world)["member"]
    for text in ("hội nghị", "câu hỏi", WORD):
        kept_counts.counts(parse(text), reader, Filters())
    assert StoredCount.objects.count() == 2
    assert not StoredCount.objects.filter(text=parse("hội nghị").tsquery).exists()


def test_rebuilding_the_index_forgets_kept_counts_and_counts_again(world, keep_every_search):  # noqa: F811
    reader = _readers(world)["member"]
    before = kept_counts.counts(SEARCH, reader, Filters())
    call_command("search_reindex", verbosity=0)
    assert not StoredCount.objects.exists()
    assert kept_counts.counts(SEARCH, reader, Filters()).total == before.total


def test_a_rare_word_is_counted_afresh_and_not_kept(world):  # noqa: F811
    found = kept_counts.counts(SEARCH, _readers(world)["member"], Filters())
    assert not found.kept and found.total == 10
    assert not StoredCount.objects.exists()


def test_the_commonest_words_are_kept_before_anyone_asks(world, monkeypatch):  # noqa: F811
    monkeypatch.setattr(kept_counts, "STORE_ABOVE", 5)
    stored = keep_common_search_counts(timestamp=0)
    assert stored >= 1
    assert StoredCount.objects.filter(text=SEARCH.tsquery).exists()  # in every document
    assert keep_common_search_counts(timestamp=0) == 0  # kept already
    found = kept_counts.counts(SEARCH, _readers(world)["member"], Filters())
    assert found.kept and found.total == 10
