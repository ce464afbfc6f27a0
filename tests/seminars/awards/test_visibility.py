"""Who sees which nominations: the members' side, the model's readers and the nominating unit."""

from django.urls import reverse

from emulation_cluster.enums import Visibility
from models_registry.models import ExemplaryModel
from tests.seminars.awards.conftest import YEAR, nominate


def test_a_visitor_is_sent_to_log_in(world, client):
    nomination = nominate(world)
    for url in (reverse("nomination_list", args=[YEAR]), nomination.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url


def test_a_model_restricted_since_hides_its_nomination_from_other_units(world):
    nomination = nominate(world)
    ExemplaryModel.objects.filter(pk=world.model.pk).update(visibility=Visibility.RESTRICTED)
    other = world.client("other_admin")
    assert other.get(nomination.get_absolute_url()).status_code == 404
    listing = other.get(reverse("nomination_list", args=[YEAR])).content.decode()
    assert world.model.title not in listing
    own = world.client("member").get(reverse("nomination_list", args=[YEAR])).content.decode()
    assert world.model.title in own
    reviewer = world.client("cluster_admin").get(nomination.get_absolute_url())
    assert reviewer.status_code == 200


def test_the_history_is_for_the_unit_and_the_reviewers(world):
    nomination = nominate(world)
    assert (
        "history-heading"
        in world.client("member").get(nomination.get_absolute_url()).content.decode()
    )
    assert (
        "history-heading"
        in world.client("head_admin").get(nomination.get_absolute_url()).content.decode()
    )
    other = world.client("other_admin").get(nomination.get_absolute_url()).content.decode()
    assert "history-heading" not in other and "Record the decision" not in other
