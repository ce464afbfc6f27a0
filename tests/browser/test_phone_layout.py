"""On a phone (390×844): the header leaves the screen to the page, the list's filters come
before the results (folded), and the figures table fits the width."""

import pytest

from models_registry.models import ExemplaryModel, Indicator

from .conftest import PHONE

pytestmark = pytest.mark.browser


def test_phone_header_filters_and_figures(demo, journey):
    model = ExemplaryModel.objects.order_by("id").first()
    Indicator.objects.create(
        exemplary_model=model,
        name="Số vụ trộm cắp tài sản trên địa bàn phường",
        unit_of_measure="vụ",
        baseline=1240,
        result="930.5",
    )
    reader = journey()
    page = reader.page
    reader.login("canbo.hanoi@demo.invalid")
    page.set_viewport_size(PHONE)
    reader.go("/mo-hinh/")
    header = page.locator("header.site-header").bounding_box()
    assert header["height"] <= 0.25 * PHONE["height"], header
    filters = page.locator("details.filters-box")
    results = page.locator("section.results")
    assert filters.bounding_box()["y"] < results.bounding_box()["y"]
    assert filters.get_attribute("open") is None  # folded: the results are in sight
    page.click("details.filters-box > summary")
    assert page.locator("details.filters-box select[name=unit]").is_visible()

    reader.go(model.get_absolute_url())
    table = page.locator("table.indicators")
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    name = page.locator("table.indicators tbody th").bounding_box()
    assert name["width"] > 0.6 * box["width"]  # the name on one wide line, not a word a line
    reader.shoot("phone-figures")
