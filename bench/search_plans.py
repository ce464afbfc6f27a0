"""Which of the search page's two plans reads a page faster, by how many documents match.

``emulation_cluster.search.engine.sorted_plan`` chooses, for a search of more than
``FULL_RANK_LIMIT`` matches, between walking the proxy order's index (testing each document
against the query) and sorting the GIN index's matches; it sorts while
matches · matches everywhere < SORT_FACTOR · rows needed · documents. This script times both
plans of the page's own statement for words spread from 2,000 to 40,000 matches (chosen from a
sample of the documents), unfiltered and under a kind, on pages 1, 10 and 200, and prints for
each the rule's ratio (the left side over need · documents: the plan sorts below SORT_FACTOR),
the two times and the plan chosen. SORT_FACTOR is where the faster plan changes.

It reads the database ``search_scale.py --generate-only`` kept (nothing is written)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
      .venv/bin/python bench/search_plans.py            # about 3 minutes
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emulation_cluster.settings")

import search_scale  # noqa: E402 - the search bench's database and settings

# Matches in a sample of one document in a hundred: words of about 2,000 to 40,000 matches.
SAMPLED = (20, 30, 40, 55, 70, 85, 105, 135, 170, 210, 260, 330, 410)
# (sampled matches, kind): a kind filter walks the kind's own order.
UNDER_KINDS = ((40, "model"), (85, "question"), (105, "answer"), (330, "question"))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", default=search_scale.DEFAULT_DATABASE)
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each plan")
    parser.add_argument("--pages", default="1,10,200")
    args = parser.parse_args()
    args.reuse = True
    return args


def ladder() -> list[tuple[str, str]]:
    """(word, kind) to measure: for each sampled size the word nearest to it."""
    sampled = search_scale.sampled_words()

    def nearest(n):
        return search_scale.nearest_word(sampled, n * search_scale.SAMPLE_EVERY)

    return [(nearest(n), "") for n in SAMPLED] + [(nearest(n), kind) for n, kind in UNDER_KINDS]


def timed(statement, walk: bool, runs: int) -> tuple[float, list]:
    from django.db import transaction

    from emulation_cluster.search import engine
    from emulation_cluster.search.models import SearchDocument

    sql, params = statement
    times, rows = [], []
    for _ in range(runs + 1):  # the first run warms the pages read
        with transaction.atomic(), engine._walking(walk):
            started = time.perf_counter()
            rows = [row.pk for row in SearchDocument.objects.raw(sql, params)]
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times[1:]), rows


def main():
    args = parse_args()
    search_scale.configure_django(args)
    import list_and_search
    from django.db import connection

    from emulation_cluster.search import engine
    from emulation_cluster.search.counts import matches
    from emulation_cluster.search.models import SearchDocument
    from emulation_cluster.search.query import parse

    reader = engine.Reader.of(list_and_search.bench_member())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
            [SearchDocument._meta.db_table],
        )
        documents = cursor.fetchone()[0]
    pages = [int(page) for page in args.pages.split(",")]
    print(f"{documents} documents; SORT_FACTOR {engine.SORT_FACTOR}; median of {args.runs} runs")
    print(
        f"{'word':10} {'kind':9} {'matches':>8} {'anywhere':>8} {'page':>4} {'ratio':>6}"
        f" {'walk ms':>8} {'sort ms':>8}  chosen  faster"
    )
    for word, kind in ladder():
        search = parse(word)
        found = matches(search, reader.visible)
        unfiltered = found.count()
        total = found.filter(kind=kind).count() if kind else unfiltered
        for page in pages:
            start = (page - 1) * engine.PAGE_SIZE
            if start >= total:
                continue
            need = max(engine.REFINE_WINDOW, start + engine.PAGE_SIZE)
            shape = "window" if start + engine.PAGE_SIZE <= engine.REFINE_WINDOW else "ordered"
            filters = engine.Filters(kind=kind)
            walked, walk_rows = timed(
                engine._page_statement(search, reader.visible, filters, shape, True, start),
                True,
                args.runs,
            )
            sorted_, sort_rows = timed(
                engine._page_statement(search, reader.visible, filters, shape, False, start),
                False,
                args.runs,
            )
            assert walk_rows == sort_rows, (word, kind, page)  # one order, two plans
            ratio = total * max(unfiltered, total) / (need * documents)
            sort = engine.sorted_plan(total, need, documents, unfiltered)
            chosen = "sort" if sort else "walk"
            faster = "sort" if sorted_ < walked else "walk"
            print(
                f"{word:10} {kind:9} {total:8} {unfiltered:8} {page:4} {ratio:6.2f}"
                f" {walked:8.1f} {sorted_:8.1f}  {chosen:6}  {faster}"
                + ("" if chosen == faster else "  (chosen slower)")
            )


if __name__ == "__main__":
    main()
