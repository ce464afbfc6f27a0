"""Seminars exported with their attendance: the seminars the reader may open, of a period and a
year, each cell as the seminar's page shows it to this reader."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from seminars.enums import Attendance, Reply, SeminarStatus
from tests.exports import column, read_csv, read_xlsx
from tests.factories import DraftSeminarFactory, SeminarFactory, SeminarInvitationFactory

pytestmark = pytest.mark.django_db

# The attendance sheet (and the CSV).
SEMINAR, DATE, HOST, STATUS, UNIT, REPLY, REPLIED_AT, DELEGATES, ATTENDANCE, LINK = range(10)
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
HELD_TITLE = "Tọa đàm mô hình hay năm 2023"


@pytest.fixture
def seminars(world, seminar):
    start = datetime.datetime(2023, 9, 6, 14, tzinfo=ZONE)
    held = SeminarFactory(
        host_unit=world.host,
        title=HELD_TITLE,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        status=SeminarStatus.HELD,
    )
    replied = start - datetime.timedelta(days=3)
    SeminarInvitationFactory(
        seminar=held,
        unit=world.invited,
        reply=Reply.ATTENDING,
        delegation_size=3,
        replied_at=replied,
        attendance=Attendance.PRESENT,
    )
    SeminarInvitationFactory(
        seminar=held,
        unit=world.other,
        reply=Reply.NOT_ATTENDING,
        delegation_size=2,
        replied_at=replied,
        attendance=Attendance.EXCUSED,
    )
    # The upcoming seminar (the ``seminar`` fixture): Đà Nẵng replied, its attendance not due.
    seminar.invitations.update(
        reply=Reply.ATTENDING, delegation_size=4, replied_at=timezone.now(), attendance="absent"
    )
    DraftSeminarFactory(host_unit=world.host, title="Bản nháp kín")
    return {"held": held, "upcoming": seminar}


def _export(client, fmt="xlsx", **params):
    return client.get(reverse("seminar_export", args=[fmt]), params)


def test_xlsx_has_the_attendance_and_the_seminars(world, seminars):
    sheets = read_xlsx(_export(world.client("host_organizer"), nam="2023"))
    assert list(sheets) == ["Attendance", "Seminars"]
    attendance, listed = sheets.values()
    assert attendance[0][UNIT] == "Invited unit" and len(attendance[0]) == 10
    danang, haiphong = attendance[1:]  # the units in Vietnamese order
    assert danang[SEMINAR] == HELD_TITLE and danang[HOST] == "Công an thành phố Hà Nội"
    assert danang[DATE] == datetime.datetime(2023, 9, 6)
    assert (danang[UNIT], danang[REPLY], danang[DELEGATES]) == (
        "Công an thành phố Đà Nẵng",
        "Attending",
        3,
    )
    assert danang[REPLIED_AT] == datetime.datetime(2023, 9, 3, 14)  # Vietnam's time
    assert danang[ATTENDANCE] == "Present" and haiphong[ATTENDANCE] == "Excused"
    assert danang[LINK] == "http://testserver" + seminars["held"].get_absolute_url()
    heading, row = listed
    assert heading[0] == "Seminar"
    assert row[0] == HELD_TITLE and row[1] == datetime.datetime(2023, 9, 6, 14)
    assert row[6:9] == [2, 1, 1]  # invited, attending, present: numbers


def test_csv_is_the_attendance_in_utf8_with_bom(world, seminars):
    rows = read_csv(_export(world.client("member"), "csv", nam="2023"))
    assert column(rows, UNIT) == ["Công an thành phố Đà Nẵng", "Công an thành phố Hải Phòng"]
    assert column(rows, DATE) == ["06/09/2023", "06/09/2023"]
    assert column(rows, REPLIED_AT) == ["03/09/2023 14:00", "03/09/2023 14:00"]


def test_period_and_year_choose_the_seminars(world, seminars):
    client = world.client("member")
    upcoming = read_csv(_export(client, "csv", **{"thoi-gian": "sap-toi"}))
    assert set(column(upcoming, SEMINAR)) == {seminars["upcoming"].title}
    past = read_csv(_export(client, "csv", **{"thoi-gian": "da-dien-ra"}))
    assert set(column(past, SEMINAR)) == {HELD_TITLE}
    everything = read_csv(_export(client, "csv"))
    assert set(column(everything, SEMINAR)) == {HELD_TITLE, seminars["upcoming"].title}
    assert read_csv(_export(client, "csv", nam="2031")) == [everything[0]]


@pytest.mark.parametrize("role", ["member", "other_organizer", "invited_admin"])
def test_drafts_stay_with_their_organizers(world, seminars, role):
    assert "Bản nháp kín" not in str(read_xlsx(_export(world.client(role))))
    assert "Bản nháp kín" in str(read_xlsx(_export(world.client("host_organizer"))))


def test_the_number_of_delegates_shows_only_to_the_host_and_the_unit_itself(world, seminars):
    def sizes(role):
        rows = read_csv(_export(world.client(role), "csv", nam="2023"))
        return dict(zip(column(rows, UNIT), column(rows, DELEGATES), strict=True))

    assert sizes("host_organizer") == {
        "Công an thành phố Đà Nẵng": "3",
        "Công an thành phố Hải Phòng": "2",
    }
    assert sizes("invited_admin") == {
        "Công an thành phố Đà Nẵng": "3",
        "Công an thành phố Hải Phòng": "",
    }
    assert set(sizes("member").values()) == {""}


def test_attendance_shows_once_the_seminar_began_as_on_its_page(world, seminars):
    def attendance(role):
        rows = read_csv(_export(world.client(role), "csv", **{"thoi-gian": "sap-toi"}))
        return column(rows, ATTENDANCE)

    assert attendance("member") == [""]
    assert attendance("host_organizer") == ["Absent"]


@pytest.mark.parametrize(
    "params,typed",
    [({"nam": "abc"}, "abc"), ({"nam": "1899"}, "1899"), ({"thoi-gian": "hom-qua"}, "hom-qua")],
)
def test_a_filter_it_cannot_read_is_a_400_that_says_which(world, seminars, params, typed):
    response = _export(world.client("member"), "csv", **params)
    assert response.status_code == 400
    (message,) = get_messages(response.wsgi_request)
    assert f"“{typed}”" in str(message)
    assert "<h1>Bad request</h1>" in response.content.decode()


def test_the_cap_sends_back_to_the_list_with_the_reason(world, seminars, settings):
    settings.EXPORT_MAX_ROWS = 2
    response = _export(world.client("member"), **{"thoi-gian": "da-dien-ra"})
    assert response.status_code == 302 and response["Location"] == reverse("seminar_past_list")
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["error"]


@pytest.mark.parametrize("past", [False, True])
def test_the_lists_offer_the_export_of_their_period(world, seminars, past):
    url = reverse("seminar_past_list" if past else "seminar_list")
    html = world.client("member").get(url).content.decode()
    period = "da-dien-ra" if past else "sap-toi"
    assert f'name="thoi-gian" value="{period}"' in html
    assert f'action="{reverse("seminar_export", args=["xlsx"])}"' in html
    assert f'formaction="{reverse("seminar_export", args=["csv"])}"' in html


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_queries_do_not_grow_with_rows(world, fmt, django_assert_num_queries):
    client = world.client("host_organizer")

    def export_with(count):
        for _ in range(count):
            seminar = SeminarFactory(host_unit=world.host)
            SeminarInvitationFactory(seminar=seminar, unit=world.invited)
            SeminarInvitationFactory(seminar=seminar, unit=world.other)
        # The session, the user, whether a cluster admin, the roles and the units below, the
        # request's savepoint and release, two counts, the rows of each sheet from its cursor
        # (the CSV has one sheet: the attendance).
        with django_assert_num_queries({"xlsx": 9, "csv": 8}[fmt]):
            response = _export(client, fmt)
        assert response.status_code == 200

    export_with(1)
    export_with(4)
