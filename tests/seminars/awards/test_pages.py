"""The year's list, the evidence side by side, and the model page: what they show, and a fixed
number of queries whatever the number of nominations."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    AgendaItemFactory,
    AnswerFactory,
    ExemplaryModelFactory,
    IndicatorFactory,
    QuestionFactory,
    ReplicationFactory,
    SeminarFactory,
)
from tests.seminars.awards.conftest import YEAR, nominate


def _with_evidence(world, model):
    """Figures, a replication with results, a presentation and an officially answered question."""
    other = world.can_tho if model.owner_unit == world.da_nang else world.da_nang
    IndicatorFactory(exemplary_model=model, name="Số vụ phạm pháp hình sự")
    replication = ReplicationFactory(exemplary_model=model, adopting_unit=other)
    IndicatorFactory(replication=replication, name="Số vụ trộm cắp", baseline=40, result=31)
    seminar = SeminarFactory(host_unit=world.ha_noi, title=f"Tọa đàm về {model.title}")
    AgendaItemFactory(seminar=seminar, exemplary_model=model, presenting_unit=model.owner_unit)
    question = QuestionFactory(
        exemplary_model=model, asking_unit=other, title=f"Hỏi về {model.title}?"
    )
    AnswerFactory(question=question, is_official=True, official_unit=model.owner_unit)
    question.first_official_answer_at = timezone.now()
    question.save()


def test_the_comparison_shows_each_nominations_evidence(world):
    _with_evidence(world, world.model)
    nominate(world)
    nominate(world, world.other_model, actor=world.people["other_admin"])
    html = world.client("member").get(reverse("nomination_compare", args=[YEAR])).content.decode()
    for text in [
        world.model.title,
        world.other_model.title,
        "Số vụ phạm pháp hình sự",
        "Số vụ trộm cắp",
        "Công an thành phố Đà Nẵng",
        f"Tọa đàm về {world.model.title}",
        f"Hỏi về {world.model.title}?",
        "Not presented at a seminar yet.",  # the other model's card
        "Submitted, awaiting review",
    ]:
        assert text in html, text
    listing = world.client("member").get(reverse("nomination_list", args=[YEAR])).content.decode()
    assert world.model.title in listing and "1 (1)" in listing


def test_a_visitor_sees_no_nomination_on_the_model_page(world, client):
    nominate(world)
    html = client.get(world.model.get_absolute_url()).content.decode()
    assert "awards-heading" not in html


def test_the_owner_units_admin_is_offered_to_nominate_from_the_model_page(world):
    html = world.client("unit_admin").get(world.model.get_absolute_url()).content.decode()
    assert f"Nominate it for the {YEAR} award" in html
    assert f"/khen-thuong/{YEAR}/de-cu/?mo-hinh={world.model.slug}" in html
    form = world.client("unit_admin").get(
        reverse("nomination_create", args=[YEAR]) + f"?mo-hinh={world.model.slug}"
    )
    assert form.context["form"]["exemplary_model"].value() == world.model.pk
    editor_page = world.client("editor").get(world.model.get_absolute_url()).content.decode()
    assert "Nominate it for" not in editor_page


def _count_queries(world, url_name, django_assert_num_queries, expected, role="head_admin"):
    client = world.client(role)
    client.get(reverse(url_name, args=[YEAR]))
    with django_assert_num_queries(expected):
        response = client.get(reverse(url_name, args=[YEAR]))
    assert response.status_code == 200
    return response.content.decode()


def test_list_and_comparison_queries_do_not_grow(world, django_assert_num_queries):
    _with_evidence(world, world.model)
    nominate(world)
    counts = {}
    for url_name in ("nomination_list", "nomination_compare"):
        client = world.client("head_admin")
        client.get(reverse(url_name, args=[YEAR]))
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse(url_name, args=[YEAR]))
        counts[url_name] = len(captured.captured_queries)
    # The list: the session, the reader's roles, the banner and bell, the term, the years, the
    # count and one page of rows; the comparison adds five prefetches (figures, replications and
    # their figures, presentations, answered questions).
    assert counts == {"nomination_list": 11, "nomination_compare": 16}
    for n in range(2):
        model = ExemplaryModelFactory(owner_unit=world.da_nang, title=f"Mô hình Đà Nẵng {n}")
        _with_evidence(world, model)
        nominate(world, model, actor=world.people["other_admin"])
    for url_name, expected in counts.items():
        html = _count_queries(world, url_name, django_assert_num_queries, expected)
        assert "Mô hình Đà Nẵng 1" in html
