"""Benchmark of the registry's list, search, detail, home and unit pages at scale.

Runs against its own database, ``emulation_cluster_bench``, on the same PostgreSQL server as the
development database (the embedded pgserver under ``.pgdata/``, or ``DATABASE_URL``); the
development data is never read or written. The database is migrated, seeded up to ``--models``
published models if it holds fewer, then every page is requested through ``django.test.Client``,
logged in as a plain member of a ward's police (the portal's everyday reader): 3 warm-up
requests, then ``--runs`` timed ones. The report prints median and p95 in milliseconds, the SQL
queries of one request, and PASS/OVER against a per-page budget.

    .venv/bin/python bench/list_and_search.py                 # 20,000 models, 20 runs
    .venv/bin/python bench/list_and_search.py --models 2000   # quick check
    .venv/bin/python bench/list_and_search.py --drop          # drop the bench database after

Exit code 0 whatever the timings (it is a report); 1 if a page does not answer 200.
"""

import argparse
import functools
import os
import random
import sys
import time
import traceback
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ["DJANGO_SETTINGS_MODULE"] = "emulation_cluster.settings"

from bench.common import (  # noqa: E402 (the project root is on the path from here)
    PHRASES,
    TOPICS,
    WARMUP_RUNS,
    configure_django,
    drop_database,
    paragraph,
    progress,
    quote_url,
    sentence,
    unit_get_or_create,
)
from bench.common import (  # noqa: E402
    measure as common_measure,
)

BENCH_DATABASE = "emulation_cluster_bench"
BATCH_SIZE = 1000
SEED = 20251126
FIRST_PUBLISHED = datetime(2020, 1, 1, 8, 0, tzinfo=UTC)

# Median budget per page, in milliseconds, for 20,000 published models on a 2-core machine.
DEFAULT_BUDGET_MS = 150

# Five cities, three districts each, three wards per district: 5 + 15 + 45 = 65 units.
CITIES = {
    "Hà Nội": {
        "Ba Đình": ["Phúc Xá", "Trúc Bạch", "Điện Biên"],
        "Hoàn Kiếm": ["Hàng Bạc", "Hàng Trống", "Tràng Tiền"],
        "Cầu Giấy": ["Dịch Vọng", "Nghĩa Đô", "Yên Hòa"],
    },
    "Hồ Chí Minh": {
        "Quận 1": ["Bến Nghé", "Bến Thành", "Đa Kao"],
        "Bình Thạnh": ["Phường 1", "Phường 2", "Phường 3"],
        "Thủ Đức": ["Linh Chiểu", "Hiệp Phú", "Thảo Điền"],
    },
    "Hải Phòng": {
        "Hồng Bàng": ["Hoàng Văn Thụ", "Minh Khai", "Quang Trung"],
        "Lê Chân": ["An Biên", "Cát Dài", "Dư Hàng"],
        "Ngô Quyền": ["Cầu Đất", "Lạch Tray", "Máy Chai"],
    },
    "Đà Nẵng": {
        "Hải Châu": ["Thạch Thang", "Hải Châu 1", "Phước Ninh"],
        "Sơn Trà": ["An Hải Bắc", "Mân Thái", "Thọ Quang"],
        "Thanh Khê": ["Tam Thuận", "Xuân Hà", "Chính Gián"],
    },
    "Cần Thơ": {
        "Ninh Kiều": ["An Hòa", "Cái Khế", "Tân An"],
        "Bình Thủy": ["An Thới", "Bùi Hữu Nghĩa", "Long Hòa"],
        "Cái Răng": ["Hưng Phú", "Lê Bình", "Phú Thứ"],
    },
}

COMMON_PHRASE = "tuần tra"  # in about a third of the models
RARE_PHRASE = "khinh khí cầu"  # in one model in a thousand
TITLE_HEADS = ["Mô hình", "Mệnh lệnh", "Chuyên đề", "Sáng kiến", "Tổ", "Câu lạc bộ"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--models", type=int, default=20_000, help="published models to seed (default 20000)"
    )
    parser.add_argument("--runs", type=int, default=20, help="timed runs per page (default 20)")
    parser.add_argument(
        "--drop", action="store_true", help="drop the bench database when done (default: keep it)"
    )
    args = parser.parse_args()
    if args.models < 1000:
        parser.error("--models must be at least 1000 (the benchmark requests page 50 of 20)")
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


# --- seeding -----------------------------------------------------------------------------------


def seed_units():

    from emulation_cluster.enums import UnitKind
    from emulation_cluster.models import Cluster, ClusterTerm, Unit

    cluster, _ = Cluster.objects.get_or_create(
        slug="cum-thi-dua-so-1",
        defaults={"name": "Cụm thi đua số 1", "short_name": "Cụm 1"},
    )

    unit = functools.partial(unit_get_or_create, cluster)

    cities = []
    for city, districts in CITIES.items():
        city_unit = unit(f"Công an thành phố {city}", f"CATP {city}", UnitKind.CITY, None, city)
        cities.append(city_unit)
        for district, wards in districts.items():
            district_unit = unit(
                f"Công an quận {district}, {city}",
                f"CAQ {district} {city}",
                UnitKind.DISTRICT,
                city_unit,
                city,
            )
            for ward in wards:
                unit(
                    f"Công an phường {ward}, quận {district}, {city}",
                    f"CAP {ward} {district} {city}",
                    UnitKind.WARD,
                    district_unit,
                    city,
                )
    year = date.today().year
    term, created = ClusterTerm.objects.get_or_create(
        cluster=cluster, year=year, defaults={"head_unit": cities[0], "deputy_unit": cities[1]}
    )
    if created:
        term.member_units.set(cities)
    return list(Unit.objects.order_by("id"))


def seed_topics():
    from django.utils.text import slugify

    from emulation_cluster.vietnamese import fold
    from models_registry.models import Topic

    for name in TOPICS:
        Topic.objects.get_or_create(slug=slugify(fold(name)), defaults={"name": name})
    return list(Topic.objects.order_by("id"))


def new_model(rng: random.Random, number: int, units, published_at):
    """One published ExemplaryModel, with what ``save()`` would have computed filled in."""
    from django.utils.text import slugify

    from emulation_cluster.enums import Visibility
    from emulation_cluster.vietnamese import fold, sort_key
    from models_registry.enums import ModelKind, ModelStatus

    visibilities = (Visibility.PUBLIC, Visibility.MEMBERS, Visibility.RESTRICTED)
    from models_registry.models import WRITE_UP_FIELDS, ExemplaryModel

    head = rng.choice(TITLE_HEADS)
    phrases = rng.sample(PHRASES, 3)
    if rng.random() < 0.3:
        phrases[rng.randrange(3)] = COMMON_PHRASE
    if number % 1000 == 500:
        phrases[0] = RARE_PHRASE
    title = f"{head} {' '.join(phrases)} {number % 100:02d}"
    summary = paragraph(rng, rng.randint(2, 4))
    if rng.random() < 0.3:
        summary += f" Tổ chức {COMMON_PHRASE} thường xuyên."
    fields = {
        "summary": summary[:2000],
        "problem": paragraph(rng, rng.randint(2, 5)),
        "objectives": paragraph(rng, rng.randint(1, 3)),
        "how_it_works": paragraph(rng, rng.randint(3, 8)),
        "resources_and_cost": paragraph(rng, rng.randint(1, 2)),
        "results": paragraph(rng, rng.randint(2, 5)),
        "lessons_learned": paragraph(rng, rng.randint(1, 3)),
        "replication_conditions": paragraph(rng, rng.randint(1, 2)),
    }
    started_on = None
    if rng.random() < 0.85:
        started_on = date(2015, 1, 1) + timedelta(days=rng.randrange(11 * 365))
    return ExemplaryModel(
        title=title,
        slug=f"{slugify(fold(title))[:100]}-b{number}",
        title_sort_key=sort_key(title),
        search_title=fold(title),
        search_body=fold("\n".join(fields[name] for name in WRITE_UP_FIELDS)),
        kind=rng.choice(ModelKind.values),
        owner_unit=rng.choice(units),
        status=rng.choice(ModelStatus.values),
        started_on=started_on,
        has_guide=rng.random() < 0.6,
        training_offered=rng.random() < 0.4,
        cost_known=rng.random() < 0.5,
        contact_name=rng.choice(["", "Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Cường"]),
        contact_details=rng.choice(["", "0243 123 4567", "lienhe@demo.invalid"]),
        # Most models are for the cluster's members, as the form's default; some public, a few
        # for the owner unit only.
        visibility=rng.choices(visibilities, weights=(25, 70, 5))[0],
        published_at=published_at,
        **fields,
    )


def seed_models(target: int) -> int:
    """Add published models until there are ``target``; returns how many there are."""
    from django.db import transaction

    from models_registry.enums import ReplicationState
    from models_registry.models import ExemplaryModel, Indicator, Replication

    existing = ExemplaryModel.objects.published().count()
    if existing >= target:
        if existing > target:
            print(
                f"The bench database holds {existing} models, more than --models {target}:"
                " measuring those (run with --drop, then again, to reseed smaller)."
            )
        return existing

    print(f"Seeding {target - existing} models ({existing} already there)...", flush=True)
    units = seed_units()
    topics = seed_topics()
    started = time.perf_counter()
    topic_link = ExemplaryModel.topics.through
    for first in range(existing, target, BATCH_SIZE):
        numbers = range(first, min(first + BATCH_SIZE, target))
        rng = random.Random(SEED + first)
        with transaction.atomic():
            models = ExemplaryModel.objects.bulk_create(
                # Newer numbers are published later, every 131 minutes from 2020 (20,000
                # models span five years); never two at the same instant.
                new_model(rng, number, units, FIRST_PUBLISHED + timedelta(minutes=number * 131))
                for number in numbers
            )
            topic_link.objects.bulk_create(
                topic_link(exemplarymodel_id=model.pk, topic_id=topic.pk)
                for model in models
                for topic in rng.sample(topics, rng.randint(1, 3))
            )
            indicators = []
            for model in models:
                if rng.random() < 0.5:
                    for position in range(rng.randint(1, 3)):
                        baseline = rng.randint(10, 500)
                        indicators.append(
                            Indicator(
                                exemplary_model=model,
                                name=f"Số vụ {rng.choice(PHRASES)}",
                                unit_of_measure="vụ",
                                baseline=baseline,
                                result=max(0, baseline - rng.randint(0, baseline)),
                                period="12 tháng",
                                source="Báo cáo của đơn vị",
                                position=position,
                            )
                        )
            replications = []
            for model in models:
                if rng.random() < 0.15:
                    adopters = rng.sample(
                        [unit for unit in units if unit.pk != model.owner_unit_id],
                        rng.randint(1, 4),
                    )
                    for adopter in adopters:
                        replications.append(
                            Replication(
                                exemplary_model=model,
                                adopting_unit=adopter,
                                state=rng.choice(ReplicationState.values),
                                started_on=model.started_on,
                                adaptations=sentence(rng, 10),
                            )
                        )
            Replication.objects.bulk_create(replications)
            for replication in replications:
                if replication.state == ReplicationState.IN_USE and rng.random() < 0.7:
                    indicators.append(
                        Indicator(
                            replication=replication,
                            name=f"Số vụ {rng.choice(PHRASES)}",
                            baseline=rng.randint(20, 200),
                            result=rng.randint(0, 20),
                            period="6 tháng",
                        )
                    )
            Indicator.objects.bulk_create(indicators)
        progress(f"  {numbers[-1] + 1}/{target}")
    progress("")
    print(f"Seeded in {time.perf_counter() - started:.0f} s.")
    return ExemplaryModel.objects.published().count()


def analyze():
    """Planner statistics, as autovacuum would have gathered them on a live database."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# --- measuring ---------------------------------------------------------------------------------


def bench_member():
    """A plain member of a ward's police: the portal's everyday reader (sees "members" models)."""
    from django.contrib.auth import get_user_model

    from emulation_cluster.enums import Role, UnitKind
    from emulation_cluster.models import Membership, Unit

    user, created = get_user_model().objects.get_or_create(
        username="bench-member", defaults={"email": "bench-member@bench.invalid"}
    )
    if created:
        user.set_unusable_password()
        user.save()
    ward = Unit.objects.filter(kind=UnitKind.WARD).order_by("id").first()
    Membership.objects.get_or_create(user=user, unit=ward, defaults={"role": Role.MEMBER})
    return user


def pages():
    """(label, url, budget in ms) of every page measured."""
    from django.db.models import Count, Q

    from emulation_cluster.enums import UnitKind, Visibility
    from emulation_cluster.models import Unit
    from models_registry.models import ExemplaryModel

    city = (
        Unit.objects.filter(kind=UnitKind.CITY)
        .annotate(owned=Count("models_owned", filter=Q(models_owned__published_at__isnull=False)))
        .order_by("-owned", "id")
        .first()
    )
    detail = (
        ExemplaryModel.objects.published()
        .exclude(visibility=Visibility.RESTRICTED)
        .annotate(replicated=Count("replications"))
        .order_by("-replicated", "-published_at")
        .only("slug")
        .first()
    )
    budget = DEFAULT_BUDGET_MS
    return [
        ("list", "/mo-hinh/", budget),
        ("list, page 50", "/mo-hinh/?page=50", budget),
        ("list, unit (city)", f"/mo-hinh/?unit={city.slug}", budget),
        ("list, sort=title", "/mo-hinh/?sort=title", budget),
        ("search common 'tuan tra'", "/mo-hinh/?q=tuan tra", budget),
        # Inside the re-ranked window, past it, and past the middle (read from the end).
        ("search 'tuan tra', page 3", "/mo-hinh/?q=tuan tra&page=3", budget),
        ("search 'tuan tra', page 500", "/mo-hinh/?q=tuan tra&page=500", budget),
        ("search 'tuan tra', page 4000", "/mo-hinh/?q=tuan tra&page=4000", budget),
        ("search 'thuong xuyen'", "/mo-hinh/?q=thuong xuyen", budget),
        ("search 'chuyen de'", "/mo-hinh/?q=chuyen de", budget),
        (f"search rare '{RARE_PHRASE}'", f"/mo-hinh/?q={RARE_PHRASE}", budget),
        ("search 'menh lenh 01'", "/mo-hinh/?q=menh lenh 01", budget),
        ("detail (most replicated)", detail.get_absolute_url(), budget),
        ("home", "/", budget),
        ("unit page (city)", city.get_absolute_url(), budget),
    ]


def measure(client, url, runs):
    """(status, median ms, p95 ms, queries, runs) of GETs of ``url`` (``common.measure``)."""
    measured = common_measure(client, url, runs)
    if not measured.ok:
        return (measured.status, None, None, 0, 0)
    return (measured.status, measured.median, measured.p95, measured.queries, measured.runs)


def report(rows, model_count, runs):
    headers = ("page", "url", "median ms", "p95 ms", "runs", "queries", "budget", "")
    table = [headers]
    for label, url, budget, status, median, p95, queries, page_runs in rows:
        if median is None:
            table.append((label, url, "-", "-", "-", "-", f"{budget}", f"HTTP {status}"))
            continue
        verdict = "PASS" if median <= budget else "OVER"
        table.append(
            (
                label,
                url,
                f"{median:.1f}",
                f"{p95:.1f}",
                str(page_runs),
                str(queries),
                f"{budget}",
                verdict,
            )
        )
    widths = [max(len(row[i]) for row in table) for i in range(len(headers))]
    numeric = {2, 3, 4, 5, 6}

    def line(row):
        cells = [
            cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        return "  ".join(cells).rstrip()

    print()
    print(
        f"{model_count} published models; {WARMUP_RUNS} warm-up then {runs} timed requests a page"
        f" (fewer where marked); {os.cpu_count()} CPUs; budget = median ms"
    )
    print(line(table[0]))
    print("  ".join("-" * width for width in widths))
    for row in table[1:]:
        print(line(row))


def main():
    args = parse_args()
    development = configure_django(BENCH_DATABASE)

    from django.core.management import call_command
    from django.db import connections
    from django.test import Client

    failed = False
    try:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        model_count = seed_models(args.models)
        analyze()

        client = Client()
        client.force_login(bench_member())
        rows = []
        for label, url, budget in pages():
            progress(f"  {label}...")
            try:
                status, median, p95, queries, runs = measure(client, quote_url(url), args.runs)
            except Exception:  # a crashing page is reported; the others still run
                traceback.print_exc()
                status, median, p95, queries, runs = 500, None, None, 0, 0
            failed = failed or status != 200
            rows.append((label, url, budget, status, median, p95, queries, runs))
        progress("")
        report(rows, model_count, args.runs)
    finally:
        connections.close_all()
        if args.drop:
            drop_database(development, BENCH_DATABASE)
            print(f"Dropped {BENCH_DATABASE}.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
