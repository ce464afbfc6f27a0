import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from emulation_cluster.enums import Role, UnitKind, Visibility
from emulation_cluster.models import Cluster, ClusterTerm, Membership, Partner, Unit
from models_registry.enums import ReplicationState
from models_registry.models import ExemplaryModel, Indicator, Replication, Topic
from seminars.qa.counters import count_answers


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


# --- seminars ---------------------------------------------------------------------------------


def _next_week_at_two_pm():
    from datetime import timedelta

    start = timezone.localtime() + timedelta(days=7)
    return start.replace(hour=14, minute=0, second=0, microsecond=0)


def _three_hours_after_start(seminar):
    from datetime import timedelta

    return seminar.starts_at + timedelta(hours=3)


class SeminarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "seminars.Seminar"

    title = factory.Sequence(lambda n: f"Hội nghị tọa đàm số {n}")
    host_unit = factory.SubFactory(UnitFactory)
    cluster = factory.SelfAttribute("host_unit.cluster")
    starts_at = factory.LazyFunction(_next_week_at_two_pm)
    ends_at = factory.LazyAttribute(_three_hours_after_start)
    venue = "Hội trường Công an thành phố"
    chair_name = "Thiếu tướng Nguyễn Văn A, Phó Giám đốc"
    status = "scheduled"


class DraftSeminarFactory(SeminarFactory):
    status = "draft"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "seminars.AgendaItem"

    seminar = factory.SubFactory(SeminarFactory)
    position = factory.Sequence(lambda n: n + 1)
    starts_at = factory.LazyAttribute(lambda o: o.seminar.starts_at)
    kind = "presentation"
    title = factory.Sequence(lambda n: f"Giới thiệu mô hình số {n}")


class SeminarInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "seminars.SeminarInvitation"

    seminar = factory.SubFactory(SeminarFactory)
    unit = factory.SubFactory(UnitFactory)


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "seminars.Lesson"
        skip_postgeneration_save = True

    seminar = factory.SubFactory(SeminarFactory)
    text = "Bài học kinh nghiệm."

    @factory.post_generation
    def models(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy's signature
        if create and extracted:
            obj.exemplary_models.set(extracted)


# --- questions and answers --------------------------------------------------------------------


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "seminars.Question"

    exemplary_model = factory.SubFactory(ExemplaryModelFactory)
    owner_unit = factory.SelfAttribute("exemplary_model.owner_unit")
    asking_unit = factory.SubFactory(UnitFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Câu hỏi số {n}")
    body = "Đơn vị muốn tìm hiểu cách làm."


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "seminars.Answer"
        skip_postgeneration_save = True

    question = factory.SubFactory(QuestionFactory)
    author = factory.SubFactory(UserFactory)
    body = "Đơn vị xin trả lời như sau."

    @factory.post_generation
    def counted(answer, create, extracted, **kwargs):
        # As the services do: the question's answer_count follows its shown answers.
        if create:
            count_answers(answer.question_id)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "seminars.Comment"

    question = factory.SubFactory(QuestionFactory)
    author = factory.SubFactory(UserFactory)
    body = "Xin hỏi thêm."
