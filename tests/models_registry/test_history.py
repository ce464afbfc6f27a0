"""A model's audit trail renders every kind of change recorded: fields, many-to-many fields,
and related rows (its indicators, a replication with its own figures)."""

import pytest
from django.urls import reverse

from models_registry.models import ExemplaryModel
from tests.factories import TopicFactory
from tests.models_registry.test_views import _model_form, _replication_form
from tests.pages import shows

pytestmark = pytest.mark.django_db


def test_history_shows_edits_through_the_portal_and_a_replication(
    editor_client, other_editor_client, unit, other_unit
):
    topic = TopicFactory(name="Trật tự an toàn xã hội")
    editor_client.post(reverse("model_create"), _model_form(unit))
    model = ExemplaryModel.objects.get()
    changed = _model_form(
        unit,
        summary="Tóm tắt mới của mô hình.",
        topics=[topic.pk],
        **{
            "indicators-INITIAL_FORMS": "1",
            "indicators-0-id": str(model.indicators.get().pk),
            "indicators-0-result": "800",
        },
    )
    editor_client.post(reverse("model_edit", args=[model.slug]), changed)
    model.published_at = model.created_at
    model.save(update_fields=["published_at"])
    other_editor_client.post(
        reverse("replication_create", args=[model.slug]), _replication_form(other_unit)
    )

    html = shows(
        editor_client.get(reverse("model_history", args=[model.slug])),
        200,
        "Tóm tắt mới của mô hình.",
        "Trật tự an toàn xã hội",
        "Chỉ tiêu",  # the indicators: related rows, not a field of the model
        "Số vụ trộm cắp: 1240.00 → 800",
        other_unit.name,
    )
    assert "ManyToOneRel" not in html


def test_a_replication_already_recorded_links_to_updating_it(other_editor_client, other_unit):
    from tests.factories import ExemplaryModelFactory, ReplicationFactory

    model = ExemplaryModelFactory()
    existing = ReplicationFactory(exemplary_model=model, adopting_unit=other_unit)
    response = other_editor_client.post(
        reverse("replication_create", args=[model.slug]), _replication_form(other_unit)
    )
    shows(
        response,
        400,
        f'href="{reverse("replication_edit", args=[model.slug, existing.pk])}"',
        f"Cập nhật bản ghi nhân rộng mà {other_unit.name} đã ghi",
    )


def test_a_refused_page_of_the_registry_says_why(member_client, unit):
    from tests.factories import ExemplaryModelFactory

    shows(member_client.get(reverse("model_create")), 403, "Chỉ biên tập viên của đơn vị")
    model = ExemplaryModelFactory(owner_unit=unit)
    shows(
        member_client.get(reverse("model_edit", args=[model.slug])),
        403,
        "Vai trò của bạn trong đơn vị không cho phép thao tác này với mô hình này.",
    )
