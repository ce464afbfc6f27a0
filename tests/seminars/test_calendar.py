"""The .ics files, parsed back with icalendar: times, UID, SEQUENCE, time zone, who sees what."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse

from seminars import services
from seminars.models import CalendarFeedKey
from tests.factories import AgendaItemFactory, DraftSeminarFactory, SeminarFactory
from tests.pages import NOT_FOUND_EN, shows
from tests.seminars.conftest import english_client

pytestmark = pytest.mark.django_db

HO_CHI_MINH = ZoneInfo("Asia/Ho_Chi_Minh")


def _events(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    return calendar, list(calendar.walk("VEVENT"))


def test_seminar_ics_has_stable_uid_local_times_and_sequence(world, seminar):
    AgendaItemFactory(seminar=seminar, title="Phát biểu khai mạc", speaker="Đại tá Nguyễn Văn T")
    client = world.client("member")
    calendar, [event] = _events(client.get(reverse("seminar_ics", args=[seminar.pk])))
    assert str(event["UID"]) == str(seminar.uid)
    assert event["SEQUENCE"] == 0
    assert event["SUMMARY"] == seminar.title
    assert event["LOCATION"] == "Hội trường A"
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start == seminar.starts_at and end == seminar.ends_at
    assert event["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert start.astimezone(HO_CHI_MINH).hour == 14
    assert "Phát biểu khai mạc" in event["DESCRIPTION"]
    assert str(event["STATUS"]) == "CONFIRMED"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]

    seminar.starts_at += datetime.timedelta(hours=1)
    seminar.ends_at += datetime.timedelta(hours=1)
    services.seminar_save(seminar=seminar)
    _calendar, [moved] = _events(client.get(reverse("seminar_ics", args=[seminar.pk])))
    assert str(moved["UID"]) == str(event["UID"])
    assert moved["SEQUENCE"] == 1
    assert moved.decoded("DTSTART").astimezone(HO_CHI_MINH).hour == 15


def test_cancelled_seminar_ics_says_cancelled_with_a_new_sequence(world, seminar):
    services.seminar_cancel(seminar=seminar)
    _calendar, [event] = _events(
        world.client("member").get(reverse("seminar_ics", args=[seminar.pk]))
    )
    assert str(event["STATUS"]) == "CANCELLED" and event["SEQUENCE"] == 1


def test_feed_lists_what_the_user_may_see(world, seminar):
    draft = DraftSeminarFactory(host_unit=world.host, title="Nháp")
    other = SeminarFactory(host_unit=world.invited, title="Hội nghị Đà Nẵng")
    _calendar, events = _events(world.client("member").get(reverse("seminar_feed")))
    assert {str(e["UID"]) for e in events} == {str(seminar.uid), str(other.uid)}
    _calendar, events = _events(world.client("outsider").get(reverse("seminar_feed")))
    assert events == []
    assert (
        str(draft.uid)
        not in world.client("host_organizer").get(reverse("seminar_feed")).content.decode()
    )  # drafts stay out of calendars, even the organizer's


def test_private_calendar_address_works_without_login_and_can_be_replaced(world, seminar):
    client = world.client("member")
    client.post(reverse("feed_key_reset"))
    key = CalendarFeedKey.objects.get(user=world.people["member"]).key
    html = client.get(reverse("seminar_month")).content.decode()
    assert reverse("seminar_feed_private", args=[key]) in html
    address = reverse("seminar_feed_private", args=[key])
    _calendar, [event] = _events(english_client().get(address))
    assert str(event["UID"]) == str(seminar.uid)
    client.post(reverse("feed_key_reset"))
    html = shows(english_client().get(address), 404, NOT_FOUND_EN)
    assert seminar.title not in html and "BEGIN:VCALENDAR" not in html
