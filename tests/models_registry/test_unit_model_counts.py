"""The stored per-unit model counts (``UnitModelCount``) give every reader exactly what counting
the models they may see gives, before and after every kind of write."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.urls import reverse

from emulation_cluster.enums import Role, UnitKind, Visibility
from emulation_cluster.models import Unit
from emulation_cluster.selectors import in_unit_tree
from models_registry import services
from models_registry.models import ExemplaryModel, UnitModelCount
from models_registry.permissions import visible_models_q
from models_registry.selectors import unit_model_count, visible_model_total
from tests.factories import (
    ClusterFactory,
    DraftModelFactory,
    ExemplaryModelFactory,
    MembershipFactory,
    SubUnitFactory,
    UnitFactory,
    UserFactory,
)


@pytest.fixture
def tree(db):
    """Two cities; the first with a district and a ward under it; models of every visibility
    in each unit, and a draft of each visibility."""
    cluster = ClusterFactory()
    city = UnitFactory(cluster=cluster)
    district = SubUnitFactory(parent=city)
    ward = SubUnitFactory(parent=district, kind=UnitKind.WARD)
    other_city = UnitFactory(cluster=cluster, city="Đà Nẵng")
    for position, owner in enumerate((city, district, ward, other_city)):
        for visibility in Visibility.values:
            for _ in range(position + 1):
                ExemplaryModelFactory(owner_unit=owner, visibility=visibility)
            DraftModelFactory(owner_unit=owner, visibility=visibility)
    return {"city": city, "district": district, "ward": ward, "other_city": other_city}


@pytest.fixture
def reader_ids(tree):
    """Every class of reader: signed in without a unit, a member of the other city, of the ward
    only, an editor of the first city (its role reaches the sub-units), a cluster administrator."""
    outsider = UserFactory()
    admin = UserFactory()
    ClusterFactory().administrators.add(admin)
    return {
        "outsider": outsider.pk,
        "other city member": MembershipFactory(unit=tree["other_city"]).user.pk,
        "ward member": MembershipFactory(unit=tree["ward"]).user.pk,
        "city editor": MembershipFactory(unit=tree["city"], role=Role.EDITOR).user.pk,
        "administrator": admin.pk,
    }


def _readers(reader_ids):
    # Read again each time: a person's reading is kept on the user object, and a unit moved in
    # the tree changes which units their roles reach.
    users = get_user_model().objects.in_bulk(reader_ids.values())
    return {"anonymous": AnonymousUser()} | {name: users[pk] for name, pk in reader_ids.items()}


def _live(user) -> dict:
    visible = ExemplaryModel.objects.filter(visible_models_q(user))
    return {
        unit.pk: visible.filter(in_unit_tree("owner_unit", unit)).count()
        for unit in Unit.objects.all()
    }


def _stored(user) -> dict:
    return dict(Unit.objects.annotate(n=unit_model_count(user)).values_list("pk", "n"))


def _assert_exact(reader_ids):
    for name, user in _readers(reader_ids).items():
        assert _stored(user) == _live(user), name
        assert visible_model_total(user) == ExemplaryModel.objects.listed_for(user).count(), name
    # And the rows themselves are a recount (no row left below zero or off by a write).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT owner_unit_id, visibility, count(*) FROM models_registry_exemplarymodel"
            " WHERE published_at IS NOT NULL GROUP BY 1, 2"
        )
        recounted = {(unit_id, visibility): n for unit_id, visibility, n in cursor.fetchall()}
    kept = {
        (row.owner_unit_id, row.visibility): row.published
        for row in UnitModelCount.objects.exclude(published=0)
    }
    assert kept == recounted


def test_counts_differ_by_reader_as_the_models_do(tree, reader_ids):
    readers = _readers(reader_ids)
    city = tree["city"].pk
    # The city's tree: 1 + 2 + 3 published models of each visibility.
    assert _stored(readers["anonymous"])[city] == 6
    assert _stored(readers["outsider"])[city] == 6
    assert _stored(readers["other city member"])[city] == 12
    assert _stored(readers["ward member"])[city] == 12 + 3
    assert _stored(readers["city editor"])[city] == 18
    assert _stored(readers["administrator"])[city] == 18
    _assert_exact(reader_ids)


def test_counts_follow_publishing_and_withdrawing(tree, reader_ids):
    draft = ExemplaryModel.objects.filter(
        owner_unit=tree["ward"], published_at__isnull=True, visibility=Visibility.RESTRICTED
    ).get()
    services.model_publish(exemplary_model=draft)
    _assert_exact(reader_ids)
    published = ExemplaryModel.objects.filter(
        owner_unit=tree["district"], published_at__isnull=False
    ).first()
    services.model_unpublish(exemplary_model=published)
    _assert_exact(reader_ids)


def test_counts_follow_visibility_and_owner_unit(tree, reader_ids):
    model = ExemplaryModel.objects.filter(
        owner_unit=tree["ward"], published_at__isnull=False, visibility=Visibility.PUBLIC
    ).first()
    model.visibility = Visibility.RESTRICTED
    model.save()
    _assert_exact(reader_ids)
    model.owner_unit = tree["other_city"]
    model.save()
    _assert_exact(reader_ids)
    # Bulk writes that bypass save(), in one statement each.
    ExemplaryModel.objects.filter(owner_unit=tree["district"]).update(visibility=Visibility.MEMBERS)
    _assert_exact(reader_ids)
    ExemplaryModel.objects.filter(owner_unit=tree["city"]).update(owner_unit=tree["ward"])
    _assert_exact(reader_ids)


def test_counts_follow_deletion_and_bulk_creation(tree, reader_ids):
    ExemplaryModel.objects.filter(owner_unit=tree["ward"]).first().delete()
    _assert_exact(reader_ids)
    ExemplaryModel.objects.filter(owner_unit=tree["district"]).delete()
    _assert_exact(reader_ids)
    ExemplaryModel.objects.bulk_create(
        ExemplaryModelFactory.build(owner_unit=tree["ward"], visibility=visibility, slug=f"b-{n}")
        for n, visibility in enumerate(Visibility.values * 3)
    )
    _assert_exact(reader_ids)


def test_counts_follow_a_unit_moved_in_the_tree(tree, reader_ids):
    district = tree["district"]
    district.parent = tree["other_city"]
    district.save()
    _assert_exact(reader_ids)
    assert _stored(AnonymousUser())[tree["other_city"].pk] == 4 + 2 + 3


def test_pages_show_the_stored_counts(client, tree):
    ExemplaryModel.objects.filter(owner_unit=tree["ward"]).update(visibility=Visibility.PUBLIC)
    response = client.get(reverse("unit_detail", args=[tree["district"].slug]))
    # The ward's 9 published models, all public now (its drafts are not counted).
    assert "9 mô hình" in response.content.decode()
