"""Bad input on the award pages: a clear message and the right status, nothing written."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from seminars.awards.models import Nomination
from tests.factories import ClusterTermFactory
from tests.seminars.awards.conftest import YEAR, nominate


def _post(world, data, year=YEAR, role="unit_admin"):
    return world.client(role).post(reverse("nomination_create", args=[year]), data)


@pytest.mark.parametrize(
    "model_key,statement,message",
    [
        ("other_model", "Vì sao.", "Choose one of your unit&#x27;s published models"),
        ("draft", "Vì sao.", "Choose one of your unit&#x27;s published models"),
        ("restricted", "Vì sao.", "Choose one of your unit&#x27;s published models"),
        ("model", "", "This field is required."),
        ("model", "x" * 5001, "Ensure this value has at most 5000 characters"),
    ],
)
def test_a_refused_nomination_says_why(world, model_key, statement, message):
    response = _post(
        world, {"exemplary_model": getattr(world, model_key).pk, "statement": statement}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Nomination.objects.count() == 0


@pytest.mark.parametrize("garbage", ["abc", "-1", "99999999999999999999", "1 OR 1=1", ""])
def test_garbage_model_ids_are_refused_in_the_form(world, garbage):
    response = _post(world, {"exemplary_model": garbage, "statement": "Vì sao."})
    assert response.status_code == 400
    assert Nomination.objects.count() == 0


def test_a_second_nomination_of_the_model_for_the_year_is_refused(world):
    nominate(world)
    response = _post(world, {"exemplary_model": world.model.pk, "statement": "Lần nữa."})
    assert response.status_code == 400  # no longer among the choices
    assert "Choose one of your unit&#x27;s published models" in response.content.decode()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="already nominated"):
        nominate(world)
    assert Nomination.objects.count() == 1


def test_the_database_keeps_one_nomination_per_model_and_year(world):
    first = nominate(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        Nomination.objects.create(
            exemplary_model=first.exemplary_model,
            nominating_unit=first.nominating_unit,
            cluster=first.cluster,
            year=first.year,
            statement="Bản sao.",
            submitted_at=timezone.now(),
        )


def test_a_unit_may_nominate_several_of_its_models(world):
    from tests.factories import ExemplaryModelFactory

    nominate(world)
    nominate(world, ExemplaryModelFactory(owner_unit=world.ha_noi, title="Mô hình thứ hai"))
    assert Nomination.objects.filter(nominating_unit=world.ha_noi).count() == 2


def test_wrong_years_are_refused(world):
    assert (
        _post(world, {"exemplary_model": world.model.pk, "statement": "x"}, 1999).status_code == 404
    )
    assert world.client("unit_admin").get("/khen-thuong/99999999999/").status_code == 404
    assert world.client("unit_admin").get("/khen-thuong/abc/").status_code == 404
    future = timezone.localdate().year + 1
    ClusterTermFactory(cluster=world.cluster, year=future, head_unit=world.can_tho)
    response = _post(world, {"exemplary_model": world.model.pk, "statement": "x"}, future)
    assert response.status_code == 400
    assert f"The {future} award cannot be nominated for before the year begins." in (
        response.content.decode()
    )
    assert Nomination.objects.count() == 0


def test_a_unit_not_member_that_year_is_refused(world):
    world.term.member_units.remove(world.ha_noi)
    response = _post(world, {"exemplary_model": world.model.pk, "statement": "x"})
    assert response.status_code == 400
    assert f"Công an thành phố Hà Nội was not a member of the cluster in {YEAR}." in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    "data,message",
    [
        ({"action": "return", "reason": "   "}, "Say why: the unit reads it with the decision."),
        ({"action": "decline"}, "Say why: the unit reads it with the decision."),
        ({"action": "resubmit"}, "Select a valid choice."),
        ({"action": "<script>"}, "Select a valid choice."),
        ({}, "This field is required."),
        ({"action": "return", "reason": "x" * 1001}, "at most 1000 characters"),
    ],
)
def test_a_review_without_what_it_needs_is_refused(world, data, message):
    nomination = nominate(world)
    response = world.client("head_admin").post(
        reverse("nomination_review", args=[nomination.pk]), data
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    nomination.refresh_from_db()
    assert nomination.state == "submitted"


@pytest.mark.parametrize("role", ["member", "editor", "unit_admin", "other_admin", "outsider"])
def test_only_reviewers_review(world, role):
    nomination = nominate(world)
    response = world.client(role).post(
        reverse("nomination_review", args=[nomination.pk]), {"action": "accept"}
    )
    assert response.status_code == 403
    nomination.refresh_from_db()
    assert nomination.state == "submitted"


def test_the_head_unit_does_not_review_its_own_nomination(world):
    from tests.factories import ExemplaryModelFactory

    own = nominate(
        world,
        ExemplaryModelFactory(owner_unit=world.can_tho, title="Diễn đàn lắng nghe"),
        actor=world.people["head_admin"],
    )
    url = reverse("nomination_review", args=[own.pk])
    assert world.client("head_admin").post(url, {"action": "accept"}).status_code == 403
    assert world.client("cluster_admin").post(url, {"action": "accept"}).status_code == 302


@pytest.mark.parametrize("role", ["member", "editor", "head_admin", "other_admin", "cluster_admin"])
def test_only_the_nominating_units_admins_change_it(world, role):
    nomination = nominate(world)
    response = world.client(role).post(
        reverse("nomination_edit", args=[nomination.pk]), {"statement": "Chiếm quyền"}
    )
    assert response.status_code == 403
    nomination.refresh_from_db()
    assert nomination.statement != "Chiếm quyền"


def test_a_person_of_no_unit_is_told_awards_are_for_members(world):
    response = world.client("outsider").get(reverse("nomination_list", args=[YEAR]))
    assert response.status_code == 403
    assert "Award nominations are for the members of the cluster." in response.content.decode()
