"""The model list's total is stored between changes (``models_registry/list_counts.py``) and
read again after every write that can change a list, whoever writes: the database's triggers."""

import pytest
from django.urls import reverse

from emulation_cluster.enums import UnitKind
from models_registry.models import ExemplaryModel
from tests.factories import ExemplaryModelFactory, SubUnitFactory, TopicFactory, UnitFactory

pytestmark = pytest.mark.django_db


def _total(client, **params):
    return client.get(reverse("model_list"), params).context["page"].paginator.count


def test_totals_follow_topics_units_and_bulk_writes(client):
    ha_noi, hai_phong = UnitFactory(slug="ha-noi"), UnitFactory(slug="hai-phong")
    district = SubUnitFactory(parent=ha_noi, kind=UnitKind.DISTRICT)
    models = ExemplaryModelFactory.create_batch(3, owner_unit=district)
    topic = TopicFactory()
    assert _total(client) == 3
    assert _total(client, topic=topic.slug) == 0
    topic.models.add(models[0])
    assert _total(client, topic=topic.slug) == 1
    topic.delete()  # the links go by cascade, without an m2m signal
    assert _total(client) == 3
    assert _total(client, unit="ha-noi") == 3
    district.parent = hai_phong
    district.save()
    assert _total(client, unit="ha-noi") == 0
    assert _total(client, unit="hai-phong") == 3
    ExemplaryModel.objects.filter(pk=models[1].pk).update(kind="initiative")
    assert _total(client, kind="initiative") == 1
    ExemplaryModel.objects.filter(pk=models[2].pk).delete()
    assert _total(client) == 2


def test_a_total_is_stored_under_the_generation_it_was_read_in(client):
    from django.db import connection

    ExemplaryModelFactory.create_batch(2)
    assert _total(client) == 2
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM models_registry_model_count AS counted"
            " JOIN models_registry_model_generation AS generation"
            " ON counted.generation = generation.value WHERE counted.total = 2"
        )
        assert cursor.fetchone()[0] == 1


@pytest.mark.parametrize("typed", ["%ff%fe", "---", "%22%22", "&|!:*()"])
def test_a_search_of_no_word_lists_nothing_without_an_error(client, typed):
    ExemplaryModelFactory(title="Tuần tra ban đêm")
    response = client.get(f"{reverse('model_list')}?q={typed}")
    assert response.status_code == 200
