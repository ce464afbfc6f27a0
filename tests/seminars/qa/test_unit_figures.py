"""A unit page's figures on the questions to it, precomputed by a periodic job."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from seminars.qa.models import FiguresAudience, Question, UnitQuestionFigures
from seminars.qa.unit_figures import figures_refresh
from seminars.tasks import refresh_unit_question_figures
from tests.factories import SubUnitFactory

pytestmark = pytest.mark.django_db


def _answered_after(question, days):
    Question.objects.filter(pk=question.pk).update(
        first_official_answer_at=question.created_at + datetime.timedelta(days=days),
        state="answered",
    )


def _figures(unit, audience):
    return UnitQuestionFigures.objects.get(unit=unit, audience=audience)


def test_unit_figures_job_counts_the_tree_for_every_unit(qa):
    district = SubUnitFactory(parent=qa.owner, cluster=qa.cluster, city=qa.owner.city)
    for days in (1, 3, 5):
        _answered_after(qa.ask(), days)
    qa.ask(title="Còn mở 1")
    qa.ask(title="Còn mở", exemplary_model=qa.restricted)  # the restricted model's question
    hidden = qa.ask(title="Ẩn")
    Question.objects.filter(pk=hidden.pk).update(hidden_at=timezone.now())

    assert refresh_unit_question_figures(timestamp=0) == 5  # the periodic job: every unit

    members = _figures(qa.owner, FiguresAudience.MEMBERS)
    assert (members.open_count, members.answered_count) == (1, 3)
    assert members.median_wait == datetime.timedelta(days=3)
    everything = _figures(qa.owner, FiguresAudience.ALL)
    assert (everything.open_count, everything.answered_count) == (2, 3)
    # A unit with no question gets zeros, and a sub-unit counts its own tree only.
    empty = _figures(district, FiguresAudience.ALL)
    assert (empty.open_count, empty.answered_count, empty.median_wait) == (0, 0, None)


def test_unit_figures_of_a_ward_count_for_its_district_and_city(qa):
    district = SubUnitFactory(parent=qa.owner, cluster=qa.cluster, city=qa.owner.city)
    ward = SubUnitFactory(parent=district, cluster=qa.cluster, kind="ward", city=qa.owner.city)
    question = qa.ask()
    Question.objects.filter(pk=question.pk).update(owner_unit=ward)
    figures_refresh(now=timezone.now())
    for unit in (ward, district, qa.owner):
        assert _figures(unit, FiguresAudience.MEMBERS).open_count == 1
    assert _figures(qa.other, FiguresAudience.MEMBERS).open_count == 0


def test_unit_page_shows_the_stored_figures_and_when_they_were_computed(qa):
    _answered_after(qa.ask(), 2)
    qa.ask(title="Còn mở")
    figures_refresh(now=timezone.now())
    qa.ask(title="Hỏi sau khi tính")  # not counted until the next run
    html = qa.client("other_member").get(qa.owner.get_absolute_url()).content.decode()
    assert "<dt>Open questions</dt><dd><strong>1</strong>" in html
    assert "2 days" in html
    assert "Figures as of" in html
    # Visitors see no figures at all.
    assert "Open questions" not in Client().get(qa.owner.get_absolute_url()).content.decode()


def test_unit_page_shows_restricted_questions_to_the_units_own_people_only(qa):
    qa.ask(title="Mở", exemplary_model=qa.restricted)
    qa.ask(title="Mở 2")
    figures_refresh(now=timezone.now())
    url = qa.owner.get_absolute_url()
    own = qa.client("owner_member").get(url).content.decode()
    assert "<dt>Open questions</dt><dd><strong>2</strong>" in own
    other = qa.client("other_member").get(url).content.decode()
    assert "<dt>Open questions</dt><dd><strong>1</strong>" in other
    admin = qa.client("cluster_admin").get(url).content.decode()
    assert "<dt>Open questions</dt><dd><strong>2</strong>" in admin


def test_unit_page_counts_live_until_the_job_has_run(qa):
    qa.ask()
    html = qa.client("other_member").get(qa.owner.get_absolute_url()).content.decode()
    assert "<dt>Open questions</dt><dd><strong>1</strong>" in html
    assert "Figures as of" not in html
