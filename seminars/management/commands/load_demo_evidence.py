"""Load the demo's evidence: replications, illustrative figures, more answered questions, and
award nominations, so that the charts and the award pages have something to show.

Needs ``load_demo``, ``load_demo_seminar`` and ``load_demo_questions`` first. Idempotent like them:
each replication is found by its model and unit, each figure by its name, each question and
answer by its author and a fixed token, each nomination by its model and year, and brought to the
same state; a second run changes nothing, and what people did since is not undone. The questions
and answers tell their people as ``load_demo_questions``'s do; the nominations, like the rest of
the demo, write no audit entry and tell nobody: nobody took these steps.

The article gives no figure and names no replication: it says that units presented their models
so that others could "study and apply them in their locality", and that Mệnh lệnh 01 "contributed
to reducing criminal offences". So every replication here says it is illustrative demo data, every
figure's name says it is an illustrative demo value (not a real figure), and every text says the
article does not give it. The dates (after the seminar of 6 September of ``DEMO_TERM_YEAR``) are
chosen for the demo.
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from emulation_cluster.models import ClusterTerm, Unit
from models_registry.enums import ReplicationState
from models_registry.management.commands.load_demo import DEMO_TERM_YEAR, upsert
from models_registry.models import ExemplaryModel, Indicator, Replication
from seminars.awards.enums import NominationState
from seminars.awards.models import Nomination
from seminars.management.commands import load_demo_questions
from seminars.management.commands.load_demo_seminar import DEMO_SEMINAR_UID
from seminars.models import Seminar

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
# Said in every figure's name: the value is made up for the demo.
ILLUSTRATIVE = " — giá trị minh họa (demo), không phải số liệu thật"
FIGURE_SOURCE = "Dữ liệu demo: bài báo không nêu số liệu"
FIGURE_PERIOD = "Minh họa"
REPLICATION_NOTE = (
    "*Nhân rộng minh họa (dữ liệu demo): bài báo chỉ nói các đơn vị trao đổi mô hình để "
    "“nghiên cứu áp dụng với địa phương”, không nêu đơn vị nào đã áp dụng.*"
)
NOMINATION_NOTE = "\n\n*Đề cử minh họa (dữ liệu demo), dựng từ bài báo ANTD.VN.*"

MENH_LENH = "menh-lenh-01-tong-kiem-soat-hanh-chinh-ban-dem"
CAMERA = "camera-giam-sat-an-ninh-xuan-ha"
BON_KHONG = "chuyen-de-4-khong"
CCCD = "cap-cccd-cho-nguoi-co-hoan-canh-dac-biet"
DIEN_DAN = "dien-dan-cong-an-lang-nghe-y-kien-nhan-dan"
TUYEN_TRUYEN = "cai-tien-da-dang-hoa-tuyen-truyen-cap-14-binh-tan"


def _figure(name, unit, baseline, result):
    return {"name": name + ILLUSTRATIVE, "unit": unit, "baseline": baseline, "result": result}


# The models' own figures: three of the six, so the evidence map also lists models without any.
MODEL_FIGURES = {
    MENH_LENH: [_figure("Số vụ phạm pháp hình sự trên địa bàn", "vụ", 100, 80)],
    CAMERA: [_figure("Số camera giám sát an ninh lắp đặt", "camera", 0, 40)],
    TUYEN_TRUYEN: [_figure("Số buổi tuyên truyền, giáo dục trong nhân dân", "buổi", 12, 30)],
}
# model, adopting unit, state, start (month, day of DEMO_TERM_YEAR + offset year), figures
REPLICATIONS = [
    (MENH_LENH, "catp-da-nang", ReplicationState.IN_USE, (0, 10, 1),
     [_figure("Số vụ phạm pháp hình sự trên địa bàn thí điểm", "vụ", 50, 42)]),
    (MENH_LENH, "catp-hai-phong", ReplicationState.IN_USE, (0, 11, 15),
     [_figure("Số vụ phạm pháp hình sự trên địa bàn thí điểm", "vụ", 60, 51)]),
    (CAMERA, "catp-can-tho", ReplicationState.PILOT, (0, 12, 1),
     [_figure("Số camera giám sát an ninh lắp đặt", "camera", 0, 12)]),
    (CAMERA, "catp-hai-phong", ReplicationState.IN_USE, (1, 2, 1), []),
    (DIEN_DAN, "catp-ho-chi-minh", ReplicationState.PLANNED, (1, 3, 1), []),
    (BON_KHONG, "catp-ha-noi", ReplicationState.PLANNED, (1, 4, 1), []),
    (CCCD, "catp-can-tho", ReplicationState.IN_USE, (1, 5, 1),
     [_figure("Số người có hoàn cảnh đặc biệt được cấp căn cước", "người", 0, 30)]),
]  # fmt: skip


def _at(month: int, day: int, hour: int) -> datetime.datetime:
    return datetime.datetime(DEMO_TERM_YEAR, month, day, hour, 0, tzinfo=ZONE)


NOTE = load_demo_questions.DEMO_NOTE
ANSWER_NOTE = load_demo_questions.DEMO_ANSWER_NOTE
# More questions, answered officially, in the same spirit as ``load_demo_questions``'s.
QUESTIONS = [
    {
        "key": "cccd-hai-phong",
        "asker": "tochuc.haiphong@demo.invalid",
        "asking_unit": "catp-hai-phong",
        "model": CCCD,
        "in_seminar": False,
        "asked_at": _at(9, 11, 9),
        "title": "Cấp căn cước cho người có hoàn cảnh đặc biệt: đơn vị tiếp nhận hồ sơ ra sao?",
        "body": (
            "CATP Hải Phòng muốn tìm hiểu cách CATP TP. Hồ Chí Minh tiếp nhận hồ sơ cấp căn cước "
            "công dân cho người có hoàn cảnh đặc biệt trên địa bàn." + NOTE
        ),
        "answer": {
            "key": "cccd-hai-phong-tra-loi",
            "author": "canbo.hcm@demo.invalid",
            "answered_at": _at(9, 13, 15),
            "body": (
                "CATP TP. Hồ Chí Minh thực hiện mô hình vì nhân dân phục vụ này trên địa bàn; "
                "xin trao đổi cách làm cụ thể với đầu mối của đơn vị." + ANSWER_NOTE
            ),
        },
        "voters": [],
    },
    {
        "key": "tuyen-truyen-ha-noi",
        "asker": "canbo.hanoi@demo.invalid",
        "asking_unit": "catp-ha-noi",
        "model": TUYEN_TRUYEN,
        "in_seminar": False,
        "asked_at": _at(9, 12, 10),
        "title": "Những hình thức tuyên truyền nào Công an phường 14 đã đa dạng hóa?",
        "body": (
            "CATP Hà Nội muốn biết Công an phường 14, quận Bình Tân đã cải tiến, đa dạng hóa "
            "những hình thức, phương pháp tuyên truyền nào trong nhân dân." + NOTE
        ),
        "answer": {
            "key": "tuyen-truyen-ha-noi-tra-loi",
            "author": "canbo.hcm@demo.invalid",
            "answered_at": _at(9, 18, 14),
            "body": (
                "Mô hình góp phần phòng ngừa, đấu tranh tội phạm, giữ gìn trật tự an toàn xã "
                "hội trên địa bàn phường; xin gửi tài liệu giới thiệu qua đầu mối." + ANSWER_NOTE
            ),
        },
        "voters": ["canbo.cantho@demo.invalid"],
    },
    {
        "key": "camera-tra-loi-can-tho",
        "asker": "tochuc.cantho@demo.invalid",
        "asking_unit": "catp-can-tho",
        "model": CAMERA,
        "in_seminar": False,
        "asked_at": _at(9, 15, 8),
        "title": "Camera giám sát an ninh ở Xuân Hà được lắp đặt theo trình tự nào?",
        "body": (
            "CATP Cần Thơ đang nghiên cứu áp dụng mô hình camera giám sát an ninh và muốn biết "
            "trình tự triển khai tại phường Xuân Hà." + NOTE
        ),
        "answer": {
            "key": "camera-tra-loi-can-tho-tra-loi",
            "author": "quantri.danang@demo.invalid",
            "answered_at": _at(9, 20, 10),
            "body": (
                "Công an phường Xuân Hà, quận Thanh Khê triển khai mô hình camera giám sát an "
                "ninh trên địa bàn; CATP Đà Nẵng xin trao đổi trực tiếp các bước." + ANSWER_NOTE
            ),
        },
        "voters": [],
    },
]
NOMINATIONS = [
    {
        "model": MENH_LENH,
        "state": NominationState.ACCEPTED,
        "statement": (
            "Mệnh lệnh 01 của Giám đốc CATP Hà Nội về tổng kiểm soát hành chính ban đêm để "
            "phòng ngừa tội phạm, vi phạm pháp luật đã góp phần giảm tội phạm hình sự trên địa "
            "bàn Thủ đô, và được giới thiệu tại hội nghị tọa đàm của Cụm." + NOMINATION_NOTE
        ),
        "reviewer": "quantri.cantho@demo.invalid",
        "reason": "Đủ căn cứ: mô hình đã được nhân rộng và có kết quả (dữ liệu minh họa).",
    },
    {
        "model": CCCD,
        "state": NominationState.SUBMITTED,
        "statement": (
            "Mô hình vì nhân dân phục vụ: cấp căn cước công dân cho người có hoàn cảnh đặc biệt "
            "trên địa bàn TP.HCM, được giới thiệu tại hội nghị tọa đàm của Cụm." + NOMINATION_NOTE
        ),
    },
]


class Command(BaseCommand):
    help = (
        "Load demo replications, illustrative figures, answered questions and award "
        "nominations (idempotent; run the other demo loaders first)."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        models = {m.slug: m for m in ExemplaryModel.objects.select_related("owner_unit")}
        units = {unit.slug: unit for unit in Unit.objects.all()}
        users = {
            u.email: u for u in get_user_model().objects.filter(email__endswith="@demo.invalid")
        }
        term = ClusterTerm.objects.filter(year=DEMO_TERM_YEAR, is_demo=True).first()
        seminar = Seminar.objects.filter(uid=DEMO_SEMINAR_UID).first()
        if term is None or seminar is None or MENH_LENH not in models:
            raise CommandError("Run load_demo, load_demo_seminar and load_demo_questions first.")
        for slug, figures in MODEL_FIGURES.items():
            self._figures(figures, exemplary_model=models[slug])
        for slug, unit_slug, state, (years, month, day), figures in REPLICATIONS:
            start = datetime.date(DEMO_TERM_YEAR + years, month, day)
            replication = upsert(
                Replication,
                {"exemplary_model": models[slug], "adopting_unit": units[unit_slug]},
                {"state": state, "started_on": start, "adaptations": REPLICATION_NOTE},
                on_create={"is_demo": True},
            )
            self._figures(figures, replication=replication)
        asking = load_demo_questions.Command(stdout=self.stdout)
        for spec in QUESTIONS:
            question, _new = asking._question(spec, users, units, models, seminar)
            asking._answer(spec["answer"], question, users)
        for spec in NOMINATIONS:
            self._nomination(spec, models[spec["model"]], term, users)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo evidence ready: {len(REPLICATIONS)} replications, "
                f"{len(QUESTIONS)} more questions, {len(NOMINATIONS)} award nominations "
                "(illustrative values, marked as demo)."
            )
        )

    @staticmethod
    def _figures(figures, **owner):
        for position, figure in enumerate(figures):
            upsert(
                Indicator,
                {**owner, "name": figure["name"]},
                {
                    "unit_of_measure": figure["unit"],
                    "baseline": Decimal(figure["baseline"]),
                    "result": Decimal(figure["result"]),
                    "period": FIGURE_PERIOD,
                    "source": FIGURE_SOURCE,
                    "position": position,
                },
            )

    @staticmethod
    def _nomination(spec, exemplary_model, term, users):
        if Nomination.objects.filter(exemplary_model=exemplary_model, year=term.year).exists():
            return  # what reviewers did since is not undone
        sent = _at(10, 2, 9)
        reviewer = users.get(spec.get("reviewer", ""))
        decided = spec["state"] != NominationState.SUBMITTED
        # Like the other demo loaders, no audit entry: nobody took these steps.
        Nomination.objects.create(
            exemplary_model=exemplary_model,
            nominating_unit=exemplary_model.owner_unit,
            cluster=term.cluster,
            year=term.year,
            statement=spec["statement"],
            state=spec["state"],
            reason=spec.get("reason", ""),
            submitted_at=sent,
            reviewed_by=reviewer if decided else None,
            reviewed_at=_at(10, 20, 15) if decided else None,
            is_demo=True,
        )
