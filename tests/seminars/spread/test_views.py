"""The spread's pages: what they show, bad input, who may open them, constant queries."""

import importlib

import pytest
from django.test import Client
from django.urls import reverse

from seminars.spread.figures import evidence_map
from tests.factories import ExemplaryModelFactory, IndicatorFactory, UserFactory

pytestmark = pytest.mark.django_db

# The module, not the function of the same name that the package exports.
MAP_MODULE = importlib.import_module("seminars.spread.figures.evidence_map")


def english(user) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    if user is not None:
        client.force_login(user)
    return client


def test_cluster_dashboard_shows_the_figures_as_tables_and_sentences(spread):
    response = english(spread.admin).get(reverse("spread_dashboard"), {"year": "2025"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "How far good practice spread" in text
    assert "CATP Hà Nội has the most published models (2 of 3); published in 2025: 2." in text
    assert "Replications reporting results of their own: 2 of 3 (67 %)." in text
    assert "3 replications started (2025); the busiest was February 2025." in text
    assert (
        "3 of 4 questions were answered officially; half of those answers came within 10 hours"
        in text
    )
    assert 'id="figures-replication-matrix"' in text
    assert 'data-chart="figures-models-per-unit"' in text
    assert "style=" not in text and "<style" not in text


def test_dashboard_opens_on_this_years_term_or_the_latest_earlier(spread):
    response = english(spread.admin).get(reverse("spread_dashboard"))
    assert response.status_code == 200
    assert '<option value="2025" selected>2025</option>' in response.content.decode()


def test_every_year_and_an_earlier_year_can_be_chosen(spread):
    client = english(spread.admin)
    every = client.get(reverse("spread_dashboard"), {"year": "all"}).content.decode()
    assert "3 replications started (All years)" in every
    earlier = client.get(reverse("spread_dashboard"), {"year": "2024"}).content.decode()
    assert "No replication started in this period." in earlier


@pytest.mark.parametrize("year", ["abc", "1999", "2025' OR 1=1", "9" * 300])
def test_a_year_without_a_term_is_refused_with_a_message(spread, year):
    response = english(spread.admin).get(reverse("spread_dashboard"), {"year": year})
    assert response.status_code == 400
    assert "choose a year from the list" in response.content.decode()


def test_unit_dashboard_compares_the_unit_with_the_cluster_median(spread):
    url = reverse("spread_unit_dashboard", args=[spread.a.slug])
    response = english(spread.admin).get(url, {"year": "2025"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Spread of good practice: Công an thành phố Hà Nội" in text
    assert "Compared with the cluster's median" in text
    assert "Better than the median" in text
    assert "CAQ Ba Đình" in text


def test_unit_dashboard_of_a_missing_unit_is_not_found(spread):
    url = reverse("spread_unit_dashboard", args=["khong-co"])
    assert english(spread.admin).get(url).status_code == 404


def test_unit_page_links_to_its_dashboard_for_members_only(spread):
    url = spread.a.get_absolute_url()
    dashboard = reverse("spread_unit_dashboard", args=[spread.a.slug])
    assert dashboard in english(spread.member_b).get(url).content.decode()
    assert dashboard not in english(None).get(url).content.decode()


def test_evidence_map_places_models_and_lists_those_without_figures(spread):
    response = english(spread.admin).get(reverse("spread_evidence_map"))
    assert response.status_code == 200
    text = response.content.decode()
    assert 'id="figures-evidence-map"' in text
    assert spread.ma1.get_absolute_url() in text
    without = text.split("Models without figures")[1]
    assert "Camera an ninh phường" in without
    assert "Mệnh lệnh 01" not in without


def test_evidence_map_filters_by_topic_and_unit(spread):
    client = english(spread.admin)
    text = client.get(reverse("spread_evidence_map"), {"topic": spread.t2.slug}).content.decode()
    assert "Camera an ninh phường" in text and "Mệnh lệnh 01" not in text
    text = client.get(reverse("spread_evidence_map"), {"unit": spread.b.slug}).content.decode()
    assert "Diễn đàn lắng nghe" in text and "Mệnh lệnh 01" not in text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"topic": "garbage"}, "There is no such topic"),
        ({"unit": "missing"}, "There is no such unit in the cluster"),
        ({"topic": "x" * 5000}, "There is no such topic"),
    ],
)
def test_evidence_map_refuses_unknown_filters_with_a_message(spread, params, message):
    response = english(spread.admin).get(reverse("spread_evidence_map"), params)
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize("name", ["spread_dashboard", "spread_evidence_map"])
def test_spread_pages_are_for_members_of_the_cluster(spread, name):
    assert english(None).get(reverse(name)).status_code == 302
    assert english(UserFactory()).get(reverse(name)).status_code == 403
    assert english(spread.member_b).get(reverse(name)).status_code == 200


def test_evidence_map_draws_the_most_replicated_and_says_how_many_more(spread, monkeypatch):
    monkeypatch.setattr(MAP_MODULE, "MAP_LIMIT", 1)
    text = english(spread.admin).get(reverse("spread_evidence_map")).content.decode()
    table = text.split("Models without figures")[0]
    assert "Mệnh lệnh 01" in table  # replicated by two units: drawn first
    assert "Diễn đàn lắng nghe ý kiến nhân dân</a>" not in table
    assert "1 more model with figures is not drawn" in text


def test_evidence_map_lists_the_first_models_without_figures_and_links_to_the_rest(
    spread, monkeypatch
):
    monkeypatch.setattr(MAP_MODULE, "WITHOUT_FIGURES_LIMIT", 1)
    ExemplaryModelFactory(title="Zalo tiếp nhận tin báo", owner_unit=spread.b)  # no figure
    IndicatorFactory(
        exemplary_model=ExemplaryModelFactory(title="Xe tuần tra", owner_unit=spread.b),
        baseline=0,
        result=4,
    )  # a zero baseline measures nothing
    text = english(spread.admin).get(reverse("spread_evidence_map")).content.decode()
    without = text.split("Models without figures")[1]
    assert "Camera an ninh phường" in without  # the first in Vietnamese title order
    assert "Zalo tiếp nhận tin báo" not in without and "Xe tuần tra" not in without
    assert "And 2 more models without figures." in without
    assert f'href="{reverse("model_list")}"' in without
    text = (
        english(spread.admin)
        .get(reverse("spread_evidence_map"), {"unit": spread.b.slug})
        .content.decode()
    )
    without = text.split("Models without figures")[1]
    assert "Xe tuần tra" in without and "And 1 more model without figures." in without
    assert f'href="{reverse("model_list")}?unit={spread.b.slug}"' in without


def test_evidence_map_reads_only_the_drawn_and_listed_models(spread, monkeypatch):
    monkeypatch.setattr(MAP_MODULE, "MAP_LIMIT", 1)
    monkeypatch.setattr(MAP_MODULE, "WITHOUT_FIGURES_LIMIT", 1)
    for n in range(3):
        ExemplaryModelFactory(title=f"Không số liệu {n}", owner_unit=spread.b)
    found = evidence_map(spread.admin)
    assert [b.model.title for b in found.bubbles] == ["Mệnh lệnh 01"]
    assert (found.placed, found.bubbles_hidden, found.replicated) == (2, 1, 2)
    assert [b.model.title for b in found.without_figures] == ["Camera an ninh phường"]
    assert (found.unplaced, found.without_hidden, found.models) == (4, 3, 6)
