import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from models_registry.enums import ModelKind, ModelStatus, ReplicationState
from models_registry.models import Attachment, ExemplaryModel, Replication
from tests.factories import (
    DraftModelFactory,
    ExemplaryModelFactory,
    IndicatorFactory,
    PartnerFactory,
    ReplicationFactory,
    TopicFactory,
    UnitFactory,
)
from tests.pages import DENIED, NOT_FOUND, redirects, shows, to_login

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(name="huong-dan.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _model_form(unit, **overrides):
    data = {
        "title": "Tổ tự quản an ninh khu phố",
        "kind": ModelKind.MODEL,
        "owner_unit": unit.pk,
        "status": ModelStatus.PILOT,
        "started_on": "2024-03-01",
        "summary": "Người dân cùng công an phường giữ an ninh khu phố.",
        "problem": "Trộm cắp vặt ban đêm.",
        "how_it_works": "- Họp tổ hằng tháng\n- Tuần tra luân phiên",
        "contact_name": "Thiếu tá Trần Văn B",
        "visibility": "members",
        "indicators-TOTAL_FORMS": "1",
        "indicators-INITIAL_FORMS": "0",
        "indicators-MIN_NUM_FORMS": "0",
        "indicators-MAX_NUM_FORMS": "30",
        "indicators-0-name": "Số vụ trộm cắp",
        "indicators-0-unit_of_measure": "vụ",
        "indicators-0-baseline": "1.240",
        "indicators-0-result": "930,5",
        "indicators-0-period": "2024",
        "indicators-0-source": "Báo cáo của đơn vị",
    }
    data.update(overrides)
    return data


# --- list -------------------------------------------------------------------------------------


def test_list_shows_published_models_only(client):
    published = ExemplaryModelFactory(title="Camera giám sát an ninh")
    DraftModelFactory(title="Bản nháp bí mật")
    response = client.get(reverse("model_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert published.title in html
    assert "Bản nháp bí mật" not in html


def test_list_rows_show_owner_and_evidence_level(client):
    model = ExemplaryModelFactory()
    html = client.get(reverse("model_list")).content.decode()
    assert model.owner_unit.name in html
    assert "Tự báo cáo" in html


def test_list_filters_by_unit_topic_kind_status_and_year(client):
    topic = TopicFactory()
    match = ExemplaryModelFactory(
        title="Khớp",
        kind=ModelKind.INITIATIVE,
        status=ModelStatus.PILOT,
        started_on="2023-05-01",
    )
    match.topics.add(topic)
    ExemplaryModelFactory(title="Khác đơn vị")
    ExemplaryModelFactory(title="Khác loại", owner_unit=match.owner_unit)
    response = client.get(
        reverse("model_list"),
        {
            "unit": match.owner_unit.slug,
            "topic": topic.slug,
            "kind": "initiative",
            "status": "pilot",
            "year": "2023",
        },
    )
    assert [m.pk for m in response.context["page"].object_list] == [match.pk]


def test_list_ignores_bad_filter_values_and_says_so(client):
    model = ExemplaryModelFactory()
    response = client.get(
        reverse("model_list"), {"unit": "khong-ton-tai", "year": "abc", "sort": "x", "page": "zz"}
    )
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [model]
    assert response.context["form"].errors


def test_list_sorts_titles_in_vietnamese_order(client):
    for title in ["Hà Nội an toàn", "Đường phố văn minh", "Cần Thơ bình yên", "Dân vận khéo"]:
        ExemplaryModelFactory(title=title)
    response = client.get(reverse("model_list"), {"sort": "title"})
    titles = [m.title for m in response.context["page"].object_list]
    assert titles == ["Cần Thơ bình yên", "Dân vận khéo", "Đường phố văn minh", "Hà Nội an toàn"]


def test_list_paginates(client):
    ExemplaryModelFactory.create_batch(25)
    first = client.get(reverse("model_list"))
    second = client.get(reverse("model_list"), {"page": 2})
    assert len(first.context["page"].object_list) == 20
    assert len(second.context["page"].object_list) == 5
    assert "Trang 1 / 2" in first.content.decode() or "page=2" in first.content.decode()


def test_search_box_finds_models_without_diacritics(client):
    model = ExemplaryModelFactory(title="Mệnh lệnh 01 về tổng kiểm soát hành chính ban đêm")
    ExemplaryModelFactory(title="Camera giám sát")
    response = client.get(reverse("model_list"), {"q": "menh lenh 01"})
    assert [m.pk for m in response.context["page"].object_list] == [model.pk]
    assert "Mệnh lệnh 01" in response.content.decode()


# A visitor's list (9, no more than the 10 it was once allowed): the request's SAVEPOINT and
# RELEASE, the years for the filter, the count, the demo banner, the units and the topics of the
# filter form, the page of models and their topics. The home page: the cluster, its term, the demo
# banner, the count and the latest models with their topics, the member units.
@pytest.mark.parametrize(
    "url_name,params", [("model_list", {}), ("model_list", {"q": "mo hinh"}), ("home", {})]
)
def test_list_queries_do_not_grow_with_rows(client, url_name, params, django_assert_num_queries):
    def get_with(rows):
        ExemplaryModelFactory.create_batch(rows, title="Mô hình điểm")
        with django_assert_num_queries(9):
            response = client.get(reverse(url_name), params)
        assert response.status_code == 200
        assert "Mô hình điểm" in response.content.decode()

    get_with(1)
    get_with(3)


# --- detail -----------------------------------------------------------------------------------


@pytest.fixture
def full_model():
    model = ExemplaryModelFactory(
        title="Mệnh lệnh 01",
        problem="Tội phạm **ban đêm**.",
        results="Giảm tội phạm hình sự.",
        has_guide=True,
        contact_name="Trung tá Lê Văn C",
    )
    model.partners.add(PartnerFactory(name="Ban Trị sự Phật giáo Hòa Hảo"))
    IndicatorFactory(exemplary_model=model, baseline=1240, result=930.5)
    replication = ReplicationFactory(
        exemplary_model=model,
        adopting_unit=UnitFactory(name="Công an thành phố Hải Phòng"),
        state=ReplicationState.IN_USE,
        adaptations="Tuần tra kết hợp camera.",
    )
    IndicatorFactory(replication=replication, name="Số vụ cướp giật")
    return model


def test_detail_shows_every_section(client, full_model):
    response = client.get(full_model.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    for text in [
        "Mệnh lệnh 01",
        "Vấn đề",
        "<strong>ban đêm</strong>",
        "Ban Trị sự Phật giáo Hòa Hảo",
        "Trung tá Lê Văn C",
        "Công an thành phố Hải Phòng",
        "Tuần tra kết hợp camera.",
        "Số vụ cướp giật",
        "Chưa có mô tả",
    ]:
        assert text in html, text


def test_detail_indicator_table_uses_vietnamese_number_format(client, full_model):
    html = client.get(full_model.get_absolute_url()).content.decode()
    assert "1.240" in html
    assert "930,5" in html
    assert "-309,5" in html
    assert "-25,0%" in html


def test_detail_queries_are_constant(client, full_model, django_assert_num_queries):
    # 6: the request's SAVEPOINT and RELEASE, the model with its partners, topics and
    # attachments, its replications, the indicators of both, the demo banner.
    with django_assert_num_queries(6):
        response = client.get(full_model.get_absolute_url())
    assert response.status_code == 200 and "Mệnh lệnh 01" in response.content.decode()
    for _ in range(3):
        extra = ReplicationFactory(exemplary_model=full_model)
        IndicatorFactory(replication=extra)
        IndicatorFactory(exemplary_model=full_model)
        full_model.partners.add(PartnerFactory())
    with django_assert_num_queries(6):
        response = client.get(full_model.get_absolute_url())
    assert response.status_code == 200 and "Mệnh lệnh 01" in response.content.decode()


def test_unknown_slug_is_a_404_in_the_portal_style(client):
    response = client.get(reverse("model_detail", args=["khong-co"]))
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_draft_is_hidden_from_visitors_and_other_units(
    client, member_client, other_editor_client, unit
):
    draft = DraftModelFactory(owner_unit=unit)
    for reader in (client, other_editor_client, member_client):
        # A plain member of the owner unit reads published models, not drafts.
        html = shows(reader.get(draft.get_absolute_url()), 404, NOT_FOUND)
        assert draft.title not in html


def test_draft_is_visible_to_its_editors(editor_client, unit):
    draft = DraftModelFactory(owner_unit=unit)
    response = editor_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Bản nháp" in response.content.decode()


# --- create and edit --------------------------------------------------------------------------


def test_editor_creates_a_draft_with_indicators_and_an_attachment(editor_client, unit, editor):
    response = editor_client.post(
        reverse("model_create"),
        _model_form(unit, attachment_title="Hướng dẫn", attachment_file=_pdf()),
    )
    model = ExemplaryModel.objects.get(title="Tổ tự quản an ninh khu phố")
    assert response.status_code == 302
    assert response["Location"] == model.get_absolute_url()
    assert not model.is_published
    assert model.created_by == editor
    indicator = model.indicators.get()
    assert (indicator.baseline, indicator.result) == (1240, 930.5)
    attachment = model.attachments.get()
    assert attachment.original_name == "huong-dan.pdf"
    assert attachment.content_type == "application/pdf"


def test_missing_title_keeps_what_was_typed(editor_client, unit):
    response = editor_client.post(reverse("model_create"), _model_form(unit, title=""))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Trường này là bắt buộc." in html
    assert "Người dân cùng công an phường giữ an ninh khu phố." in html
    assert "Trộm cắp vặt ban đêm." in html
    assert not ExemplaryModel.objects.exists()


def test_oversize_fields_are_refused_beside_the_field(editor_client, unit):
    response = editor_client.post(
        reverse("model_create"), _model_form(unit, title="T" * 300, summary="x" * 2001)
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "title" in errors and "summary" in errors
    assert not ExemplaryModel.objects.exists()


def test_bad_figures_are_refused(editor_client, unit):
    response = editor_client.post(
        reverse("model_create"), _model_form(unit, **{"indicators-0-result": "nhiều"})
    )
    assert response.status_code == 400
    assert "Nhập một số." in response.content.decode()
    assert not ExemplaryModel.objects.exists()


@pytest.mark.parametrize(
    "upload,message",
    [
        (
            SimpleUploadedFile("virus.exe", b"MZ\x90\x00", "application/pdf"),
            "Không chấp nhận loại tệp",
        ),
        (SimpleUploadedFile("gia.pdf", b"MZ\x90\x00binary", "application/pdf"), "không khớp"),
        (SimpleUploadedFile("rong.pdf", b"", "application/pdf"), None),
    ],
)
def test_bad_attachment_is_refused_and_the_text_kept(editor_client, unit, upload, message):
    response = editor_client.post(
        reverse("model_create"),
        _model_form(unit, attachment_title="Tệp", attachment_file=upload),
    )
    html = response.content.decode()
    assert response.status_code == 400
    if message:
        assert message in html
    assert "Trộm cắp vặt ban đêm." in html
    assert not ExemplaryModel.objects.exists()
    assert not Attachment.objects.exists()


def test_oversize_attachment_is_refused_before_writing(editor_client, unit, settings, tmp_path):
    settings.ATTACHMENT_MAX_BYTES = 1024
    model = DraftModelFactory(owner_unit=unit)
    response = editor_client.post(
        reverse("attachment_create", args=[model.slug]),
        {"title": "Lớn", "file": _pdf(content=PDF + b"0" * 2048), "visibility": "members"},
    )
    assert response.status_code == 400
    assert "dung lượng tối đa" in response.content.decode()
    assert not Attachment.objects.exists()
    assert not (tmp_path / "media").exists()


def test_only_editors_of_a_unit_may_create(client, member_client):
    to_login(client.get(reverse("model_create")), reverse("model_create"))
    shows(member_client.get(reverse("model_create")), 403, DENIED)


def test_owner_unit_choices_are_the_editors_units(editor_client, unit, other_unit):
    response = editor_client.post(reverse("model_create"), _model_form(other_unit))
    assert response.status_code == 400
    assert "owner_unit" in response.context["form"].errors


def test_editor_of_another_unit_cannot_edit_or_publish(other_editor_client, unit):
    model = ExemplaryModelFactory(owner_unit=unit)
    draft = DraftModelFactory(owner_unit=unit)
    shows(other_editor_client.get(reverse("model_edit", args=[model.slug])), 403, DENIED)
    shows(other_editor_client.post(reverse("model_publish", args=[draft.slug])), 404, NOT_FOUND)
    draft.refresh_from_db()
    assert not draft.is_published


def test_editor_edits_and_publishes(editor_client, unit):
    draft = DraftModelFactory(owner_unit=unit)
    response = editor_client.post(
        reverse("model_edit", args=[draft.slug]), _model_form(unit, title="Tên mới")
    )
    redirects(response, draft.get_absolute_url())
    editor_client.post(reverse("model_publish", args=[draft.slug]))
    draft.refresh_from_db()
    assert draft.title == "Tên mới" and draft.is_published


def test_parent_unit_editor_may_edit_a_ward_model(editor_client, unit):
    ward = UnitFactory(kind="ward", parent=UnitFactory(kind="district", parent=unit))
    model = ExemplaryModelFactory(owner_unit=ward)
    response = editor_client.get(reverse("model_edit", args=[model.slug]))
    shows(response, 200, f"<h1>Chỉnh sửa: {model.title}</h1>")


def test_publish_needs_post(editor_client, unit):
    draft = DraftModelFactory(owner_unit=unit)
    response = editor_client.get(reverse("model_publish", args=[draft.slug]))
    assert response.status_code == 405 and response["Allow"] == "POST"
    draft.refresh_from_db()
    assert not draft.is_published


def test_only_cluster_admin_verifies(editor_client, cluster_admin_client, unit):
    model = ExemplaryModelFactory(owner_unit=unit)
    shows(editor_client.post(reverse("model_verify", args=[model.slug])), 403, DENIED)
    model.refresh_from_db()
    assert not model.is_verified
    response = cluster_admin_client.post(reverse("model_verify", args=[model.slug]))
    redirects(response, model.get_absolute_url())
    model.refresh_from_db()
    assert model.is_verified
    html = cluster_admin_client.get(model.get_absolute_url()).content.decode()
    assert "Được Cụm xác nhận" in html


# --- attachments ------------------------------------------------------------------------------


def test_attachment_download_checks_access(client, editor_client, unit):
    draft = DraftModelFactory(owner_unit=unit)
    editor_client.post(
        reverse("attachment_create", args=[draft.slug]),
        {"title": "Quy trình", "file": _pdf(), "visibility": "members"},
    )
    attachment = Attachment.objects.get()
    url = attachment.get_absolute_url()
    shows(client.get(url), 404, NOT_FOUND)
    response = editor_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "huong-dan.pdf" in response["Content-Disposition"]


def test_attachment_of_another_model_is_a_404(client):
    attachment_model = ExemplaryModelFactory()
    other = ExemplaryModelFactory()
    attachment = Attachment.objects.create(
        exemplary_model=attachment_model,
        title="x",
        file="attachments/x.pdf",
        original_name="x.pdf",
        kind="document",
        content_type="application/pdf",
        size=1,
    )
    url = reverse("attachment_download", args=[other.slug, attachment.pk])
    shows(client.get(url), 404, NOT_FOUND)
    # The row exists but its file is gone: a 404, not a crash.
    shows(client.get(attachment.get_absolute_url()), 404, NOT_FOUND)


# --- replication ------------------------------------------------------------------------------


def _replication_form(unit, **overrides):
    data = {
        "adopting_unit": unit.pk,
        "state": ReplicationState.IN_USE,
        "started_on": "2025-01-15",
        "adaptations": "Dùng camera sẵn có của phường.",
        "indicators-TOTAL_FORMS": "1",
        "indicators-INITIAL_FORMS": "0",
        "indicators-MIN_NUM_FORMS": "0",
        "indicators-MAX_NUM_FORMS": "30",
        "indicators-0-name": "Số vụ trộm",
        "indicators-0-baseline": "40",
        "indicators-0-result": "25",
    }
    data.update(overrides)
    return data


def test_another_unit_records_a_replication(other_editor_client, other_unit, unit):
    model = ExemplaryModelFactory(owner_unit=unit)
    response = other_editor_client.post(
        reverse("replication_create", args=[model.slug]), _replication_form(other_unit)
    )
    redirects(response, model.get_absolute_url())
    replication = Replication.objects.get()
    assert replication.adopting_unit == other_unit
    assert replication.indicators.get().result == 25
    html = other_editor_client.get(model.get_absolute_url()).content.decode()
    assert "Dùng camera sẵn có của phường." in html
    assert "Đã ghi nhận việc nhân rộng." in html


def test_owner_unit_cannot_record_replicating_itself(editor_client, unit):
    model = ExemplaryModelFactory(owner_unit=unit)
    shows(editor_client.get(reverse("replication_create", args=[model.slug])), 403, DENIED)


def test_a_unit_records_a_replication_once(other_editor_client, other_unit, unit):
    model = ExemplaryModelFactory(owner_unit=unit)
    ReplicationFactory(exemplary_model=model, adopting_unit=other_unit)
    response = other_editor_client.post(
        reverse("replication_create", args=[model.slug]), _replication_form(other_unit)
    )
    shows(
        response,
        400,
        "Vui lòng sửa các trường được đánh dấu dưới đây.",
        f"{other_unit.name} đã ghi nhận việc nhân rộng mô hình này.",
        "Dùng camera sẵn có của phường.",  # what was typed is kept
    )
    assert Replication.objects.count() == 1


def test_replication_of_a_draft_is_not_possible(other_editor_client, unit):
    draft = DraftModelFactory(owner_unit=unit)
    response = other_editor_client.get(reverse("replication_create", args=[draft.slug]))
    shows(response, 404, NOT_FOUND)


def test_adopting_unit_updates_its_replication(other_editor_client, editor_client, other_unit):
    replication = ReplicationFactory(adopting_unit=other_unit, state=ReplicationState.PILOT)
    url = reverse("replication_edit", args=[replication.exemplary_model.slug, replication.pk])
    shows(editor_client.get(url), 403, DENIED)
    response = other_editor_client.post(url, _replication_form(other_unit, state="dropped"))
    redirects(response, replication.exemplary_model.get_absolute_url())
    replication.refresh_from_db()
    assert replication.state == ReplicationState.DROPPED


def test_topic_filter_checks_and_lists_the_topics_from_one_reading(client):
    topic = TopicFactory(slug="giao-thong")
    TopicFactory(slug="an-ninh")
    on_topic, off_topic = ExemplaryModelFactory(), ExemplaryModelFactory()
    on_topic.topics.add(topic)
    url = reverse("model_list")
    client.get(url)
    with CaptureQueriesContext(connection) as unfiltered:
        client.get(url)
    with CaptureQueriesContext(connection) as filtered:
        html = client.get(url, {"topic": "giao-thong"}).content.decode()
    assert on_topic.title in html and off_topic.title not in html
    assert '<option value="giao-thong" selected>' in html and 'value="an-ninh"' in html
    assert len(filtered) == len(unfiltered)  # no second reading of the topics for the check
    # An unknown topic is reported beside the field and ignored.
    html = client.get(url, {"topic": "khong-co"}).content.decode()
    assert on_topic.title in html and off_topic.title in html
    assert 'aria-invalid="true"' in html or "errorlist" in html
