"""An officer types "tuan tra ban dem" in the header's box and finds models, seminars, questions
and answers; narrows to one kind; tries a search with no match; reads the page in English."""

import pytest

pytestmark = pytest.mark.browser

EDITOR = "canbo.hanoi@demo.invalid"


def _search_from_header(page, text):
    page.fill("#site-search", text)
    page.press("#site-search", "Enter")
    page.wait_for_load_state()


def test_an_officer_searches_everything_from_the_header(demo, journey):
    reader = journey("search")
    page = reader.page
    reader.login(EDITOR)
    reader.go("/")
    _search_from_header(page, "tuan tra ban dem")
    assert "/tim-kiem/?q=tuan+tra+ban+dem" in page.url
    results = page.locator(".search-result")
    assert results.count() >= 2
    marked = page.locator(".search-result mark").all_inner_texts()
    assert {"Tuần", "đêm"} & set(marked) or {"tuần", "đêm"} & set(marked)
    kinds = page.locator(".search-facets .facet").first.inner_text()
    assert "Mô hình" in kinds
    reader.shoot("results")

    page.locator(".search-facets .facet").first.locator("a").first.click()
    page.wait_for_load_state()
    assert "kind=" in page.url
    assert "bỏ lọc" in page.content() or "show all" in page.content()
    reader.shoot("one-kind")

    _search_from_header(page, "tuan tra xyzzy")
    assert page.locator(".no-results").count() == 1
    assert page.locator(".shorter-searches li").count() >= 1
    reader.shoot("no-match")

    _search_from_header(page, "tuan tra ban dem")
    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Results for" in page.content()
    assert page.locator(".search-result").count() >= 2
    reader.shoot("results-english")
    page.click("button[name=language][value=vi]")
    page.wait_for_load_state()
