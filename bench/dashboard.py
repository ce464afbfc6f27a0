"""Benchmark of the spread's dashboards at 20,000 models and 200,000 Q&A posts.

Runs against its own database, ``emulation_cluster_bench_dashboard``, on the same PostgreSQL
server as the development database (the embedded pgserver under ``.pgdata/``, or
``DATABASE_URL``); the development data is never read or written. The models (with topics,
indicators and replications) are seeded as ``list_and_search.py`` seeds them; then questions,
answers and comments up to ``--posts`` (a question in four, two answers in four, a comment in
four), and seminars with invitations, attendance and lessons, all with ``bulk_create`` and the
app's folding (``vietnamese.fold``) for the search columns. Every page is requested through
``django.test.Client`` as a plain member of a ward's police and as a cluster administrator: 3
warm-up requests, then ``--runs`` timed ones; median and p95 in ms, queries, PASS/OVER against
150 ms.

    .venv/bin/python bench/dashboard.py                       # 20,000 models, 200,000 posts
    .venv/bin/python bench/dashboard.py --models 2000 --posts 20000 --runs 5   # quick check
    .venv/bin/python bench/dashboard.py --drop                # drop the bench database after

Exit code 0 whatever the timings (it is a report); 1 if a page does not answer 200.
"""

import argparse
import random
import sys
import time
import traceback
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import list_and_search as registry_bench  # noqa: E402 (the bench folder is on the path above)

registry_bench.BENCH_DATABASE = "emulation_cluster_bench_dashboard"
BATCH_SIZE = 5000
SEED = 20261205
FIRST_ASKED = datetime(2021, 1, 1, 8, 0, tzinfo=UTC)
SEMINARS = 300


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", type=int, default=20_000, help="published models (20000)")
    parser.add_argument("--posts", type=int, default=200_000, help="Q&A posts (200000)")
    parser.add_argument("--runs", type=int, default=20, help="timed runs per page (default 20)")
    parser.add_argument("--drop", action="store_true", help="drop the bench database when done")
    args = parser.parse_args()
    if args.models < 1000 or args.posts < 1000 or args.runs < 1:
        parser.error("--models and --posts at least 1000, --runs at least 1")
    return args


def _authors():
    from django.contrib.auth import get_user_model

    users = get_user_model()
    existing = list(users.objects.filter(username__startswith="bench-author-"))
    if existing:
        return existing
    return users.objects.bulk_create(
        users(username=f"bench-author-{n}", email=f"bench-author-{n}@bench.invalid")
        for n in range(50)
    )


@contextmanager
def stated_times(*model_classes):
    """``bulk_create`` keeps the ``created_at`` and ``updated_at`` given (``auto_now_add`` and
    ``auto_now`` would stamp every row with today: the posts would all fall in this year)."""
    fields = [
        field
        for model_class in model_classes
        for field in model_class._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    saved = [(field, field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def seed_posts(target: int) -> int:
    """Questions, answers and comments up to ``target`` posts; returns how many there are."""
    from django.db import transaction

    from emulation_cluster.vietnamese import fold
    from models_registry.models import ExemplaryModel
    from seminars.enums import QuestionState
    from seminars.qa.models import Answer, Comment, Question

    def count():
        return Question.objects.count() + Answer.objects.count() + Comment.objects.count()

    existing = count()
    if existing >= target:
        return existing
    print(f"Seeding {target - existing} Q&A posts ({existing} already there)...", flush=True)
    started = time.perf_counter()
    authors = _authors()
    models = list(
        ExemplaryModel.objects.published().order_by("id").values_list("id", "owner_unit_id")
    )
    unit_ids = sorted({owner for _id, owner in models})
    span = (datetime.now(UTC) - FIRST_ASKED).total_seconds()
    questions_wanted = (target - existing) // 4
    for first in range(0, questions_wanted, BATCH_SIZE):
        rng = random.Random(SEED + first)
        size = min(BATCH_SIZE, questions_wanted - first)
        with transaction.atomic(), stated_times(Question, Answer, Comment):
            questions = []
            for _ in range(size):
                model_id, owner_id = rng.choice(models)
                asked = FIRST_ASKED + timedelta(seconds=rng.random() * span)
                answered = (
                    asked + timedelta(hours=rng.lognormvariate(3, 1.2))
                    if rng.random() < 0.7
                    else None
                )
                title = registry_bench.sentence(rng, rng.randint(5, 10))[:200]
                body = registry_bench.paragraph(rng, rng.randint(1, 3))
                questions.append(
                    Question(
                        exemplary_model_id=model_id,
                        owner_unit_id=owner_id,
                        asking_unit_id=rng.choice([u for u in unit_ids if u != owner_id]),
                        author=rng.choice(authors),
                        title=title,
                        body=body,
                        search_title=fold(title),
                        search_body=fold(body),
                        state=QuestionState.ANSWERED if answered else QuestionState.OPEN,
                        first_official_answer_at=answered,
                        created_at=asked,
                        updated_at=answered or asked,
                    )
                )
            Question.objects.bulk_create(questions)
            answers, comments = [], []
            for question in questions:
                for n in range(2):
                    official = n == 0 and question.first_official_answer_at is not None
                    when = question.first_official_answer_at or question.created_at
                    answers.append(
                        Answer(
                            question=question,
                            author=rng.choice(authors),
                            body=registry_bench.paragraph(rng, rng.randint(1, 3)),
                            is_official=official,
                            official_unit_id=question.owner_unit_id if official else None,
                            made_official_at=when if official else None,
                            created_at=when + timedelta(hours=n),
                            updated_at=when + timedelta(hours=n),
                        )
                    )
                comments.append(
                    Comment(
                        question=question,
                        author=rng.choice(authors),
                        body=registry_bench.sentence(rng, 8),
                        created_at=question.created_at + timedelta(hours=2),
                        updated_at=question.created_at + timedelta(hours=2),
                    )
                )
            Answer.objects.bulk_create(answers)
            Comment.objects.bulk_create(comments)
        registry_bench.progress(f"  {first + size}/{questions_wanted} questions")
    registry_bench.progress("")
    print(f"Seeded in {time.perf_counter() - started:.0f} s.")
    return count()


def seed_seminars():
    """``SEMINARS`` held seminars over the years, each with five invited units and two lessons."""
    from seminars.enums import Attendance, Reply, SeminarStatus
    from seminars.models import Lesson, Seminar, SeminarInvitation

    if Seminar.objects.exists():
        return
    from emulation_cluster.models import Cluster, Unit

    rng = random.Random(SEED)
    cluster = Cluster.objects.get(slug="cum-thi-dua-so-1")
    units = list(Unit.objects.order_by("id"))
    span = (datetime.now(UTC) - FIRST_ASKED).total_seconds()
    seminars = []
    for n in range(SEMINARS):
        starts = FIRST_ASKED + timedelta(seconds=rng.random() * span)
        seminars.append(
            Seminar(
                title=f"Hội nghị tọa đàm số {n}",
                cluster=cluster,
                host_unit=rng.choice(units),
                starts_at=starts,
                ends_at=starts + timedelta(hours=3),
                venue="Hội trường",
                status=rng.choice([SeminarStatus.HELD, SeminarStatus.CLOSED]),
            )
        )
    Seminar.objects.bulk_create(seminars)
    SeminarInvitation.objects.bulk_create(
        SeminarInvitation(
            seminar=seminar,
            unit=unit,
            reply=Reply.ATTENDING,
            replied_at=seminar.starts_at - timedelta(days=3),
            attendance=rng.choice(Attendance.values),
        )
        for seminar in seminars
        for unit in rng.sample([u for u in units if u.pk != seminar.host_unit_id], 5)
    )
    Lesson.objects.bulk_create(
        Lesson(seminar=seminar, text=registry_bench.sentence(rng, 12))
        for seminar in seminars
        for _ in range(2)
    )


def vacuum_analyze():
    """Planner statistics and the visibility map, as autovacuum would have left them on a live
    database (after inserts it vacuums too, which lets the spread's indexes answer alone)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def cluster_admin():
    from django.contrib.auth import get_user_model

    from emulation_cluster.models import Cluster

    user, _ = get_user_model().objects.get_or_create(
        username="bench-cluster-admin", defaults={"email": "bench-admin@bench.invalid"}
    )
    Cluster.objects.get(slug="cum-thi-dua-so-1").administrators.add(user)
    return user


def pages():
    from emulation_cluster.enums import UnitKind
    from emulation_cluster.models import Unit

    city = Unit.objects.filter(kind=UnitKind.CITY).order_by("id").first()
    budget = registry_bench.DEFAULT_BUDGET_MS
    return [
        ("cluster dashboard", "/lan-toa/", budget),
        ("cluster dashboard, all years", "/lan-toa/?year=all", budget),
        ("unit dashboard (city)", f"/lan-toa/don-vi/{city.slug}/", budget),
        ("evidence map", "/lan-toa/ban-do-bang-chung/", None),
    ]


def measure_counted(client, url, runs):
    """Like ``measure``, with the figures' cache emptied before each request: what the first
    reader after a change waits for."""
    import statistics

    from django.core.cache import cache

    timings, status = [], 200
    for _ in range(runs + 1):
        cache.clear()
        started = time.perf_counter()
        status = client.get(url).status_code
        timings.append((time.perf_counter() - started) * 1000)
    timings = timings[1:]  # the first one warms the connection and the templates
    return (
        status,
        statistics.median(timings),
        registry_bench.percentile(timings, 0.95),
        "-",
        runs,
    )


def main():
    args = parse_args()
    development = registry_bench.configure_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client

    # A cluster administrator would be asked for a second factor: not what is measured here.
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "SecondFactor" not in m]
    failed = False
    try:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        model_count = registry_bench.seed_models(args.models)
        post_count = seed_posts(args.posts)
        seed_seminars()
        vacuum_analyze()
        rows = []
        for who, user in (("member", registry_bench.bench_member()), ("admin", cluster_admin())):
            client = Client()
            client.force_login(user)
            for label, url, budget in pages():
                registry_bench.progress(f"  {label} ({who})...")
                try:
                    measured = registry_bench.measure(client, url, args.runs)
                except Exception:  # a crashing page is reported; the others still run
                    traceback.print_exc()
                    measured = (500, None, None, 0, 0)
                failed = failed or measured[0] != 200
                rows.append((f"{label} ({who})", url, budget or "-", *measured))
                if label.startswith("cluster dashboard"):
                    counted = measure_counted(client, url, max(3, args.runs // 4))
                    rows.append((f"  counted, cache empty ({who})", url, "-", *counted))
        registry_bench.progress("")
        from seminars.spread.cache import dashboards_warm

        started = time.perf_counter()
        warmed = dashboards_warm()
        warm_ms = (time.perf_counter() - started) * 1000
        registry_bench.report(
            [(label, url, b if b != "-" else 10**9, *rest) for label, url, b, *rest in rows],
            model_count,
            args.runs,
        )
        print(
            f"{post_count} Q&A posts, {SEMINARS} seminars. Budget 1000000000: none set (the"
            " evidence map; the dashboards counted with their cache emptied before each request)."
        )
        print(f"The periodic job (dashboards_warm): {len(warmed)} audiences in {warm_ms:.0f} ms.")
    finally:
        connections.close_all()
        if args.drop:
            registry_bench.drop_bench_database(development)
            print(f"Dropped {registry_bench.BENCH_DATABASE}.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
