"""A reader's filter kept as SQL reads the same documents as the filter itself, anywhere."""

from django.db.models import Exists, OuterRef, Q

from emulation_cluster.search.models import SearchDocument
from emulation_cluster.search.readable import _Readable, readable
from tests.factories import ExemplaryModelFactory, UnitFactory


def test_a_kept_filter_reads_what_the_filter_reads_in_a_query_and_in_a_subquery(db):
    unit, other = UnitFactory(), UnitFactory()
    for n in range(3):
        ExemplaryModelFactory(owner_unit=unit, title=f"Tuần tra {n}")
        ExemplaryModelFactory(owner_unit=other, title=f"Chốt chặn {n}")
    visible = Q(kind="model", owner_unit_id__in=frozenset({unit.pk})) | Q(pk__in=[])
    kept = readable(visible)
    assert isinstance(kept, _Readable)
    assert readable(visible) is kept  # once a process
    expected = set(SearchDocument.objects.filter(visible).values_list("pk", flat=True))
    assert len(expected) == 3
    assert set(SearchDocument.objects.filter(kept).values_list("pk", flat=True)) == expected
    # In a subquery the documents' table is "U0": the kept SQL follows it.
    window = SearchDocument.objects.filter(kept).order_by("-id").values("pk")[:2]
    outer = SearchDocument.objects.filter(pk__in=window)
    assert 'U0."owner_unit_id"' in str(outer.query)
    assert set(outer.values_list("pk", flat=True)) <= expected
    assert outer.count() == 2


def test_a_filter_reading_another_table_is_used_as_given(db):
    subquery = Q(Exists(SearchDocument.objects.filter(pk=OuterRef("pk"))))
    assert readable(subquery) is subquery
    everything = Q()
    assert readable(everything) is everything
