"""What the benchmarks share: their own database, Vietnamese filler text, timing and tables.

Imported by the scripts of this folder as ``from bench.common import ...`` (each script puts the
project root on ``sys.path`` first). Nothing here touches the development database.
"""

import math
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

BASE_DIR = Path(__file__).resolve().parent.parent
# The bare Django view of ``bench/bare_urls.py``, the ceiling pages are compared with.
BARE_URL = "/__bench__/bare/"

# Phrases of the generated titles and write-ups; the benchmarks search some of them.
PHRASES = [
    "mệnh lệnh",
    "tuần tra",
    "ban đêm",
    "camera",
    "giám sát",
    "an ninh",
    "trật tự",
    "phòng ngừa",
    "tội phạm",
    "tuyên truyền",
    "nhân dân",
    "khu dân cư",
    "tự quản",
    "phòng cháy",
    "chữa cháy",
    "giao thông",
    "đường thủy",
    "học sinh",
    "trường học",
    "ma túy",
    "cai nghiện",
    "hòa giải",
    "mâu thuẫn",
    "thanh niên",
    "tình nguyện",
    "phụ nữ",
    "cựu chiến binh",
    "doanh nghiệp",
    "chợ",
    "bến xe",
    "nhà trọ",
    "công nhân",
    "lưu trú",
    "cư trú",
    "định danh",
    "điện tử",
    "chuyển đổi số",
    "thủ tục",
    "hành chính",
    "một cửa",
    "đường dây nóng",
    "tố giác",
    "lừa đảo",
    "trực tuyến",
    "không gian mạng",
    "tổ dân phố",
    "liên gia",
    "mô tô",
    "xe máy",
    "nồng độ cồn",
    "cứu nạn",
    "cứu hộ",
    "bảo vệ",
    "môi trường",
    "kinh tế",
    "ngày hội",
    "toàn dân",
    "bảo vệ an ninh Tổ quốc",
    "lực lượng",
    "dân phòng",
    "bảo vệ dân phố",
    "sáng kiến",
    "kinh nghiệm",
    "hiệu quả",
    "nhân rộng",
    "đồng bộ",
    "phối hợp",
    "chính quyền",
    "đoàn thể",
    "người cao tuổi",
    "trẻ em",
    "bạo lực",
    "gia đình",
    "an toàn",
    "vệ sinh",
    "thực phẩm",
]

TOPICS = [
    "An ninh trật tự",
    "Phòng cháy chữa cháy",
    "Giao thông",
    "Phòng chống ma túy",
    "Chuyển đổi số",
    "Dân vận",
    "Phòng chống tội phạm công nghệ cao",
    "Quản lý cư trú",
    "Thanh thiếu niên",
    "Xây dựng lực lượng",
    "Cải cách hành chính",
    "Bảo vệ môi trường",
]


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(PHRASES) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng, rng.randint(5, 12)) for _ in range(sentences))


# --- a database of the benchmark's own -----------------------------------------------------------


def unit_get_or_create(cluster, name, short_name, kind, parent, city):
    """A unit of a bench's tree, found again by its slug: a second run adds nothing."""
    from django.utils.text import slugify

    from emulation_cluster.models import Unit
    from emulation_cluster.vietnamese import fold

    found, _ = Unit.objects.get_or_create(
        slug=slugify(fold(short_name))[:80],
        defaults={
            "name": name,
            "short_name": short_name,
            "kind": kind,
            "parent": parent,
            "cluster": cluster if parent is None else None,
            "city": city,
        },
    )
    return found


def server_connect(database: dict, dbname: str | None = None):
    """An autocommit psycopg connection with Django's parameters of ``database``."""
    import psycopg

    params = {
        "dbname": dbname or database.get("NAME") or "postgres",
        "user": database.get("USER") or None,
        "password": database.get("PASSWORD") or None,
        "host": database.get("HOST") or None,
        "port": database.get("PORT") or None,
    }
    django_only = {"pool", "server_side_binding", "isolation_level", "assume_role"}
    for key, value in (database.get("OPTIONS") or {}).items():
        if key not in django_only:
            params[key] = value
    params = {key: value for key, value in params.items() if value is not None}
    return psycopg.connect(autocommit=True, **params)


def create_database(database: dict, name: str) -> bool:
    """Create database ``name`` on the server of ``database`` if missing; True if created."""
    from psycopg import sql

    with server_connect(database, "postgres") as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return True


def drop_database(database: dict, name: str):
    from psycopg import sql

    with server_connect(database, "postgres") as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def configure_django(name: str) -> dict:
    """Point Django at database ``name`` (created if missing) on the configured server, then set
    it up, as production serves (no debug). Returns the original ``DATABASES['default']``."""
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emulation_cluster.settings")
    from django.conf import settings

    # The static files are not collected here; whitenoise's warning about it is noise.
    warnings.filterwarnings("ignore", message="No directory at")
    # Importing the settings starts (or joins) the embedded server when DATABASE_URL is unset.
    original = dict(settings.DATABASES["default"])
    if original["NAME"] == name:
        raise SystemExit(f"The development database is already named {name}; stopping.")
    created = create_database(original, name)
    settings.DATABASES["default"]["NAME"] = name
    # Measure as production serves: no debug query log, no template debug information.
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    import django

    django.setup()
    print(
        f"Database {name} on {original.get('HOST') or 'localhost'}"
        f" ({'created' if created else 'existing'})"
    )
    return original


# --- timing and reports --------------------------------------------------------------------------


def quote_url(url: str) -> str:
    """``url`` with its query string encoded as a browser would send it."""
    path, _, query = url.partition("?")
    return f"{path}?{urlencode(parse_qsl(query))}" if query else path


def percentile(values, fraction):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def progress(text: str):
    """A transient status line on a terminal; nothing when the output is a file."""
    if sys.stdout.isatty():
        print(f"\r{text:<70}", end="" if text else "\r", flush=True)


def step(text: str):
    """Progress of a long run: a status line on a terminal, a line a step in a log file."""
    if sys.stdout.isatty() or not text:
        progress(text)
    else:
        print(text, flush=True)


def print_table(rows, numeric=frozenset()):
    """``rows[0]`` is the header; columns whose index is in ``numeric`` are right-aligned."""
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]

    def line(row):
        cells = [
            str(cell).rjust(widths[i]) if i in numeric else str(cell).ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        return "  ".join(cells).rstrip()

    print(line(rows[0]))
    print("  ".join("-" * width for width in widths))
    for row in rows[1:]:
        print(line(row))


def server_settings() -> str:
    """The database server's settings that decide the figures (the bench's own connection)."""
    from django.db import connection

    names = ("server_version", "shared_buffers", "effective_cache_size", "work_mem", "jit")
    with connection.cursor() as cursor:
        values = []
        for name in names:
            cursor.execute(f"SHOW {name}")
            values.append(f"{name} {cursor.fetchone()[0]}")
    return "PostgreSQL: " + ", ".join(values)


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f}"


# --- processes -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def spawn(env, args, log: Path) -> subprocess.Popen:
    """A process of its own session: Ctrl-C reaches the bench only, which then stops it."""
    with log.open("ab") as output:
        return subprocess.Popen(
            args, cwd=BASE_DIR, env=env, stdout=output, stderr=output, start_new_session=True
        )


def stop_process(process: subprocess.Popen):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_for_port(port: int, timeout: float = 60.0, process: subprocess.Popen | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the process stopped with code {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"nothing listens on port {port} after {timeout:.0f} s")


# --- in-process measuring ------------------------------------------------------------------------

WARMUP_RUNS = 3
SLOW_PAGE_MS = 2000
SLOW_PAGE_RUNS = 5


class Measured:
    """Timings (ms) of one page's timed runs, its status and the queries of one more request."""

    def __init__(self, status, timings=(), queries=()):
        self.status, self.timings, self.captured = status, list(timings), list(queries)

    @property
    def ok(self) -> bool:
        return self.status == 200 and bool(self.timings)

    @property
    def median(self):
        return statistics.median(self.timings)

    @property
    def p95(self):
        return percentile(self.timings, 0.95)

    @property
    def queries(self) -> int:
        return len(self.captured)

    @property
    def runs(self) -> int:
        return len(self.timings)


def measure(
    client, url, runs, *, slow_runs=SLOW_PAGE_RUNS, slow_warmups=WARMUP_RUNS, very_slow_ms=None
) -> Measured:
    """GETs of ``url`` with ``client``: warm-up, then ``runs`` timed ones, then one more inside
    ``CaptureQueriesContext`` (counted apart: capturing adds its own overhead).

    A page slower than ``SLOW_PAGE_MS`` on its first warm-up gets ``slow_warmups`` warm-up and
    ``slow_runs`` timed runs only, the last of them capturing the queries, so that one
    pathological page cannot stretch the run past a few minutes; over ``very_slow_ms``, one run.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    slow = False
    for attempt in range(WARMUP_RUNS):
        if slow and attempt >= slow_warmups:
            break
        started = time.perf_counter()
        response = client.get(url)
        if response.status_code != 200:
            return Measured(response.status_code)
        first_ms = (time.perf_counter() - started) * 1000
        if attempt == 0 and first_ms > SLOW_PAGE_MS:
            slow, runs = True, min(runs, slow_runs)
        if attempt == 0 and very_slow_ms is not None and first_ms > very_slow_ms:
            slow_warmups, runs = 0, 1

    def timed_get():
        started = time.perf_counter()
        response = client.get(url)
        return response.status_code, (time.perf_counter() - started) * 1000

    timings = []
    for _ in range(runs - 1 if slow else runs):
        status, elapsed = timed_get()
        if status != 200:
            return Measured(status)
        timings.append(elapsed)
    with CaptureQueriesContext(connection) as captured:
        status, elapsed = timed_get()
    if slow:  # the capture's overhead is small beside seconds: this run counts
        timings.append(elapsed)
    return Measured(status, timings, captured.captured_queries)
