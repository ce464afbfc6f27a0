"""Counts on the pages agree with what the lists hold."""

import pytest

from tests.pages import shows

pytestmark = pytest.mark.django_db


def test_a_model_without_questions_says_so_and_offers_no_list_of_zero(qa):
    client = qa.client("asker")
    html = shows(client.get(qa.model.get_absolute_url()), 200, "No question yet.")
    assert "All 0 questions" not in html
