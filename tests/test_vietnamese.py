import re

from emulation_cluster.markdown import render_markdown
from emulation_cluster.vietnamese import fold, sort_key


def test_fold_drops_diacritics_and_case():
    assert fold("Mệnh lệnh 01") == "menh lenh 01"
    assert fold("ĐÀ NẴNG") == "da nang"
    assert fold("Hòa Hảo, Thốt Nốt") == "hoa hao, thot not"
    assert fold("") == ""


def test_sort_key_orders_cities_in_vietnamese_alphabetical_order():
    cities = ["Hải Phòng", "TP. Hồ Chí Minh", "Hà Nội", "Đà Nẵng", "Cần Thơ"]
    assert sorted(cities, key=sort_key) == [
        "Cần Thơ",
        "Đà Nẵng",
        "Hà Nội",
        "Hải Phòng",
        "TP. Hồ Chí Minh",
    ]


def test_sort_key_puts_d_before_dj_and_base_letters_before_marked_ones():
    assert sorted(["Đông", "Dương", "Ân", "Ăn", "An"], key=sort_key) == [
        "An",
        "Ăn",
        "Ân",
        "Dương",
        "Đông",
    ]


def test_sort_key_orders_tones_and_prefixes():
    assert sorted(["cá", "cà", "ca", "cả", "cạ", "cã", "cab"], key=sort_key) == [
        "ca",
        "cà",
        "cả",
        "cã",
        "cá",
        "cạ",
        "cab",
    ]


def test_markdown_renders_formatting_and_tables():
    html = render_markdown("**Kết quả**\n\n| Chỉ tiêu | Số |\n|---|---|\n| Vụ | 3 |")
    assert "<strong>Kết quả</strong>" in html
    assert "<table>" in html and "<td>3</td>" in html


def test_markdown_removes_scripts_javascript_links_and_event_handlers():
    html = render_markdown(
        "<script>alert(1)</script>\n\n[bấm](javascript:alert(1))\n\n"
        '<img src=x onerror="alert(1)">\n\n<a href="#" onclick="steal()">x</a>'
    )
    assert "<script" not in html
    assert 'href="javascript' not in html
    assert "<img" not in html
    # What is left of the raw HTML is escaped text, never a live tag or attribute.
    assert not re.search(r"<[^>]*\bon\w+=", html)
    assert '<a href="#"' not in html


def test_markdown_keeps_safe_links_with_rel():
    html = render_markdown("[Cổng](https://bocongan.gov.vn)")
    assert 'href="https://bocongan.gov.vn"' in html
    assert "noopener" in html
