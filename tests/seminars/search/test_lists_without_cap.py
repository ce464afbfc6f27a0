"""The registry's own search box counts and reaches every match (it once ranked the newest 500)."""

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from emulation_cluster.vietnamese import fold, sort_key
from models_registry.models import ExemplaryModel
from tests.factories import UnitFactory

MATCHES = 505


def test_the_model_list_counts_and_pages_every_match_of_a_word(db):
    unit = UnitFactory()
    now = timezone.now()
    ExemplaryModel.objects.bulk_create(
        ExemplaryModel(
            title=f"Tuần tra số {n}",
            slug=f"tuan-tra-{n}",
            title_sort_key=sort_key(f"Tuần tra số {n}"),
            search_title=fold(f"Tuần tra số {n}"),
            owner_unit=unit,
            summary="Tóm tắt.",
            published_at=now,
            visibility="public",
        )
        for n in range(MATCHES)
    )
    client = Client()
    first = client.get(reverse("model_list"), {"q": "tuan tra"}).content.decode()
    assert f"{MATCHES} mô hình" in first or f"{MATCHES} models" in first
    last = client.get(reverse("model_list"), {"q": "tuan tra", "page": 26}).content.decode()
    assert last.count('class="model-row"') == MATCHES - 25 * 20
