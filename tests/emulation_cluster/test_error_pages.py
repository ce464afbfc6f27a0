"""A database that goes away answers 503 with "send again"; any other fault, the plain 500."""

import pytest
from django.test import Client


@pytest.fixture
def failing(settings, db):
    settings.ROOT_URLCONF = "tests.emulation_cluster.failing_urls"
    settings.DEBUG = False
    return Client(raise_request_exception=False)


def test_a_database_restart_is_a_503_that_says_to_send_again(failing):
    response = failing.get("/co-so-du-lieu-vang/")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    html = response.content.decode()
    assert "chưa được lưu" in html and "gửi lại sau vài giây" in html and "send it again" in html


def test_any_other_fault_is_the_plain_500(failing):
    response = failing.get("/loi/")
    assert response.status_code == 500 and "Đã có lỗi xảy ra" in response.content.decode()
