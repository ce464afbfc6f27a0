"""Summaries shown as plain text (cards of the home page, the list, unit pages, the feed) show
the words of their Markdown, not its marks."""

import pytest
from django.urls import reverse

from emulation_cluster.markdown import markdown_text
from tests.factories import ExemplaryModelFactory

pytestmark = pytest.mark.django_db
SUMMARY = "Mô hình **tuần tra ban đêm** của [CATP Hà Nội](https://example.test) & phường."


def test_markdown_text_keeps_the_words_only():
    assert markdown_text(SUMMARY) == "Mô hình tuần tra ban đêm của CATP Hà Nội & phường."
    assert markdown_text("- một\n- hai\n\n# Tiêu đề") == "một hai Tiêu đề"
    # What was typed as text stays text; templates escape it.
    assert markdown_text("<script>alert(1)</script>") == "<script>alert(1)</script>"


def test_cards_and_feed_show_no_markdown_marks(client):
    model = ExemplaryModelFactory(summary=SUMMARY)
    pages = [reverse("home"), reverse("model_list"), model.owner_unit.get_absolute_url()]
    for url in pages:
        html = client.get(url).content.decode()
        assert "tuần tra ban đêm của CATP Hà Nội &amp; phường." in html, url
        assert "**" not in html, url
    feed = client.get(reverse("model_feed")).content.decode()
    assert "**" not in feed and "tuần tra ban đêm" in feed
