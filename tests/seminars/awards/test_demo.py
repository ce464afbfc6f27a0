"""The demo's evidence and nominations: marked as demo, no figure passed off as real, and a
second run of the loaders changes nothing."""

import pytest
from django.core.management import call_command

from models_registry.models import Indicator, Replication
from seminars.awards.models import Nomination
from seminars.qa.models import Answer, Question

LOADERS = ("load_demo", "load_demo_seminar", "load_demo_questions", "load_demo_evidence")


def _load():
    for command in LOADERS:
        call_command(command, stdout=open("/dev/null", "w"))  # noqa: SIM115 - discard output


def _state():
    """Every row the loaders write, with its last change."""
    return {
        "replications": list(
            Replication.objects.order_by("id").values("id", "updated_at", "state")
        ),
        "indicators": list(Indicator.objects.order_by("id").values()),
        "questions": list(Question.objects.order_by("id").values("id", "updated_at", "state")),
        "answers": list(Answer.objects.order_by("id").values("id", "updated_at")),
        "nominations": list(Nomination.objects.order_by("id").values()),
    }


@pytest.fixture
def demo(db):
    _load()


def test_a_second_run_changes_nothing(demo):
    before = _state()
    _load()
    assert _state() == before


def test_every_figure_and_replication_says_it_is_illustrative_demo_data(demo):
    assert Replication.objects.count() >= 5
    assert Indicator.objects.count() >= 5
    for indicator in Indicator.objects.all():
        assert "giá trị minh họa (demo), không phải số liệu thật" in indicator.name
        assert indicator.source == "Dữ liệu demo: bài báo không nêu số liệu"
    for replication in Replication.objects.all():
        assert (
            replication.is_demo and "Nhân rộng minh họa (dữ liệu demo)" in replication.adaptations
        )
    answered = Question.objects.filter(first_official_answer_at__isnull=False)
    assert answered.count() >= 3 and all(q.is_demo for q in answered)
    assert all("dữ liệu demo" in q.body for q in Question.objects.all())


def test_the_demo_has_a_nomination_awaiting_review_and_one_decided(demo):
    states = dict(Nomination.objects.values_list("exemplary_model__slug", "state"))
    assert states == {
        "menh-lenh-01-tong-kiem-soat-hanh-chinh-ban-dem": "accepted",
        "cap-cccd-cho-nguoi-co-hoan-canh-dac-biet": "submitted",
    }
    assert all(
        n.is_demo and "Đề cử minh họa (dữ liệu demo)" in n.statement
        for n in Nomination.objects.all()
    )


def test_the_demo_evidence_shows_on_the_comparison_page(demo, client):
    from django.contrib.auth import get_user_model

    from tests.conftest import enrol_totp

    reviewer = get_user_model().objects.get(email="quantri.cantho@demo.invalid")
    enrol_totp(reviewer)
    client.force_login(reviewer)
    html = client.get("/khen-thuong/2023/so-sanh/").content.decode()
    assert "Mệnh lệnh 01" in html and "Cấp căn cước công dân" in html
    assert "giá trị minh họa (demo)" in html
    assert html.count('class="badge demo"') >= 2
