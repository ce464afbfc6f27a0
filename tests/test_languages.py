"""The main pages read in one language: a Vietnamese page shows no English words of the
interface, an English page no Vietnamese ones. Data (titles, unit names, write-ups) is Vietnamese
in both and is not what this looks at: only words of the interface, from a short list each."""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from emulation_cluster.markdown import markdown_text
from models_registry.models import ExemplaryModel
from seminars.models import Seminar
from seminars.qa.models import Answer, Question

# Words of the interface that give the other language away (whole words, case-sensitive).
ENGLISH_WORDS = [
    "Home", "Search", "Log out", "Notices", "unread", "minutes", "minute", "hours", "days",
    "Edit", "Save", "Cancel", "Previous", "Next", "Page", "Reply", "Ask", "Answers",
    "Questions", "Seminars", "Units", "Topics", "Published", "waiting", "ago", "Attach",
]  # fmt: skip
VIETNAMESE_WORDS = [
    "Trang chủ", "Tìm kiếm", "Đăng xuất", "Thông báo", "chưa đọc", "phút", "giờ", "Lưu",
    "Hủy", "Trang sau", "Trang trước", "Trả lời", "Câu hỏi", "Hội nghị tọa đàm", "Đơn vị",
    "Chủ đề", "Chỉnh sửa", "đang chờ", "Đính kèm", "Đã xuất bản", "về mô hình",
    "trả lời chính thức", "Phòng ngừa tội phạm", "Trật tự an toàn xã hội", "Camera giám sát",
]  # fmt: skip
DATA_ATTRIBUTES = ("aria-label", "placeholder", "title", "alt", "value")


class _Visible(HTMLParser):
    """The text a reader sees or hears: text nodes and labelling attributes, not code."""

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in DATA_ATTRIBUTES and value and not (tag == "input" and name == "value"):
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def _found(text: str, words) -> list[str]:
    return [word for word in words if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text)]


def _data_texts() -> set[str]:
    """Texts of the demo data, which may hold any word: left out before looking."""
    texts = set()
    for model in ExemplaryModel.objects.all():
        texts |= {model.title, model.summary, model.results, model.how_it_works}
    for question in Question.objects.all():
        texts |= {question.title, question.body}
    texts |= set(Answer.objects.values_list("body", flat=True))
    for seminar in Seminar.objects.all():
        texts |= {seminar.title, seminar.description, seminar.minutes}
    # As typed, and as a page shows it once its Markdown is rendered.
    return {text for text in texts if text} | {markdown_text(text) for text in texts if text}


@pytest.fixture
def demo(db):
    for command in ("load_demo", "load_demo_seminar", "load_demo_questions"):
        call_command(command, stdout=open("/dev/null", "w"))  # noqa: SIM115


def _pages():
    model = ExemplaryModel.objects.order_by("id").first()
    seminar = Seminar.objects.order_by("id").first()
    question = Question.objects.order_by("id").first()
    return [
        reverse("home"),
        reverse("model_list"),
        reverse("model_list") + "?q=tuan+tra",
        model.get_absolute_url(),
        reverse("unit_list"),
        model.owner_unit.get_absolute_url(),
        reverse("seminar_list"),
        reverse("seminar_month"),
        seminar.get_absolute_url(),
        reverse("notice_list"),
        reverse("question_search"),
        question.get_absolute_url(),
        reverse("unit_inbox", args=[question.owner_unit.slug]),
        reverse("notification_preferences"),
        reverse("model_create"),
        reverse("profile"),
    ]


@pytest.mark.parametrize(("language", "words"), [("vi", ENGLISH_WORDS), ("en", VIETNAMESE_WORDS)])
def test_main_pages_show_no_word_of_the_other_language(demo, language, words):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(get_user_model().objects.get(email="canbo.hanoi@demo.invalid"))
    data = _data_texts()
    wrong = {}
    for url in _pages():
        response = client.get(url)
        assert response.status_code == 200, url
        text = _visible_text(response.content.decode())
        for known in sorted(data, key=len, reverse=True):
            text = text.replace(" ".join(known.split()), " ")
        if found := _found(text, words):
            wrong[url] = found
    assert wrong == {}


def test_help_texts_follow_the_readers_language(demo):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(get_user_model().objects.get(email="canbo.hcm@demo.invalid"))
    model = ExemplaryModel.objects.get(slug="menh-lenh-01-tong-kiem-soat-hanh-chinh-ban-dem")
    html = client.get(reverse("question_ask", args=[model.slug])).content.decode()
    assert "What your unit wants to know and why." in html
    assert "Up to " in html and "Accepted: .pdf" in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    html = client.get(reverse("question_ask", args=[model.slug])).content.decode()
    assert "What your unit wants to know" not in html and "Accepted:" not in html
