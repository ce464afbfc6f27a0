import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from emulation_cluster.enums import Role, UnitKind, Visibility
from emulation_cluster.models import Cluster, ClusterTerm, Membership, Partner, Unit
from models_registry.enums import ReplicationState
from models_registry.models import ExemplaryModel, Indicator, Replication, Topic


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"officer{n}")
    email = factory.Sequence(lambda n: f"officer{n}@police.test")
    first_name = "Cán bộ"
    password = factory.PostGenerationMethodCall("set_password", "pass-Word-2025")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy's signature
        if create:
            obj.save()
            # Email verification is mandatory: officers' addresses are verified.
            from allauth.account.models import EmailAddress

            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster
        django_get_or_create = ["slug"]

    name = "Cụm thi đua số 1 Bộ Công an"
    short_name = "Cụm thi đua số 1"
    slug = "cum-1"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Công an thành phố Số {n}")
    short_name = factory.Sequence(lambda n: f"CATP {n}")
    slug = factory.Sequence(lambda n: f"unit-{n}")
    kind = UnitKind.CITY
    cluster = factory.SubFactory(ClusterFactory)
    city = "Hà Nội"


class SubUnitFactory(UnitFactory):
    kind = UnitKind.DISTRICT
    parent = factory.SubFactory(UnitFactory)
    cluster = factory.SelfAttribute("parent.cluster")


class ClusterTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClusterTerm

    cluster = factory.SubFactory(ClusterFactory)
    year = 2025
    head_unit = factory.SubFactory(UnitFactory)


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Đơn vị phối hợp {n}")
    slug = factory.Sequence(lambda n: f"partner-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = Role.MEMBER


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Chủ đề {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class ExemplaryModelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExemplaryModel

    title = factory.Sequence(lambda n: f"Mô hình số {n}")
    owner_unit = factory.SubFactory(UnitFactory)
    summary = "Tóm tắt mô hình."
    published_at = factory.LazyFunction(timezone.now)
    visibility = Visibility.PUBLIC


class DraftModelFactory(ExemplaryModelFactory):
    published_at = None


class ReplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Replication

    exemplary_model = factory.SubFactory(ExemplaryModelFactory)
    adopting_unit = factory.SubFactory(UnitFactory)
    state = ReplicationState.IN_USE


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    name = "Số vụ phạm pháp hình sự"
    unit_of_measure = "vụ"
    baseline = 120
    result = 90
    period = "2024"
