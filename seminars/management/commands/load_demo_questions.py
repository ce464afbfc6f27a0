"""Load demo questions and answers in the spirit of the article: units ask the units that run the
models ("Công an các đơn vị địa phương đã nêu nhiều câu hỏi với các đơn vị trực tiếp thực hiện mô
hình").

Needs ``load_demo`` and ``load_demo_seminar`` first (units, models, demo users, the seminar).
Idempotent: each question is found by its asker and a fixed token, each answer likewise, and
brought to the same text; what people did since (an acceptance, a lock, more answers, votes) is not
undone. The article gives neither the questions nor the answers: these are written for the demo,
say so, and state no figure. The times (during the seminar of 6 September of the demo year,
``DEMO_TERM_YEAR``, one two days later) are chosen for the demo. No email is sent; the owner
units' editors find a notice.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from emulation_cluster.models import Unit
from emulation_cluster.search.index import refresh
from models_registry.management.commands.load_demo import DEMO_TERM_YEAR
from models_registry.models import ExemplaryModel
from seminars.management.commands.load_demo_seminar import DEMO_SEMINAR_UID
from seminars.models import Seminar
from seminars.qa.counters import count_answers
from seminars.qa.models import Answer, Follow, Question, Vote
from seminars.qa.notifications import answer_posted, question_asked
from seminars.qa.permissions import can_answer_officially
from seminars.qa.posting import derived_state

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
DEMO_NOTE = "\n\n*Câu hỏi minh họa (dữ liệu demo): bài báo không nêu nội dung các câu hỏi.*"
DEMO_ANSWER_NOTE = "\n\n*Trả lời minh họa (dữ liệu demo): bài báo không nêu nội dung câu trả lời.*"


def _at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(DEMO_TERM_YEAR, 9, day, hour, minute, tzinfo=ZONE)


QUESTIONS = [
    {
        "key": "menh-lenh-01",
        "asker": "quantri.danang@demo.invalid",
        "asking_unit": "catp-da-nang",
        "model": "menh-lenh-01-tong-kiem-soat-hanh-chinh-ban-dem",
        "in_seminar": True,
        "asked_at": _at(6, 16, 20),
        "title": (
            "Lực lượng tổng kiểm soát hành chính ban đêm theo Mệnh lệnh 01 được tổ chức ra sao?"
        ),
        "body": (
            "CATP Đà Nẵng muốn tìm hiểu cách CATP Hà Nội tổ chức lực lượng tuần tra, kiểm tra, "
            "kiểm soát hành chính ban đêm theo Mệnh lệnh 01 (phân công giữa các đơn vị, thời "
            "gian, địa bàn trọng điểm) để nghiên cứu áp dụng tại địa phương." + DEMO_NOTE
        ),
        "answer": {
            "key": "menh-lenh-01-tra-loi",
            "author": "canbo.hanoi@demo.invalid",
            "answered_at": _at(6, 16, 45),
            "body": (
                "Mệnh lệnh 01 của Giám đốc CATP Hà Nội giao tổng kiểm soát hành chính ban đêm "
                "nhằm phòng ngừa tội phạm, vi phạm pháp luật; mô hình được đánh giá góp phần "
                "giảm tội phạm hình sự trên địa bàn Thủ đô. Cách bố trí lực lượng cụ thể xin "
                "trao đổi trực tiếp với đầu mối của CATP Hà Nội." + DEMO_ANSWER_NOTE
            ),
        },
        "voters": ["canbo.hcm@demo.invalid", "canbo.cantho@demo.invalid"],
    },
    {
        "key": "dien-dan-lang-nghe",
        "asker": "canbo.hcm@demo.invalid",
        "asking_unit": "catp-ho-chi-minh",
        "model": "dien-dan-cong-an-lang-nghe-y-kien-nhan-dan",
        "in_seminar": True,
        "asked_at": _at(6, 16, 25),
        "title": (
            "Diễn đàn “Công an lắng nghe ý kiến nhân dân” được tổ chức ở cấp nào, "
            "theo hình thức nào?"
        ),
        "body": (
            "CATP TP. Hồ Chí Minh muốn biết CATP Cần Thơ tổ chức diễn đàn ở cấp nào, thành phần "
            "tham dự gồm những ai, ý kiến của người dân được tiếp nhận và phản hồi ra sao trong "
            "chuyên đề xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc." + DEMO_NOTE
        ),
        "voters": ["quantri.danang@demo.invalid"],
    },
    {
        "key": "camera-xuan-ha",
        "asker": "canbo.cantho@demo.invalid",
        "asking_unit": "catp-can-tho",
        "model": "camera-giam-sat-an-ninh-xuan-ha",
        "in_seminar": True,
        "asked_at": _at(6, 16, 30),
        "title": "Camera giám sát an ninh ở phường Xuân Hà do ai theo dõi, khai thác hình ảnh?",
        "body": (
            "CATP Cần Thơ muốn hỏi Công an phường Xuân Hà: hình ảnh từ camera giám sát an ninh "
            "do lực lượng nào theo dõi, và việc khai thác hình ảnh phục vụ phòng ngừa tội phạm "
            "được phối hợp với người dân như thế nào." + DEMO_NOTE
        ),
        "voters": [],
    },
    {
        "key": "4-khong-phoi-hop",
        "asker": "canbo.hanoi@demo.invalid",
        "asking_unit": "catp-ha-noi",
        "model": "chuyen-de-4-khong",
        "in_seminar": False,
        "asked_at": _at(8, 9, 0),
        "title": "Phối hợp với Ban Trị sự Phật giáo Hòa Hảo trong chuyên đề “4 không” như thế nào?",
        "body": (
            "CATP Hà Nội muốn tìm hiểu cách CAQ Thốt Nốt phối hợp với Ban Trị sự Phật giáo Hòa "
            "Hảo trên địa bàn để thực hiện chuyên đề “4 không” (không tội phạm, không ma túy, "
            "không mại dâm, không vi phạm trật tự an toàn giao thông)." + DEMO_NOTE
        ),
        "voters": [],
    },
]


class Command(BaseCommand):
    help = (
        "Load demo questions and answers (idempotent; run load_demo and load_demo_seminar first)."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        users = {
            user.email: user
            for user in get_user_model().objects.filter(email__endswith="@demo.invalid")
        }
        units = {unit.slug: unit for unit in Unit.objects.all()}
        models = {
            model.slug: model
            for model in ExemplaryModel.objects.filter(slug__in=[q["model"] for q in QUESTIONS])
        }
        seminar = Seminar.objects.filter(uid=DEMO_SEMINAR_UID).first()
        if len(models) < len({q["model"] for q in QUESTIONS}) or seminar is None:
            raise CommandError(
                "Run `manage.py load_demo` and `manage.py load_demo_seminar` first: "
                "the models or the seminar are missing."
            )
        created = 0
        for spec in QUESTIONS:
            if spec["asker"] not in users:
                raise CommandError(f"The demo user {spec['asker']} is missing: run load_demo.")
            question, new = self._question(spec, users, units, models, seminar)
            created += new
            if "answer" in spec:
                self._answer(spec["answer"], question, users)
            for email in spec["voters"]:
                if email in users:
                    Vote.objects.get_or_create(question=question, voter=users[email])
            Question.objects.filter(pk=question.pk).update(vote_count=question.votes.count())
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo questions ready: {len(QUESTIONS)} ({created} new), in the seminar's thread "
                f"and on the models' pages."
            )
        )

    def _question(self, spec, users, units, models, seminar):
        author = users[spec["asker"]]
        token = f"demo:{spec['key']}"
        texts = {"title": spec["title"], "body": spec["body"]}
        question = Question.objects.filter(author=author, submission_token=token).first()
        if question is not None:
            changed = [name for name, value in texts.items() if getattr(question, name) != value]
            if changed:
                for name in changed:
                    setattr(question, name, texts[name])
                question.save(update_fields=changed)
            return question, False
        model = models[spec["model"]]
        question = Question.objects.create(
            exemplary_model=model,
            owner_unit=model.owner_unit,
            asking_unit=units[spec["asking_unit"]],
            seminar=seminar if spec["in_seminar"] else None,
            author=author,
            submission_token=token,
            is_demo=True,
            **texts,
        )
        Question.objects.filter(pk=question.pk).update(
            created_at=spec["asked_at"], updated_at=spec["asked_at"]
        )
        # The search document was written at the save with today's date (its date and year).
        refresh("question", [question.pk])
        Follow.objects.get_or_create(user=author, question=question)
        # The owner unit's editors are told as by the form: a notice and an email, queued in the
        # outbox (`make run`'s worker prints them in the terminal).
        question_asked(question, base_url=settings.PORTAL_URL)
        return question, True

    def _answer(self, spec, question, users):
        author = users.get(spec["author"])
        if author is None:
            return
        token = f"demo:{spec['key']}"
        answer = Answer.objects.filter(author=author, submission_token=token).first()
        if answer is not None:
            if answer.body != spec["body"]:
                answer.body = spec["body"]
                answer.save(update_fields=["body"])
            return
        official = can_answer_officially(author, question)
        answer = Answer.objects.create(
            question=question,
            author=author,
            body=spec["body"],
            submission_token=token,
            is_official=official,
            official_unit=question.owner_unit if official else None,
            made_official_at=spec["answered_at"] if official else None,
            made_official_by=author if official else None,
            is_demo=True,
        )
        Answer.objects.filter(pk=answer.pk).update(
            created_at=spec["answered_at"], updated_at=spec["answered_at"]
        )
        refresh("answer", [answer.pk])
        count_answers(question.pk)
        answer_posted(answer, base_url=settings.PORTAL_URL)  # as the form tells the asker
        if official:
            Question.objects.filter(pk=question.pk, first_official_answer_at__isnull=True).update(
                first_official_answer_at=spec["answered_at"]
            )
            question.refresh_from_db()
            state = derived_state(question, has_official_answer=True)
            Question.objects.filter(pk=question.pk).update(state=state)
