"""``markdown_text`` reads a text without Markdown marks as it is: the words rendering gives."""

import pytest

from emulation_cluster import markdown

PLAIN = [
    "Tổ liên gia an toàn phòng cháy, chữa cháy: các hộ liền kề cùng nhau.",
    'Mô hình "4 không" của Công an phường (năm 2023) giảm 35% số vụ việc.',
    "Kết quả:\n  tuần tra ban đêm\n\n   giảm tội phạm 12,5 %; xem https://congan.hanoi.gov.vn/a?b=1",
    "Năm 2023. Kết quả tốt\n2023 là năm đầu; 1.000 hộ tham gia = 40 tổ",
    "    một đoạn thụt vào bốn dấu cách\nvà dòng sau",
    "Dòng một  \nDòng hai có hai dấu cách trước khi xuống dòng",
    "",
]
MARKED = [
    "- Mỗi tổ 5 hộ\n- Trang bị bình chữa cháy",
    "1. Bước một\n2. Bước hai",
    "**Đậm** và _nghiêng_",
    "Tiêu đề\n---\nnội dung",
    "Tiêu đề\n===",
    "[liên kết](https://example.org)",
    "a < b & c",
]


@pytest.mark.parametrize("text", PLAIN)
def test_a_text_without_marks_reads_the_same_without_rendering(text, monkeypatch):
    assert markdown._plain(text)
    fast = markdown.markdown_text(text)
    monkeypatch.setattr(markdown, "_plain", lambda text: False)
    assert fast == markdown.markdown_text(text)


@pytest.mark.parametrize("text", MARKED)
def test_a_text_with_marks_is_rendered(text):
    assert not markdown._plain(text)
