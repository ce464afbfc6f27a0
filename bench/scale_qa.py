"""Seminars and the Q&A threads at the scale of issue 15: 400,000 questions, 600,000 answers,
1,200,000 votes, the comments, follows and notices they bring; one thread of 401 answers.

Questions go through ``Question.save()``'s own filling (``scale_copy``); the state, counters and
first official answer are set as the services set them (``posting.derived_state``)."""

from datetime import UTC, datetime, timedelta

from bench.common import PHRASES, paragraph, sentence

FIRST_ASKED = datetime(2021, 1, 1, 7, 0, tzinfo=UTC)
ASKING_SPAN_MINUTES = 5 * 365 * 24 * 60
CHUNK = 20_000
BIG_THREAD_ANSWERS = 401
HANOI_QUESTION_SHARE = 0.35
SEMINAR_SHARE = 0.05
BIG_SEMINAR_QUESTIONS = 2_000
ANSWER_COUNTS = (0, 1, 2, 3, 4)
ANSWER_WEIGHTS = (30, 25, 20, 15, 10)  # 1.5 answers a question on average


def answer_body(rng):
    """Markdown as people write it: a bold lead, a paragraph, sometimes a list."""
    body = f"**{sentence(rng, 4)}** {paragraph(rng, rng.randint(1, 2))}"
    if rng.random() < 0.4:
        body += "\n\n" + "\n".join(f"- {sentence(rng, 6)}" for _ in range(rng.randint(2, 4)))
    return body


def seed_seminars(rng, count: int):
    """``count`` seminars hosted by the cities in turn, one a fortnight, the last five ahead;
    the four other cities and ten districts invited to each, with agendas."""
    from bench.scale_copy import CopyWriter
    from emulation_cluster.enums import UnitKind
    from emulation_cluster.models import Cluster, Unit
    from seminars.enums import AgendaItemKind, Reply, SeminarStatus
    from seminars.models import AgendaItem, Seminar, SeminarInvitation

    cluster = Cluster.objects.get(slug="cum-thi-dua-so-1")
    cities = list(Unit.objects.filter(kind=UnitKind.CITY).order_by("id"))
    districts = list(Unit.objects.filter(kind=UnitKind.DISTRICT).order_by("id"))
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    seminars, invitations = CopyWriter(Seminar), CopyWriter(SeminarInvitation)
    agenda = CopyWriter(AgendaItem)
    seminar_rows, invitation_rows = [], []
    for number in range(count):
        starts = now + timedelta(days=14 * (number - count + 6))
        status = (
            SeminarStatus.SCHEDULED
            if starts > now
            else rng.choice([SeminarStatus.HELD, SeminarStatus.CLOSED])
        )
        host = cities[number % len(cities)]
        seminar = Seminar(
            id=seminars.take_id(),
            title=f"Hội nghị tọa đàm {rng.choice(PHRASES)} {number + 1}",
            cluster_id=cluster.pk,
            host_unit_id=host.pk,
            starts_at=starts,
            ends_at=starts + timedelta(hours=4),
            venue=f"Hội trường {host.short_name}",
            chair_name="Thiếu tướng Nguyễn Văn An, Phó Giám đốc",
            description=paragraph(rng, 3),
            status=status,
            sequence=0,
            minutes=paragraph(rng, 4) if status != SeminarStatus.SCHEDULED else "",
            created_at=starts - timedelta(days=30),
            updated_at=starts - timedelta(days=30),
        )
        seminar_rows.append(seminar)
        invited = [unit for unit in cities if unit.pk != host.pk] + rng.sample(districts, 10)
        for unit in invited:
            replied = status != SeminarStatus.SCHEDULED or rng.random() < 0.5
            invitation_rows.append(
                {
                    "seminar_id": seminar.id,
                    "unit_id": unit.pk,
                    "reply": Reply.ATTENDING if replied else "",
                    "delegation_size": 3 if replied else None,
                    "replied_at": starts - timedelta(days=7) if replied else None,
                    "created_at": seminar.created_at,
                    "updated_at": seminar.created_at,
                }
            )
    seminars.write(seminar_rows)
    invitations.write(invitation_rows)
    agenda_rows = []
    for seminar in seminar_rows:
        for position, kind in enumerate(AgendaItemKind.values):
            agenda_rows.append(
                {
                    "seminar_id": seminar.id,
                    "position": position,
                    "starts_at": seminar.starts_at + timedelta(minutes=40 * position),
                    "kind": kind,
                    "title": sentence(rng, 5),
                    "presenting_unit_id": seminar.host_unit_id,
                }
            )
    agenda.write(agenda_rows)
    for writer in (seminars, invitations, agenda):
        writer.finish()
    return {"seminars": seminars.written, "invitations": invitations.written}


class People:
    """Who may write: users by unit, the editors of each unit."""

    def __init__(self):
        from emulation_cluster.enums import Role
        from emulation_cluster.models import Membership

        self.by_unit, self.editors, self.all = {}, {}, []
        for user_id, unit_id, role in Membership.objects.values_list("user_id", "unit_id", "role"):
            self.by_unit.setdefault(unit_id, []).append(user_id)
            self.all.append(user_id)
            if role == Role.EDITOR:
                self.editors.setdefault(unit_id, user_id)


def seed_questions(rng, questions: int, votes: int, progress):
    """The threads, in chunks: questions, their answers (1.5 a question on average: 600,000 for
    400,000), comments, votes (``votes`` on average, exponentially spread) and the askers'
    follows."""
    from bench.scale_copy import CopyWriter
    from emulation_cluster.models import Unit
    from models_registry.models import ExemplaryModel
    from seminars.enums import QuestionState
    from seminars.models import Answer, Comment, Follow, Question, Seminar, Vote
    from seminars.qa.posting import derived_state

    people = People()
    unit_ids = list(Unit.objects.values_list("id", flat=True))
    hanoi_tree = set(Unit.objects.filter(city="Hà Nội").values_list("id", flat=True))
    published = list(
        ExemplaryModel.objects.published().order_by("id").values_list("id", "owner_unit_id")
    )
    hanoi_models = [row for row in published if row[1] in hanoi_tree]
    other_models = [row for row in published if row[1] not in hanoi_tree]
    seminar_ids = list(Seminar.objects.order_by("starts_at").values_list("id", flat=True))
    big_seminar = seminar_ids[-6]  # the last one held
    writers = {
        "questions": CopyWriter(Question),
        "answers": CopyWriter(Answer),
        "comments": CopyWriter(Comment),
        "votes": CopyWriter(Vote),
        "follows": CopyWriter(Follow),
    }
    vote_mean = votes / questions
    for first in range(0, questions, CHUNK):
        batch = {name: [] for name in writers}
        for number in range(first, min(first + CHUNK, questions)):
            pool = hanoi_models if rng.random() < HANOI_QUESTION_SHARE else other_models
            model_id, owner_id = rng.choice(pool)
            asking = rng.choice(unit_ids)
            while asking == owner_id:
                asking = rng.choice(unit_ids)
            author = rng.choice(people.by_unit[asking])
            asked = FIRST_ASKED + timedelta(minutes=rng.randrange(ASKING_SPAN_MINUTES))
            seminar = None
            if number < BIG_SEMINAR_QUESTIONS:
                seminar = big_seminar
            elif rng.random() < SEMINAR_SHARE:
                seminar = rng.choice(seminar_ids)
            question = Question(
                id=writers["questions"].take_id(),
                exemplary_model_id=model_id,
                owner_unit_id=owner_id,
                asking_unit_id=asking,
                seminar_id=seminar,
                author_id=author,
                title=f"Xin hỏi về {sentence(rng, rng.randint(4, 9))[:-1].lower()}?",
                body=paragraph(rng, rng.randint(1, 3)),
                created_at=asked,
                updated_at=asked,
                state=QuestionState.OPEN,
            )
            if number == 1:
                count = BIG_THREAD_ANSWERS
            else:
                count = rng.choices(ANSWER_COUNTS, ANSWER_WEIGHTS)[0]
            thread = []
            when = asked
            for _ in range(count):
                when += timedelta(minutes=rng.randint(5, 3000))
                official = rng.random() < 0.4 and owner_id in people.editors
                answer = {
                    "id": writers["answers"].take_id(),
                    "question_id": question.id,
                    "author_id": people.editors[owner_id] if official else rng.choice(people.all),
                    "body": answer_body(rng),
                    "is_official": official,
                    "official_unit_id": owner_id if official else None,
                    "created_at": when,
                    "updated_at": when,
                }
                if rng.random() < 0.01:
                    answer.update(
                        hidden_at=when + timedelta(hours=2),
                        hidden_by_id=rng.choice(people.all),
                        hidden_reason="Không đúng chủ đề",
                    )
                thread.append(answer)
            shown_official = [a for a in thread if a["is_official"] and "hidden_at" not in a]
            if shown_official:
                question.first_official_answer_at = shown_official[0]["created_at"]
                if rng.random() < 0.3:
                    accepted = rng.choice(shown_official)
                    question.accepted_answer_id = accepted["id"]
                    question.accepted_at = accepted["created_at"] + timedelta(hours=5)
                    question.accepted_by_id = author
            if rng.random() < 0.02:
                question.locked_at = asked + timedelta(days=30)
            question.state = derived_state(question, has_official_answer=bool(shown_official))
            question.answer_count = sum("hidden_at" not in answer for answer in thread)
            voters = rng.sample(
                people.all, min(len(people.all), int(rng.expovariate(1 / vote_mean) + 0.5))
            )
            question.vote_count = len(voters)
            for voter in voters:
                batch["votes"].append(
                    {"question_id": question.id, "voter_id": voter, "created_at": asked}
                )
            if rng.random() < 0.1 and thread:
                batch["comments"].append(
                    {
                        "question_id": question.id,
                        "answer_id": thread[0]["id"],
                        "author_id": author,
                        "body": sentence(rng, 8),
                        "created_at": thread[0]["created_at"] + timedelta(hours=1),
                        "updated_at": thread[0]["created_at"] + timedelta(hours=1),
                    }
                )
            batch["follows"].append(
                {"user_id": author, "question_id": question.id, "created_at": asked}
            )
            batch["questions"].append(question)
            batch["answers"].extend(thread)
        # Questions first: answers point to them; the question's accepted answer is a deferred
        # foreign key, checked at the commit.
        # Answers and comments render their Markdown in ``save()`` (``Post.body_html``): as
        # instances, through that save.
        for name, model_class in (("answers", Answer), ("comments", Comment)):
            take_id = writers[name].take_id
            batch[name] = [
                model_class(**{**row, "id": row.get("id") or take_id()}) for row in batch[name]
            ]
        for name, writer in writers.items():
            writer.write(batch[name])
        progress(f"  questions {min(first + CHUNK, questions)}/{questions}")
    for writer in writers.values():
        writer.finish()
    return {name: writer.written for name, writer in writers.items()}


def seed_notices(rng, usernames, count: int):
    """``count`` notices for each of the bench's own people (the notices page)."""
    from django.contrib.auth import get_user_model

    from bench.scale_copy import CopyWriter
    from seminars.enums import NoticeKind
    from seminars.models import Question
    from seminars.notices.models import Notice

    notices = CopyWriter(Notice)
    question_ids = list(Question.objects.order_by("-id").values_list("id", flat=True)[:5000])
    rows = []
    for user_id in (
        get_user_model().objects.filter(username__in=usernames).values_list("id", flat=True)
    ):
        for number in range(count):
            question_id = rng.choice(question_ids)
            rows.append(
                {
                    "user_id": user_id,
                    "text": f"Có câu trả lời mới cho câu hỏi số {question_id}",
                    "url": f"/hoi-dap/{question_id}/",
                    "kind": NoticeKind.ANSWER_NEW,
                    "question_id": question_id,
                    "created_at": FIRST_ASKED + timedelta(hours=number * 7),
                    "read_at": None
                    if number % 3
                    else FIRST_ASKED + timedelta(hours=number * 7 + 1),
                }
            )
    notices.write(rows)
    notices.finish()
    return {"notices": notices.written}
