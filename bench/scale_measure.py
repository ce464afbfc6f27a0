"""Measuring the pages of ``scale_pages``: in process (Django's test client), under gunicorn
beside the bare view (wrk from another process), and 100 clients on a mix (``scale_load``).

Goals of issue 15, each printed PASS or OVER: every page p95 ≤ 150 ms; home, list, detail,
search and question pages ≥ 0.5× the bare view's requests per second; the mix with 0 errors and
p95 ≤ 1 s; at most 12 queries a page for a signed-in member.
"""

import os
import time
import traceback

from bench.common import (
    Measured,
    load_average,
    measure,
    print_table,
    progress,
    quote_url,
    server_settings,
    step,
)
from bench.scale_pages import ANONYMOUS, MEMBER, bench_people, catalogue, unmeasured

P95_GOAL_MS = 150
RATIO_GOAL = 0.5
MIX_P95_GOAL_MS = 1000
MEMBER_QUERIES_GOAL = 12
# A page over this on its first request is timed once (it is OVER by far; the run stays short).
VERY_SLOW_MS = 5000


def clients():
    """A test client per role, signed in with ``force_login`` (a real session)."""
    from django.test import Client

    signed_in = {}
    for role, user in bench_people().items():
        client = Client()
        client.force_login(user)
        signed_in[role] = client
    return {ANONYMOUS: Client(), **signed_in}


def selected(pages, words: str):
    if not words:
        return pages
    wanted = [word.strip().lower() for word in words.split(",") if word.strip()]
    return [
        page
        for page in pages
        if any(word in page.label.lower() or word in page.url.lower() for word in wanted)
    ]


def explain(sql: str) -> list[str]:
    """The plan of ``sql`` as it ran (EXPLAIN ANALYZE in a transaction rolled back)."""
    from django.db import connection, transaction

    lines = []
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {sql}")
            lines = [row[0] for row in cursor.fetchall()]
            transaction.set_rollback(True)
    except Exception as error:  # a plan that cannot be taken is reported, not fatal
        lines = [f"(no plan: {error})"]
    return lines


def in_process(pages, runs: int, want_explain: bool):
    """Rows (page, role, Measured) for every page and role, and the plans of slow queries."""
    from emulation_cluster.long_lived import freeze_after_requests

    # This process serves the pages as a gunicorn worker does (``emulation_cluster.wsgi``).
    freeze_after_requests()
    by_role = clients()
    rows, plans = [], []
    for page in pages:
        for role in page.roles:
            progress(f"  {page.label} ({role})...")
            try:
                measured = measure(
                    by_role[role],
                    quote_url(page.url),
                    runs,
                    slow_runs=3,
                    slow_warmups=1,
                    very_slow_ms=VERY_SLOW_MS,
                )
            except Exception:  # a crashing page is reported; the others still run
                traceback.print_exc()
                measured = Measured(500)
            rows.append((page, role, measured))
            if measured.ok:  # in a log, each page as it is done
                step(
                    f"    {page.label} ({role}): median {measured.median:.0f} ms,"
                    f" p95 {measured.p95:.0f} ms, {measured.queries} queries"
                )
            if want_explain and measured.captured and measured.p95 > P95_GOAL_MS:
                slowest = max(measured.captured, key=lambda q: float(q["time"]))
                plans.append((page, role, slowest, explain(slowest["sql"])))
    progress("")
    return rows, plans


def verdict(ok: bool) -> str:
    return "PASS" if ok else "OVER"


def print_in_process(rows):
    table = [("page", "role", "url", "median ms", "p95 ms", "runs", "queries", "goals")]
    failures = 0
    for page, role, m in rows:
        if not m.ok:
            failures += m.status >= 500
            table.append((page.label, role, page.url, "-", "-", "-", "-", f"HTTP {m.status}"))
            continue
        goals = [verdict(m.p95 <= P95_GOAL_MS)]
        if role == MEMBER:
            goals.append(f"q {verdict(m.queries <= MEMBER_QUERIES_GOAL)}")
        table.append(
            (
                page.label,
                role,
                page.url[:60],
                f"{m.median:.1f}",
                f"{m.p95:.1f}",
                str(m.runs),
                str(m.queries),
                " ".join(goals),
            )
        )
    print()
    print(
        f"In process (Django test client, DEBUG off): p95 ≤ {P95_GOAL_MS} ms; a member's"
        f" queries ≤ {MEMBER_QUERIES_GOAL}. {load_average()}"
    )
    print_table(table, numeric={3, 4, 5, 6})
    return failures


def print_plans(plans):
    for page, role, query, lines in plans:
        print(f"\n--- {page.label} ({role}): slowest query, {float(query['time']) * 1000:.0f} ms")
        print(query["sql"][:800])
        print("\n".join(line[:200] for line in lines[:40]))


def run(args, database_url: str) -> int:
    """Measure, print, return the exit code."""
    from bench import scale_load

    started = time.perf_counter()
    pages = selected(catalogue(), args.pages)
    if not args.pages:
        skipped = unmeasured(pages)
        print(f"\nRoutes of the URL conf not measured ({len(skipped)}):")
        for route, reason in skipped:
            print(f"  {route}: {reason}")
    print(
        f"\n{len(pages)} pages, {sum(len(p.roles) for p in pages)} page × role,"
        f" {os.cpu_count()} CPUs"
    )
    print(server_settings())
    rows, plans = in_process(pages, args.runs, args.explain)
    failures = print_in_process(rows)
    print_plans(plans)
    if not args.in_process_only:
        scale_load.run(args, database_url, pages, rows)
    print(f"\nWhole run {time.perf_counter() - started:.0f} s; {load_average()}")
    return 1 if failures else 0
