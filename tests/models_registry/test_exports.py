"""The model list exported: the list's own query (filters, search, visibility), every row."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from emulation_cluster.enums import Role, Visibility
from models_registry.enums import ModelStatus, ReplicationState
from tests.exports import column, read_csv, read_xlsx
from tests.factories import (
    DraftModelFactory,
    ExemplaryModelFactory,
    MembershipFactory,
    ReplicationFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

TITLE, KIND, OWNER, TOPICS, STATUS, VISIBILITY, EVIDENCE, REPLICATIONS, STARTED, PUBLISHED, LINK = (
    range(11)
)
RESTRICTED = "Mô hình kín Quyết Thắng"


@pytest.fixture
def registry(unit, other_unit):
    camera = TopicFactory(name="Camera giám sát", slug="camera")
    traffic = TopicFactory(name="An toàn giao thông", slug="giao-thong")
    published = timezone.make_aware(datetime.datetime(2023, 9, 6, 23, 30), datetime.UTC)
    public = ExemplaryModelFactory(
        title="Camera giám sát an ninh",
        owner_unit=unit,
        status=ModelStatus.PILOT,
        started_on=datetime.date(2022, 5, 1),
        published_at=published,  # 07/09/2023 06:30 in Vietnam
    )
    public.topics.set([traffic, camera])
    ReplicationFactory(exemplary_model=public, adopting_unit=other_unit)
    ReplicationFactory(exemplary_model=public, state=ReplicationState.PLANNED)
    ExemplaryModelFactory(title="Chuyên đề “4 không”", owner_unit=other_unit).topics.set([traffic])
    ExemplaryModelFactory(
        title="Mô hình nội bộ cụm", owner_unit=unit, visibility=Visibility.MEMBERS
    )
    ExemplaryModelFactory(title=RESTRICTED, owner_unit=unit, visibility=Visibility.RESTRICTED)
    DraftModelFactory(title="Bản nháp chưa công bố", owner_unit=unit)
    return {"public": public}


def _export(client, fmt="xlsx", **params):
    return client.get(reverse("model_export", args=[fmt]), params)


def _xlsx_rows(response):
    (rows,) = read_xlsx(response).values()
    return rows


def test_xlsx_has_every_column_with_numbers_and_dates(client, registry):
    client.cookies["django_language"] = "en"
    response = _export(client, topic="camera")
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="mo-hinh-{today}.xlsx"'
    rows = _xlsx_rows(response)
    assert rows[0][TITLE] == "Title" and len(rows[0]) == 11
    (row,) = rows[1:]
    assert row[TITLE] == "Camera giám sát an ninh"
    assert row[OWNER] == "Công an thành phố Hà Nội"
    assert row[TOPICS] == "An toàn giao thông, Camera giám sát"  # Vietnamese order
    assert row[STATUS] == "Pilot" and row[VISIBILITY] == str(Visibility.PUBLIC.label)
    assert row[EVIDENCE] == "Self-reported"
    assert row[REPLICATIONS] == 2  # a number, every replication recorded
    assert row[STARTED] == datetime.datetime(2022, 5, 1)
    assert row[PUBLISHED] == datetime.datetime(2023, 9, 7)  # the day in Vietnam
    assert row[LINK] == "http://testserver" + registry["public"].get_absolute_url()


def test_csv_is_utf8_with_bom_and_reads_vietnamese(client, registry):
    rows = read_csv(_export(client, "csv", unit="da-nang"))
    assert column(rows, TITLE) == ["Chuyên đề “4 không”"]
    assert column(rows, OWNER) == ["Công an thành phố Đà Nẵng"]


@pytest.mark.parametrize(
    "params", [{"unit": "ha-noi"}, {"topic": "giao-thong"}, {"q": "chuyen de"}, {"status": "pilot"}]
)
def test_a_filtered_export_has_exactly_the_rows_of_the_filtered_list(
    member_client, registry, params
):
    listed = member_client.get(reverse("model_list"), params).context["page"].object_list
    for fmt, read in (("xlsx", _xlsx_rows), ("csv", read_csv)):
        rows = read(_export(member_client, fmt, **params))
        assert column(rows, TITLE) == [model.title for model in listed], (fmt, params)


def test_every_matching_row_not_one_page(client, unit):
    ExemplaryModelFactory.create_batch(27, owner_unit=unit)
    assert len(_xlsx_rows(_export(client))) == 1 + 27
    assert len(read_csv(_export(client, "csv"))) == 1 + 27


@pytest.mark.parametrize("fmt,read", [("xlsx", _xlsx_rows), ("csv", read_csv)])
def test_restricted_and_drafts_never_reach_a_visitor_or_another_unit(
    client, other_editor_client, registry, fmt, read
):
    anonymous = column(read(_export(client, fmt)), TITLE)
    assert anonymous == ["Chuyên đề “4 không”", "Camera giám sát an ninh"]
    other = column(read(_export(other_editor_client, fmt)), TITLE)
    assert "Mô hình nội bộ cụm" in other
    assert RESTRICTED not in other and "Bản nháp chưa công bố" not in other
    searched = column(read(_export(client, fmt, q="quyet thang")), TITLE)
    assert searched == []


def test_the_owner_units_member_exports_its_restricted_model(member_client, registry):
    rows = _xlsx_rows(_export(member_client))
    assert RESTRICTED in column(rows, TITLE)
    assert "Bản nháp chưa công bố" not in column(rows, TITLE)


def test_garbage_filters_are_ignored_as_the_list_ignores_them(client, registry):
    garbage = {"unit": "khong-ton-tai", "year": "abc", "sort": "x", "topic": "<b>", "page": "zz"}
    listed = client.get(reverse("model_list"), garbage).context["page"].object_list
    rows = read_csv(_export(client, "csv", **garbage))
    assert column(rows, TITLE) == [model.title for model in listed] != []


def test_an_export_past_the_cap_goes_back_to_the_list_with_the_reason(client, registry, settings):
    settings.EXPORT_MAX_ROWS = 1
    response = _export(client, topic="giao-thong")
    assert response.status_code == 302
    assert response["Location"] == reverse("model_list") + "?topic=giao-thong"
    (message,) = get_messages(response.wsgi_request)
    assert "2" in str(message) and message.level_tag == "error"
    settings.EXPORT_MAX_ROWS = 2
    assert len(_xlsx_rows(_export(client, topic="giao-thong"))) == 3


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("params", [{}, {"q": "mo hinh"}])
def test_export_queries_do_not_grow_with_rows(unit, fmt, params, django_assert_num_queries):
    editor = MembershipFactory(unit=unit, role=Role.EDITOR).user
    client = Client()
    client.force_login(editor)
    topic = TopicFactory()

    def export_with(rows):
        for model in ExemplaryModelFactory.create_batch(
            rows, title="Mô hình điểm", owner_unit=unit
        ):
            model.topics.add(topic)
            ReplicationFactory(exemplary_model=model)
        # The session, the user, whether a cluster admin, their roles and the units below,
        # the request's savepoint and release, the filter form's start years, the count, and
        # the rows from one cursor (topics and replications inside).
        with django_assert_num_queries(8):
            response = _export(client, fmt, **params)
        assert response.status_code == 200
        return response

    export_with(1)
    export_with(4)


def test_the_list_links_its_filters_to_both_exports(client, registry):
    html = client.get(reverse("model_list"), {"topic": "giao-thong", "page": "1"}).content.decode()
    for fmt in ("xlsx", "csv"):
        assert f'href="{reverse("model_export", args=[fmt])}?topic=giao-thong"' in html
