"""Load the article's seminar: 6 September (of ``DEMO_TERM_YEAR``, 2023), hosted by CATP Hà Nội.

Needs ``load_demo`` first (the units, the six models and the demo users). Idempotent like it: the
seminar is found by a fixed UID, its agenda items by position, its invitations by unit, and each
is brought to the same state, so a second run changes nothing. What an organizer did since (the
status, the minutes, lessons and solutions) is not overruled.

Only the article's facts are used: the date ("chiều 6-9"), the host, the opening speech by Đại tá
Nguyễn Văn Thuận (CATP Cần Thơ, cluster head), the chair Thiếu tướng Đào Thanh Hải (CATP Hà Nội)
and the six models presented. The year, the hours, the venue's wording and the agenda's times are
chosen for the demo, and the seminar's description says so.
"""

import datetime
import uuid
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from emulation_cluster.models import Unit
from models_registry.management.commands.load_demo import DEMO_TERM_YEAR, MODELS, USERS, upsert
from models_registry.models import ExemplaryModel
from seminars.enums import AgendaItemKind, Attendance, SeminarStatus
from seminars.models import AgendaItem, Seminar, SeminarInvitation

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
DEMO_SEMINAR_UID = uuid.uuid5(uuid.NAMESPACE_URL, "demo:cum-thi-dua-so-1/hoi-nghi-toa-dam/06-09")
HOST = "catp-ha-noi"
INVITED = ["catp-ha-noi", "catp-ho-chi-minh", "catp-can-tho", "catp-da-nang", "catp-hai-phong"]
# Units the article shows taking part (the host, the head unit that opened, and the cities whose
# models were presented); it says nothing of Hải Phòng's delegation, so none is recorded.
PRESENT = ["catp-ha-noi", "catp-ho-chi-minh", "catp-can-tho", "catp-da-nang"]
ORGANIZER_EMAIL = next(email for email, _n, _u, role in USERS if role == "organizer")


def _at(hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(DEMO_TERM_YEAR, 9, 6, hour, minute, tzinfo=ZONE)


TITLE = (
    "Hội nghị tọa đàm trao đổi kinh nghiệm về các mô hình, chuyên đề tiêu biểu trong phong trào "
    "thi đua “Vì an ninh Tổ quốc”"
)
DESCRIPTION = (
    "CATP Hà Nội đăng cai tổ chức hội nghị tọa đàm, trao đổi kinh nghiệm về các mô hình, chuyên "
    "đề công tác tiêu biểu và những sáng kiến, sáng tạo trong tổ chức, thực hiện phong trào thi "
    "đua “Vì an ninh Tổ quốc” của Cụm thi đua số 1 Bộ Công an.\n\n"
    "*Dữ liệu minh họa, dựng từ bài báo ANTD.VN “Nhân rộng nhiều cách làm hay trong công tác đảm "
    f"bảo an ninh trật tự”. Bài báo chỉ nói “chiều 6-9”: năm {DEMO_TERM_YEAR}, giờ bắt đầu và "
    "kết thúc, cách ghi địa điểm và giờ của từng mục trong chương trình được chọn cho bản minh "
    "họa.*"
)
VENUE = "Hà Nội — CATP Hà Nội đăng cai (bài báo không nêu địa điểm cụ thể)"
CHAIR = "Thiếu tướng Đào Thanh Hải, Phó Bí thư Đảng ủy, Phó Giám đốc CATP Hà Nội"
MINUTES = (
    "Phát biểu khai mạc, Đại tá Nguyễn Văn Thuận, Phó Giám đốc CATP Cần Thơ, đơn vị Cụm trưởng "
    "Cụm thi đua số 1, nêu rõ: trong những năm qua, lực lượng Công an 5 thành phố đã có nhiều mô "
    "hình, cách làm hay trong phong trào thi đua Vì An ninh Tổ quốc; việc trao đổi, học hỏi những "
    "mô hình, chuyên đề tiêu biểu có ý nghĩa hết sức thiết thực.\n\n"
    "Dưới sự điều hành của Thiếu tướng Đào Thanh Hải, Phó Bí thư Đảng ủy, Phó Giám đốc CATP Hà "
    "Nội, đại diện Công an các thành phố đã giới thiệu và trao đổi kinh nghiệm về những mô hình, "
    "chuyên đề tiêu biểu (xem chương trình).\n\n"
    "Các đơn vị đã thảo luận, đóng góp nhiều ý kiến, rút ra nhiều bài học kinh nghiệm và đề ra "
    "những giải pháp, biện pháp nhằm nâng cao hiệu quả công tác.\n\n"
    "*Tóm tắt theo bài báo (dữ liệu minh họa): bài báo không nêu nội dung cụ thể của các bài học "
    "và giải pháp.*"
)
QUESTIONS = (
    "Công an các đơn vị địa phương đã nêu nhiều câu hỏi với các đơn vị trực tiếp thực hiện mô "
    "hình, qua đó tìm hiểu, học tập kinh nghiệm thực tiễn để nghiên cứu áp dụng với địa phương.\n\n"
    "*Bài báo không nêu cụ thể các câu hỏi và câu trả lời (dữ liệu minh họa).*"
)


def _agenda():
    """(start, kind, title, presenting unit slug, speaker, model slug) in the article's order."""
    items = [
        (
            _at(14),
            AgendaItemKind.OPENING,
            "Phát biểu khai mạc hội nghị",
            "catp-can-tho",
            "Đại tá Nguyễn Văn Thuận, Phó Giám đốc CATP Cần Thơ (đơn vị Cụm trưởng)",
            None,
        )
    ]
    for index, spec in enumerate(MODELS):
        items.append(
            (
                _at(14, 15) + datetime.timedelta(minutes=20 * index),
                AgendaItemKind.PRESENTATION,
                spec["title"],
                spec["owner"],
                "",
                spec["slug"],
            )
        )
    items.append(
        (
            _at(16, 15),
            AgendaItemKind.QUESTIONS,
            "Tọa đàm, trao đổi: các đơn vị nêu câu hỏi với đơn vị thực hiện mô hình",
            HOST,
            f"{CHAIR} (chủ trì)",
            None,
        )
    )
    return items


class Command(BaseCommand):
    help = "Load the demo seminar of 6 September (idempotent; run load_demo first)."

    @transaction.atomic
    def handle(self, *args, **options):
        units = {unit.slug: unit for unit in Unit.objects.filter(slug__in=[*INVITED, *_slugs()])}
        models = {
            model.slug: model
            for model in ExemplaryModel.objects.filter(slug__in=[s["slug"] for s in MODELS])
        }
        if HOST not in units or len(models) < len(MODELS) or units[HOST].cluster_id is None:
            raise CommandError("Run `manage.py load_demo` first: the units and models are missing.")
        organizer = get_user_model().objects.filter(email=ORGANIZER_EMAIL).first()
        seminar = upsert(
            Seminar,
            {"uid": DEMO_SEMINAR_UID},
            {
                "title": TITLE,
                "cluster_id": units[HOST].cluster_id,
                "host_unit": units[HOST],
                "starts_at": _at(14),
                "ends_at": _at(17),
                "venue": VENUE,
                "online_url": "",
                "chair_name": CHAIR,
                "description": DESCRIPTION,
                "reply_deadline": None,
                "is_demo": True,
            },
            # The seminar took place: it is held, with the article's account as its minutes. An
            # organizer may record lessons and close it; a second run does not undo that.
            on_create={
                "status": SeminarStatus.HELD,
                "minutes": MINUTES,
                "questions_and_answers": QUESTIONS,
                "created_by": organizer,
            },
        )
        for position, (starts_at, kind, title, unit_slug, speaker, model_slug) in enumerate(
            _agenda(), start=1
        ):
            upsert(
                AgendaItem,
                {"seminar": seminar, "position": position},
                {
                    "starts_at": starts_at,
                    "kind": kind,
                    "title": title,
                    "presenting_unit": units[unit_slug],
                    "speaker": speaker,
                    "exemplary_model": models[model_slug] if model_slug else None,
                    "is_guest_presentation": False,
                },
            )
        AgendaItem.objects.filter(seminar=seminar, position__gt=len(_agenda())).delete()
        for slug in INVITED:
            upsert(
                SeminarInvitation,
                {"seminar": seminar, "unit": units[slug]},
                {},
                on_create={"attendance": Attendance.PRESENT if slug in PRESENT else ""},
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo seminar ready: “{seminar.title}”, {len(_agenda())} agenda items, "
                f"{len(INVITED)} units invited. Organizer: {ORGANIZER_EMAIL}"
            )
        )


def _slugs():
    return [spec["owner"] for spec in MODELS]
