"""Every page of the portal at the scale of issue 15: 100,000 models, 1,000,000 Q&A posts.

Generates the data set (``bench/scale_data.py``: COPY through the models' own ``save()``
filling, then a sample saved again through the ORM must change nothing) in its own database on
the machine's PostgreSQL, then measures every page (``bench/scale_pages.py``) anonymous and
signed in: in process with Django's test client (median, p95, queries), and under gunicorn
(``gunicorn.conf.py``) beside a bare Django view in the same run, then 100 clients on a mix of
ordinary pages (``bench/scale_load.py``). Prints PASS/OVER against issue 15's goals.

    make bench-scale                                          # generate if missing, measure all
    .venv/bin/python bench/scale.py --reuse --pages question  # one page again, quickly
    .venv/bin/python bench/scale.py --generate-only           # the data set only

Exit code 0 whatever the timings (a report); 1 if a page does not answer 200.
"""

import argparse
import os
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.common import configure_django, load_average, print_table, step  # noqa: E402

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432"
DEFAULT_DATABASE = "issue15_bench_scale"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", default=os.environ.get("BENCH_SERVER", DEFAULT_SERVER))
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    parser.add_argument(
        "--scale", type=float, default=1.0, help="fraction of the full data set (default 1)"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="the database is already generated: skip generation, VACUUM and verification",
    )
    parser.add_argument("--generate-only", action="store_true")
    parser.add_argument(
        "--pages",
        default="",
        help="only pages whose label or URL contains one of these comma-separated words",
    )
    parser.add_argument("--runs", type=int, default=10, help="timed runs a page (default 10)")
    parser.add_argument(
        "--in-process-only", action="store_true", help="skip gunicorn, the bare view and the mix"
    )
    parser.add_argument("--seconds", type=float, default=5, help="load per page under gunicorn")
    parser.add_argument("--mix-seconds", type=float, default=30, help="the 100 clients' mix")
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument(
        "--explain", action="store_true", help="EXPLAIN ANALYZE the slowest query of each page"
    )
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    # The server's maintenance database first; configure_django moves to the bench's own.
    os.environ["DATABASE_URL"] = f"{args.server}/postgres"
    configure_django(args.database)
    from django.core.management import call_command

    from bench import scale_data

    started = time.perf_counter()
    if not args.reuse:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        print(f"Generating the data set (scale {args.scale}), {load_average()}")
        if scale_data.generate(args.scale, step):
            scale_data.vacuum_analyze()
        scale_data.verify()
        print(f"Data set ready in {time.perf_counter() - started:.0f} s")
    print_table([("table", "rows", "size"), *scale_data.table_sizes()], numeric={1, 2})
    if args.generate_only:
        return 0
    # What the worker keeps ready every few minutes (UNIT_FIGURES_CRON), as a served portal has
    # it: without it the unit pages count their questions live (0.5 s for the largest unit).
    from django.utils import timezone

    from seminars.qa.unit_figures import figures_refresh

    figures_refresh(now=timezone.now())
    from bench import scale_measure

    return scale_measure.run(args, database_url=f"{args.server}/{args.database}")


if __name__ == "__main__":
    sys.exit(main())
