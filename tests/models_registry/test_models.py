import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError

from models_registry.enums import EvidenceLevel, ReplicationState
from models_registry.models import ExemplaryModel, Indicator
from models_registry.selectors import ModelFilters, published_models
from models_registry.services import model_publish, model_unpublish, model_verify
from tests.factories import (
    DraftModelFactory,
    ExemplaryModelFactory,
    IndicatorFactory,
    ReplicationFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_slug_is_made_from_the_title_without_diacritics_and_kept_unique():
    first = ExemplaryModelFactory(title="Mệnh lệnh 01 – Đêm")
    second = ExemplaryModelFactory(title="Mệnh lệnh 01 – Đêm")
    assert first.slug == "menh-lenh-01-dem"
    assert second.slug == "menh-lenh-01-dem-2"


def test_search_columns_follow_the_text():
    model = ExemplaryModelFactory(title="Camera giám sát", summary="Phường Xuân Hà")
    model.refresh_from_db()
    assert model.search_title == "camera giam sat"
    assert "phuong xuan ha" in model.search_body


def test_a_draft_is_not_listed_until_published():
    draft = DraftModelFactory()
    assert draft not in published_models(ModelFilters(), AnonymousUser())
    model_publish(exemplary_model=draft)
    assert draft.is_published
    assert draft in published_models(ModelFilters(), AnonymousUser())


def test_unpublishing_withdraws_the_cluster_verification():
    model = ExemplaryModelFactory()
    model_verify(exemplary_model=model, verifier=UserFactory())
    model_unpublish(exemplary_model=model)
    model.refresh_from_db()
    assert model.published_at is None and model.verified_at is None


def test_a_draft_cannot_be_verified():
    model = DraftModelFactory()
    with pytest.raises(IntegrityError):
        model_verify(exemplary_model=model, verifier=UserFactory())


def _evidence(model):
    return ExemplaryModel.objects.with_evidence().get(pk=model.pk).evidence_level


def test_evidence_starts_self_reported_then_verified():
    model = ExemplaryModelFactory()
    assert _evidence(model) == EvidenceLevel.SELF_REPORTED
    model_verify(exemplary_model=model, verifier=UserFactory())
    assert _evidence(model) == EvidenceLevel.VERIFIED


def test_evidence_is_replicated_when_two_other_units_use_it_with_results():
    model = ExemplaryModelFactory()
    first = ReplicationFactory(exemplary_model=model, state=ReplicationState.IN_USE)
    IndicatorFactory(replication=first)
    assert _evidence(model) == EvidenceLevel.SELF_REPORTED
    # In use but no results: does not count.
    ReplicationFactory(exemplary_model=model, state=ReplicationState.IN_USE)
    # Results but dropped: does not count.
    dropped = ReplicationFactory(exemplary_model=model, state=ReplicationState.DROPPED)
    IndicatorFactory(replication=dropped)
    assert _evidence(model) == EvidenceLevel.SELF_REPORTED
    second = ReplicationFactory(exemplary_model=model, state=ReplicationState.IN_USE)
    IndicatorFactory(replication=second)
    IndicatorFactory(replication=second, name="Số camera")
    assert _evidence(model) == EvidenceLevel.REPLICATED
    # Without the annotation the property asks the database itself, with the same answer.
    assert ExemplaryModel.objects.get(pk=model.pk).evidence_level == EvidenceLevel.REPLICATED


def test_indicator_belongs_to_exactly_one_of_model_or_replication():
    model = ExemplaryModelFactory()
    replication = ReplicationFactory(exemplary_model=model)
    with pytest.raises(IntegrityError):
        Indicator.objects.create(exemplary_model=model, replication=replication, name="x", result=1)


def test_indicator_change_and_percent():
    indicator = IndicatorFactory.build(baseline=120, result=90)
    assert indicator.change == -30
    assert indicator.change_percent == -25
    assert IndicatorFactory.build(baseline=None, result=5).change is None
    assert IndicatorFactory.build(baseline=0, result=5).change_percent is None


def test_readiness_checklist_needs_all_four_points():
    model = ExemplaryModelFactory.build(
        has_guide=True, training_offered=True, cost_known=True, contact_name="  "
    )
    assert not model.is_ready_to_replicate
    model.contact_name = "Đại úy Nguyễn Văn A"
    assert model.is_ready_to_replicate


def test_owner_unit_cannot_replicate_its_own_model():
    from django.core.exceptions import ValidationError

    model = ExemplaryModelFactory()
    replication = ReplicationFactory.build(exemplary_model=model, adopting_unit=model.owner_unit)
    with pytest.raises(ValidationError):
        replication.full_clean()


def test_one_replication_per_unit_and_model():
    replication = ReplicationFactory()
    with pytest.raises(IntegrityError):
        ReplicationFactory(
            exemplary_model=replication.exemplary_model, adopting_unit=replication.adopting_unit
        )


def test_unit_filter_includes_the_models_of_sub_units():
    city = UnitFactory()
    ward = UnitFactory(kind="ward", parent=UnitFactory(kind="district", parent=city))
    model = ExemplaryModelFactory(owner_unit=ward)
    ExemplaryModelFactory()
    assert list(published_models(ModelFilters(unit=city), AnonymousUser())) == [model]
