"""The figures with known data (see conftest.py): exact numbers, visibility, queries."""

import pytest

from models_registry.enums import EvidenceLevel
from seminars.spread.figures import (
    Period,
    cluster_dashboard,
    evidence_map,
    period_years,
    unit_dashboard,
)
from tests.factories import ExemplaryModelFactory, IndicatorFactory, ReplicationFactory

pytestmark = pytest.mark.django_db


def _rows(board):
    return {row.unit.short_name: row for row in board.rows}


def test_cluster_dashboard_counts_every_figure_for_a_cluster_admin(spread):
    board = cluster_dashboard(spread.admin, spread.cluster, Period(2025))
    assert [row.unit.short_name for row in board.rows] == [
        "CATP Cần Thơ",
        "CATP Đà Nẵng",
        "CATP Hà Nội",
    ]
    rows = _rows(board)
    hanoi, danang, cantho = rows["CATP Hà Nội"], rows["CATP Đà Nẵng"], rows["CATP Cần Thơ"]
    assert (hanoi.models, hanoi.models_new) == (2, 1)
    assert (danang.models, danang.models_new) == (1, 1)
    assert (cantho.models, cantho.models_new) == (0, 0)
    assert (hanoi.replications_adopted, hanoi.replications_with_results) == (1, 0)
    assert (danang.replications_adopted, danang.replications_with_results) == (1, 1)
    assert (cantho.replications_adopted, cantho.replications_with_results) == (1, 1)
    assert (hanoi.replications_of_its_models, danang.replications_of_its_models) == (2, 1)
    assert (hanoi.questions_received, hanoi.questions_answered) == (3, 2)
    assert hanoi.answer_median_hours == pytest.approx(20)
    assert hanoi.answer_p90_hours == pytest.approx(28)
    assert (danang.questions_received, danang.answer_median_hours) == (1, pytest.approx(4))
    assert (hanoi.questions_asked, danang.questions_asked, cantho.questions_asked) == (1, 2, 1)
    assert (hanoi.seminars_held, hanoi.lessons) == (1, 2)
    assert (danang.attendance_marked, danang.attendance_present) == (1, 1)
    assert (cantho.attendance_marked, cantho.attendance_present) == (1, 0)
    assert hanoi.attendance_rate is None and cantho.attendance_rate == 0

    total = board.total
    assert (total.models, total.models_new, total.replications_adopted) == (3, 2, 3)
    assert total.results_share == pytest.approx(2 / 3)
    assert (total.questions_received, total.questions_answered) == (4, 3)
    assert total.answer_median_hours == pytest.approx(10)
    assert total.answer_p90_hours == pytest.approx(26)
    assert (total.seminars_held, total.lessons, total.attendance_rate) == (1, 2, 0.5)


def test_cluster_dashboard_breaks_models_down_by_topic_time_pair_and_evidence(spread):
    board = cluster_dashboard(spread.admin, spread.cluster, Period(2025))
    topics = [(t.topic.name if t.topic else None, t.models, t.models_new) for t in board.topics]
    assert topics == [("An ninh trật tự", 2, 1), ("Cải cách hành chính", 1, 0), (None, 1, 1)]
    months = {point.when: point.adopted for point in board.over_time}
    assert len(board.over_time) == 12
    assert months == {**dict.fromkeys(range(1, 13), 0), 2: 1, 4: 1, 7: 1}
    matrix = board.matrix
    assert matrix.cell(spread.a, spread.b) == 1
    assert matrix.cell(spread.a, spread.d) == 1
    assert matrix.cell(spread.b, spread.a) == 1
    assert matrix.total == 3
    assert board.evidence == {
        EvidenceLevel.SELF_REPORTED: 1,
        EvidenceLevel.VERIFIED: 1,
        EvidenceLevel.REPLICATED: 1,
    }


def test_every_year_counts_the_earlier_years_and_steps_by_year(spread):
    board = cluster_dashboard(spread.admin, spread.cluster, Period())
    assert board.total.models_new == 3
    assert [(p.when, p.adopted) for p in board.over_time] == [(2025, 3)]
    earlier = cluster_dashboard(spread.admin, spread.cluster, Period(2024))
    assert (earlier.total.models, earlier.total.models_new, earlier.total.questions_received) == (
        1,
        1,
        0,
    )


def test_restricted_models_count_only_for_cluster_admins_and_the_owner_unit(spread):
    outsider = _rows(cluster_dashboard(spread.member_b, spread.cluster, Period(2025)))
    owner = _rows(cluster_dashboard(spread.member_a, spread.cluster, Period(2025)))
    assert outsider["CATP Hà Nội"].models == 1
    assert outsider["CATP Hà Nội"].questions_received == 2
    assert owner["CATP Hà Nội"].models == 2
    assert owner["CATP Hà Nội"].questions_received == 3


def test_unit_dashboard_rows_its_sub_units_and_compares_with_the_cities_median(spread):
    board = unit_dashboard(spread.admin, spread.a, Period(2025))
    rows = _rows(board)
    assert set(rows) == {"CATP Hà Nội", "CAQ Ba Đình"}
    assert rows["CATP Hà Nội"].models == 1 and rows["CAQ Ba Đình"].models == 1
    assert rows["CAQ Ba Đình"].replications_adopted == 1
    assert board.total.models == 2
    models = next(c for c in board.comparisons if c.name == "models")
    assert (models.value, models.median, models.above_median) == (2, 1, True)
    answer_time = next(c for c in board.comparisons if c.name == "answer_median_hours")
    assert answer_time.value == pytest.approx(20)
    assert answer_time.median == pytest.approx(12)  # the median of Hà Nội's 20 h and Đà Nẵng's 4 h
    assert answer_time.above_median is False


def test_evidence_map_places_models_with_figures_and_lists_the_others(spread):
    found = evidence_map(spread.admin)
    bubbles = {b.model.title: b for b in found.bubbles}
    assert set(bubbles) == {"Mệnh lệnh 01", "Diễn đàn lắng nghe ý kiến nhân dân"}
    assert bubbles["Mệnh lệnh 01"].effect == pytest.approx(0.2)
    assert (bubbles["Mệnh lệnh 01"].rising, bubbles["Mệnh lệnh 01"].falling) == (1, 1)
    assert bubbles["Mệnh lệnh 01"].spread == 2
    assert bubbles["Mệnh lệnh 01"].level == EvidenceLevel.REPLICATED
    assert bubbles["Diễn đàn lắng nghe ý kiến nhân dân"].effect == pytest.approx(0.5)
    assert [b.model.title for b in found.without_figures] == ["Camera an ninh phường"]
    assert evidence_map(spread.member_b).without_figures == []
    assert [b.model.title for b in evidence_map(spread.admin, topic=spread.t2).without_figures] == [
        "Camera an ninh phường"
    ]
    assert evidence_map(spread.admin, unit=spread.b).models == 1


def test_period_years_are_the_cluster_terms_newest_first(spread):
    assert period_years(spread.cluster) == [2025, 2024]


def test_evidence_map_effect_is_the_median_size_of_the_usable_changes(spread):
    odd = ExemplaryModelFactory(title="Ba số liệu", owner_unit=spread.b)
    for baseline, result in ((100, 110), (100, 70), (10, 15), (0, 9), (None, 4)):
        IndicatorFactory(exemplary_model=odd, baseline=baseline, result=result)
    even = ExemplaryModelFactory(title="Bốn số liệu", owner_unit=spread.b)
    for baseline, result in ((-50, -45), (100, 130), (20, 30), (10, 19)):
        IndicatorFactory(exemplary_model=even, baseline=baseline, result=result)
    replication = ReplicationFactory(exemplary_model=odd, adopting_unit=spread.a)
    IndicatorFactory(exemplary_model=None, replication=replication, baseline=1, result=100)
    bubbles = {b.model.title: b for b in evidence_map(spread.admin, unit=spread.b).bubbles}
    # |changes| 0.1, 0.3, 0.5 (a zero or missing baseline measures nothing): the middle one
    assert bubbles["Ba số liệu"].effect == pytest.approx(0.3)
    assert (bubbles["Ba số liệu"].figures, bubbles["Ba số liệu"].rising) == (3, 2)
    assert bubbles["Ba số liệu"].spread == 1  # its replication's own figure is not its effect
    # |changes| 0.1 (from a negative baseline), 0.3, 0.5, 0.9: the mean of the middle two
    assert bubbles["Bốn số liệu"].effect == pytest.approx(0.4)
    assert (bubbles["Bốn số liệu"].rising, bubbles["Bốn số liệu"].falling) == (4, 0)
