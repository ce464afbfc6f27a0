"""The data set of issue 15, generated in stages, each in one transaction with its marker row in
``bench_scale_stage``: a second run seeds only what is missing; an interrupted stage left nothing.

Sizes at ``--scale 1``: 423 units, ~6,100 people, 100,000 models (32,000 in CATP Hà Nội's tree),
40 seminars, 400,000 questions, ~600,000 answers, ~1,200,000 votes, 400,000 follows, notices.
"""

import json
import random
import time

from django.db import connection, transaction

SEED = 20261205
FULL = {"models": 100_000, "questions": 400_000, "votes": 1_200_000, "seminars": 40}
BENCH_PEOPLE = ("bench-member", "bench-editor")
NOTICES_PER_PERSON = 300
SAMPLE = 25  # rows of each table saved again through the ORM to prove the COPY


def sizes(scale: float) -> dict:
    return {name: max(1, int(value * scale)) for name, value in FULL.items()} | {
        "seminars": FULL["seminars"]
    }


def _stages_done() -> dict:
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_scale_stage ("
            " name text PRIMARY KEY, rows jsonb NOT NULL, seconds real NOT NULL,"
            " finished_at timestamptz NOT NULL DEFAULT now())"
        )
        cursor.execute("SELECT name, rows FROM bench_scale_stage")
        return dict(cursor.fetchall())


def _run_stage(name, done, work, log):
    if name in done:
        log(f"  {name}: already there {done[name]}")
        return
    started = time.perf_counter()
    with transaction.atomic():
        rows = work()
        seconds = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO bench_scale_stage (name, rows, seconds) VALUES (%s, %s, %s)",
                [name, json.dumps(rows), seconds],
            )
    log(f"  {name}: {rows} in {seconds:.0f} s")


def generate(scale: float, progress, log=print) -> bool:
    """Seed what is missing; True if anything was written (then ANALYZE is due)."""
    from bench import scale_qa, scale_registry, scale_units

    size = sizes(scale)
    done = _stages_done()
    stages = [
        ("units", lambda rng: {"cluster": scale_units.seed_units().pk}),
        ("people", lambda rng: {"people": scale_units.seed_people(rng)}),
        ("models", lambda rng: scale_registry.seed_models(rng, size["models"], progress)),
        ("seminars", lambda rng: scale_qa.seed_seminars(rng, size["seminars"])),
        (
            "questions",
            lambda rng: scale_qa.seed_questions(rng, size["questions"], size["votes"], progress),
        ),
        ("notices", lambda rng: scale_qa.seed_notices(rng, BENCH_PEOPLE, NOTICES_PER_PERSON)),
    ]
    wrote = False
    for number, (name, work) in enumerate(stages):
        wrote = wrote or name not in done
        rng = random.Random(SEED + number)
        _run_stage(name, done, lambda work=work, rng=rng: work(rng), log)
        progress("")
    return wrote


def vacuum_analyze(log=print):
    """Planner statistics and the visibility map, as autovacuum leaves a live database."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    log(f"  VACUUM (ANALYZE) in {time.perf_counter() - started:.0f} s")


def verify(log=print):
    """Sampled rows of every generated table are what ``save()`` writes, and the counters and
    states are what the services keep (``vote_count``, ``posting.derived_state``)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count, Exists, Min, OuterRef, Q

    from bench.scale_copy import assert_rows_as_saved, sample_ids
    from emulation_cluster.models import Membership, Unit
    from models_registry.models import ExemplaryModel, Indicator, Replication
    from seminars.models import (
        AgendaItem,
        Answer,
        Comment,
        Follow,
        Question,
        Seminar,
        SeminarInvitation,
        Vote,
    )
    from seminars.notices.models import Notice
    from seminars.qa.posting import derived_state

    checked = 0
    for model_class in (
        Unit,
        get_user_model(),
        Membership,
        ExemplaryModel,
        Replication,
        Indicator,
        Seminar,
        SeminarInvitation,
        AgendaItem,
        Question,
        Answer,
        Comment,
        Vote,
        Follow,
        Notice,
    ):
        checked += assert_rows_as_saved(model_class, SAMPLE, SEED)
    official = Answer.objects.filter(
        question=OuterRef("pk"), is_official=True, hidden_at__isnull=True
    )
    sample = list(
        Question.objects.filter(pk__in=sample_ids(Question, 200))
        .annotate(
            votes_counted=Count("votes", distinct=True),
            answers_counted=Count(
                "answers", filter=Q(answers__hidden_at__isnull=True), distinct=True
            ),
            has_official=Exists(official),
        )
        .order_by("id")
    )
    for question in sample:
        assert question.vote_count == question.votes_counted, f"question {question.pk}: votes"
        assert question.answer_count == question.answers_counted, f"question {question.pk}: answers"
        assert question.state == derived_state(
            question, has_official_answer=question.has_official
        ), f"question {question.pk}: state {question.state}"
    first = (
        Question.objects.filter(pk__in=[q.pk for q in sample])
        .annotate(
            first=Min(
                "answers__created_at",
                filter=Q(answers__is_official=True, answers__hidden_at__isnull=True),
            )
        )
        .values_list("first_official_answer_at", "first")
    )
    assert all(stored == counted for stored, counted in first), "first official answer dates"
    log(f"  verified: {checked} rows saved again unchanged, {len(sample)} questions' counters")


def table_sizes() -> list[tuple[str, int, str]]:
    """(table, rows, total size) of the largest tables, and the database's size."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, (SELECT reltuples::bigint FROM pg_class WHERE oid = relid),"
            " pg_size_pretty(pg_total_relation_size(relid))"
            " FROM pg_stat_user_tables ORDER BY pg_total_relation_size(relid) DESC LIMIT 12"
        )
        rows = cursor.fetchall()
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        rows.append(("(database)", None, cursor.fetchone()[0]))
    return rows
