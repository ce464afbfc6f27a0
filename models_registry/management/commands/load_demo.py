"""Load the demo data: the cluster, its units and the six models of the source article.

Idempotent: every row is found by its slug (or email) and brought to the same state, so running
the command twice changes nothing. Nothing here invents a figure the article does not give.
"""

import datetime
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from emulation_cluster.enums import Role, UnitKind, Visibility
from emulation_cluster.models import Cluster, ClusterTerm, Membership, Partner, Unit
from models_registry.enums import ModelKind, ModelStatus
from models_registry.models import ExemplaryModel, Topic

DEMO_PASSWORD = "demo-cum1-2025"  # noqa: S105 - printed by `make run`, demo accounts only
# The article gives no year. It names district police (CAQ Thốt Nốt, CAQ Thanh Khê), dissolved on
# 1 March 2025, and CCCD cards, called "thẻ căn cước" from 1 July 2024: the demo takes a year in
# which both existed. A term of an earlier year still heads the home page and receives the
# escalations (``Cluster.current_term``: this year's term, else the latest before it).
DEMO_TERM_YEAR = 2023
SOURCE = (
    "\n\n*Nguồn: bài báo ANTD.VN “Nhân rộng nhiều cách làm hay trong công tác đảm bảo an ninh "
    "trật tự” về hội nghị tọa đàm của Cụm thi đua số 1 (dữ liệu minh họa).*"
)
PUBLISHED_AT = datetime.datetime(DEMO_TERM_YEAR, 9, 6, 14, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))

CITIES = [
    # slug, name, short name, city
    ("catp-ha-noi", "Công an thành phố Hà Nội", "CATP Hà Nội", "Hà Nội"),
    (
        "catp-ho-chi-minh",
        "Công an Thành phố Hồ Chí Minh",
        "CATP TP. Hồ Chí Minh",
        "TP. Hồ Chí Minh",
    ),
    ("catp-can-tho", "Công an thành phố Cần Thơ", "CATP Cần Thơ", "Cần Thơ"),
    ("catp-da-nang", "Công an thành phố Đà Nẵng", "CATP Đà Nẵng", "Đà Nẵng"),
    ("catp-hai-phong", "Công an thành phố Hải Phòng", "CATP Hải Phòng", "Hải Phòng"),
]
SUB_UNITS = [
    # slug, name, short name, kind, parent slug
    ("caq-thot-not", "Công an quận Thốt Nốt", "CAQ Thốt Nốt", UnitKind.DISTRICT, "catp-can-tho"),
    ("caq-thanh-khe", "Công an quận Thanh Khê", "CAQ Thanh Khê", UnitKind.DISTRICT, "catp-da-nang"),
    ("cap-xuan-ha", "Công an phường Xuân Hà", "CAP Xuân Hà", UnitKind.WARD, "caq-thanh-khe"),
    (
        "caq-binh-tan",
        "Công an quận Bình Tân",
        "CAQ Bình Tân",
        UnitKind.DISTRICT,
        "catp-ho-chi-minh",
    ),
    (
        "cap-14-binh-tan",
        "Công an phường 14, quận Bình Tân",
        "CAP 14",
        UnitKind.WARD,
        "caq-binh-tan",
    ),
]
TOPICS = [
    # slug, name, name in English
    ("trat-tu-an-toan-xa-hoi", "Trật tự an toàn xã hội", "Social order and safety"),
    ("phong-ngua-toi-pham", "Phòng ngừa tội phạm", "Crime prevention"),
    ("phong-chong-ma-tuy", "Phòng, chống ma túy", "Drug prevention and control"),
    ("trat-tu-an-toan-giao-thong", "Trật tự an toàn giao thông", "Traffic order and safety"),
    ("phuc-vu-nhan-dan", "Vì nhân dân phục vụ", "Serving the people"),
    (
        "toan-dan-bao-ve-antq",
        "Phong trào toàn dân bảo vệ an ninh Tổ quốc",
        "All people protecting national security",
    ),
    ("tuyen-truyen", "Tuyên truyền, giáo dục", "Outreach and education"),
    ("camera-giam-sat", "Camera giám sát", "Surveillance cameras"),
]
MODELS = [
    {
        "slug": "chuyen-de-4-khong",
        "title": "Chuyên đề “4 không”",
        "kind": ModelKind.THEMATIC,
        "owner": "caq-thot-not",
        "partners": ["ban-tri-su-phat-giao-hoa-hao"],
        "topics": ["trat-tu-an-toan-xa-hoi", "phong-chong-ma-tuy", "trat-tu-an-toan-giao-thong"],
        "summary": (
            "Chuyên đề “4 không”: không tội phạm, không ma túy, không mại dâm và không vi phạm "
            "trật tự an toàn giao thông, được phối hợp thực hiện giữa CAQ Thốt Nốt (TP Cần Thơ) "
            "và Ban Trị sự Phật giáo Hòa Hảo trên địa bàn."
        ),
        "how_it_works": (
            "Công an quận Thốt Nốt phối hợp với Ban Trị sự Phật giáo Hòa Hảo trên địa bàn thực "
            "hiện chuyên đề với bốn mục tiêu:\n\n- không tội phạm;\n- không ma túy;\n"
            "- không mại dâm;\n- không vi phạm trật tự an toàn giao thông."
        ),
    },
    {
        "slug": "menh-lenh-01-tong-kiem-soat-hanh-chinh-ban-dem",
        "title": "Mệnh lệnh 01 về tổng kiểm soát hành chính ban đêm",
        "kind": ModelKind.MODEL,
        "owner": "catp-ha-noi",
        "partners": [],
        "topics": ["phong-ngua-toi-pham", "trat-tu-an-toan-xa-hoi"],
        "summary": (
            "Mệnh lệnh 01 của Giám đốc CATP Hà Nội về tổng kiểm soát hành chính ban đêm để "
            "phòng ngừa tội phạm, vi phạm pháp luật."
        ),
        "how_it_works": (
            "Tuần tra, kiểm tra, kiểm soát hành chính ban đêm theo Mệnh lệnh 01 của Giám đốc "
            "CATP Hà Nội nhằm phòng ngừa tội phạm, vi phạm pháp luật."
        ),
        "results": (
            "Mệnh lệnh 01 về tuần tra kiểm tra hành chính ban đêm đã góp phần giảm tội phạm hình "
            "sự trên địa bàn Thủ đô. Bài báo không nêu số liệu cụ thể."
        ),
    },
    {
        "slug": "cap-cccd-cho-nguoi-co-hoan-canh-dac-biet",
        "title": "Cấp căn cước công dân cho người có hoàn cảnh đặc biệt",
        "kind": ModelKind.MODEL,
        "owner": "catp-ho-chi-minh",
        "partners": [],
        "topics": ["phuc-vu-nhan-dan"],
        "summary": (
            "Mô hình vì nhân dân phục vụ: cấp căn cước công dân (CCCD) cho người có hoàn cảnh "
            "đặc biệt trên địa bàn TP.HCM."
        ),
    },
    {
        "slug": "camera-giam-sat-an-ninh-xuan-ha",
        "title": "Camera giám sát an ninh",
        "kind": ModelKind.MODEL,
        "owner": "cap-xuan-ha",
        "partners": [],
        "topics": ["camera-giam-sat", "trat-tu-an-toan-xa-hoi"],
        "summary": (
            "Mô hình camera giám sát an ninh của Công an phường Xuân Hà, quận Thanh Khê, "
            "TP Đà Nẵng."
        ),
    },
    {
        "slug": "dien-dan-cong-an-lang-nghe-y-kien-nhan-dan",
        "title": "Diễn đàn “Công an lắng nghe ý kiến nhân dân”",
        "kind": ModelKind.MODEL,
        "owner": "catp-can-tho",
        "partners": [],
        "topics": ["toan-dan-bao-ve-antq"],
        "summary": (
            "Mô hình diễn đàn “Công an lắng nghe ý kiến nhân dân” của CATP Cần Thơ, thuộc "
            "chuyên đề xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc."
        ),
    },
    {
        "slug": "cai-tien-da-dang-hoa-tuyen-truyen-cap-14-binh-tan",
        "title": (
            "Cải tiến, đa dạng hóa hình thức, phương pháp tuyên truyền, giáo dục trong nhân dân"
        ),
        "kind": ModelKind.MODEL,
        "owner": "cap-14-binh-tan",
        "partners": [],
        "topics": ["tuyen-truyen", "phong-ngua-toi-pham", "trat-tu-an-toan-xa-hoi"],
        "summary": (
            "Mô hình cải tiến, đa dạng hóa các hình thức, phương pháp tuyên truyền, giáo dục "
            "trong nhân dân góp phần phòng ngừa, đấu tranh tội phạm, giữ gìn trật tự an toàn xã "
            "hội của Công an phường 14, quận Bình Tân, TP.HCM."
        ),
    },
]
USERS = [
    # email, full name, unit slug, role
    ("canbo.hanoi@demo.invalid", "Biên tập viên CATP Hà Nội", "catp-ha-noi", Role.EDITOR),
    (
        "canbo.hcm@demo.invalid",
        "Biên tập viên CATP TP. Hồ Chí Minh",
        "catp-ho-chi-minh",
        Role.EDITOR,
    ),
    ("canbo.cantho@demo.invalid", "Thành viên CATP Cần Thơ", "catp-can-tho", Role.MEMBER),
    ("tochuc.hanoi@demo.invalid", "Tổ chức hội nghị CATP Hà Nội", "catp-ha-noi", Role.ORGANIZER),
    ("quantri.danang@demo.invalid", "Quản trị CATP Đà Nẵng", "catp-da-nang", Role.ADMIN),
    # The head unit's administrator reviews the year's award nominations.
    ("quantri.cantho@demo.invalid", "Quản trị CATP Cần Thơ", "catp-can-tho", Role.ADMIN),
    # Every member unit has someone who replies to seminar invitations for it.
    ("tochuc.cantho@demo.invalid", "Tổ chức hội nghị CATP Cần Thơ", "catp-can-tho", Role.ORGANIZER),
    (
        "tochuc.haiphong@demo.invalid",
        "Tổ chức hội nghị CATP Hải Phòng",
        "catp-hai-phong",
        Role.ORGANIZER,
    ),
    (
        "tochuc.hcm@demo.invalid",
        "Tổ chức hội nghị CATP TP. Hồ Chí Minh",
        "catp-ho-chi-minh",
        Role.ORGANIZER,
    ),
]
CLUSTER_ADMIN = ("quantri.cum@demo.invalid", "Quản trị Cụm thi đua số 1")
DEMO_LOGIN = USERS[0][0]


def upsert(model_class, lookup: dict, values: dict, on_create: dict | None = None):
    """Find the row by ``lookup`` and bring it to ``values``, saving only what differs.

    Unlike ``update_or_create``, an unchanged row is not saved again, so a second run of the
    command leaves every ``updated_at`` as it was.
    """
    row = model_class.objects.filter(**lookup).first()
    if row is None:
        return model_class.objects.create(**lookup, **values, **(on_create or {}))
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    if changed:
        for name in changed:
            setattr(row, name, values[name])
        row.save()
    return row


class Command(BaseCommand):
    help = "Load the demo cluster, units, models and users (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        cluster = upsert(
            Cluster,
            {"slug": "cum-thi-dua-so-1"},
            {
                "name": "Cụm thi đua số 1 Bộ Công an",
                "short_name": "Cụm thi đua số 1",
                "description": (
                    "Năm đơn vị Công an các thành phố trực thuộc Trung ương, luôn đi đầu trong "
                    "phong trào thi đua “Vì an ninh Tổ quốc”."
                ),
                "is_demo": True,
            },
        )
        units = {}
        for slug, name, short_name, city in CITIES:
            units[slug] = upsert(
                Unit,
                {"slug": slug},
                {
                    "name": name,
                    "short_name": short_name,
                    "kind": UnitKind.CITY,
                    "cluster": cluster,
                    "city": city,
                    "parent": None,
                    "is_demo": True,
                },
            )
        for slug, name, short_name, kind, parent in SUB_UNITS:
            units[slug] = upsert(
                Unit,
                {"slug": slug},
                {
                    "name": name,
                    "short_name": short_name,
                    "kind": kind,
                    "cluster": cluster,
                    "city": units[parent].city,
                    "parent": units[parent],
                    "is_demo": True,
                },
            )
        partner = upsert(
            Partner,
            {"slug": "ban-tri-su-phat-giao-hoa-hao"},
            {
                "name": "Ban Trị sự Phật giáo Hòa Hảo (Thốt Nốt)",
                "city": "Cần Thơ",
                "is_demo": True,
            },
        )
        term = upsert(
            ClusterTerm,
            {"cluster": cluster, "year": DEMO_TERM_YEAR},
            {"head_unit": units["catp-can-tho"], "deputy_unit": None, "is_demo": True},
        )
        term.member_units.set([units[slug] for slug, *_rest in CITIES])
        # A demo term of another year comes from an older demo: it would pass for the current one.
        ClusterTerm.objects.filter(cluster=cluster, is_demo=True).exclude(
            year=DEMO_TERM_YEAR
        ).delete()
        topics = {}
        for slug, name, name_en in TOPICS:
            values = {"name": name, "name_en": name_en, "is_demo": True}
            topics[slug] = upsert(Topic, {"slug": slug}, values)
        partners = {partner.slug: partner}
        for spec in MODELS:
            self._load_model(spec, units, topics, partners)
        self._load_users(cluster, units)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(CITIES)} member units, {len(MODELS)} models. "
                f"Demo login: {DEMO_LOGIN} / {DEMO_PASSWORD}"
            )
        )

    def _load_model(self, spec, units, topics, partners):
        defaults = {
            "title": spec["title"],
            "kind": spec["kind"],
            "owner_unit": units[spec["owner"]],
            "status": ModelStatus.OPERATING,
            "summary": spec["summary"],
            "how_it_works": spec.get("how_it_works", ""),
            "results": spec.get("results", "") and spec["results"] + SOURCE,
            # The article is a public news story: its models are public.
            "visibility": Visibility.PUBLIC,
            "is_demo": True,
        }
        # Published when first loaded; an owner who took it back to draft since is not overruled.
        exemplary_model = upsert(
            ExemplaryModel,
            {"slug": spec["slug"]},
            defaults,
            on_create={"published_at": PUBLISHED_AT},
        )
        exemplary_model.topics.set([topics[slug] for slug in spec["topics"]])
        exemplary_model.partners.set([partners[slug] for slug in spec["partners"]])

    def _load_users(self, cluster, units):
        user_model = get_user_model()
        for email, full_name, unit_slug, role in [*USERS, (*CLUSTER_ADMIN, None, None)]:
            user = user_model.objects.filter(email=email).first()
            if user is None:
                user = user_model(username=email, email=email)
                user.set_password(DEMO_PASSWORD)
            user.first_name, user.last_name = full_name, "(demo)"
            user.save()
            self._verified_email(user)
            if unit_slug:
                upsert(Membership, {"user": user, "unit": units[unit_slug]}, {"role": role})
            else:
                cluster.administrators.add(user)

    @staticmethod
    def _verified_email(user):
        upsert(
            EmailAddress, {"user": user, "email": user.email}, {"verified": True, "primary": True}
        )
