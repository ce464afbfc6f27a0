"""Every unit select that lists all units: grouped by city, written in one pass, still checked."""

import re

import pytest
from django.urls import reverse

from emulation_cluster.enums import UnitKind
from tests.factories import ExemplaryModelFactory, SubUnitFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def units():
    ha_noi = UnitFactory(name="Công an thành phố Hà Nội", slug="ha-noi", city="Hà Nội")
    hoan_kiem = SubUnitFactory(name="Công an quận Hoàn Kiếm", slug="hoan-kiem", parent=ha_noi)
    ward = SubUnitFactory(
        name="Công an phường Hàng Bạc", slug="hang-bac", parent=hoan_kiem, kind=UnitKind.WARD
    )
    da_nang = UnitFactory(name="Công an thành phố Đà Nẵng", slug="da-nang", city="Đà Nẵng")
    return ha_noi, hoan_kiem, ward, da_nang


def _unit_select(html):
    return re.search(r'<select name="unit"[^>]*>(.*?)</select>', html, re.S).group(1)


def test_the_list_filter_groups_the_units_by_city(client, units):
    html = _unit_select(client.get(reverse("model_list")).content.decode())
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', html, re.S)
    assert [label for label, _options in groups] == ["Đà Nẵng", "Hà Nội"]  # Vietnamese order
    ha_noi_options = re.findall(r'<option value="([^"]+)"', groups[1][1])
    assert ha_noi_options == ["ha-noi", "hang-bac", "hoan-kiem"]  # the city first
    assert html.startswith('<option value="" selected>')


def test_the_chosen_unit_stays_chosen_and_filters_its_tree(client, units):
    ha_noi, _hoan_kiem, ward, da_nang = units
    in_ward = ExemplaryModelFactory(owner_unit=ward, title="Mô hình phường Hàng Bạc")
    elsewhere = ExemplaryModelFactory(owner_unit=da_nang, title="Mô hình Đà Nẵng")
    html = client.get(reverse("model_list") + "?unit=ha-noi").content.decode()
    assert '<option value="ha-noi" selected>' in _unit_select(html)
    assert in_ward.title in html and elsewhere.title not in html


def test_an_unknown_unit_is_reported_beside_the_field(client, units):
    response = client.get(reverse("model_list") + "?unit=khong-co")
    assert response.status_code == 200
    assert 'aria-invalid="true"' in _unit_select_tag(response.content.decode())


def _unit_select_tag(html):
    return re.search(r'<select name="unit"[^>]*>', html).group(0)
