"""The pages under gunicorn (``gunicorn.conf.py``), beside the bare view, loaded by wrk from
another process; then 100 clients on a mix of ordinary pages.

gunicorn runs the project with ``bench/scale_settings.py`` (the bare view's URL, static files
collected into a temporary directory), ``DEBUG=0``, on a free port of 127.0.0.1, and is stopped
at the end whatever happens. Signed-in requests carry the session cookie of the bench's member,
made in process with ``force_login``. wrk (Debian's package) keeps ``CONNECTIONS`` connections
busy for ``--seconds`` per page; requests per second are compared with the bare view's, measured
before and after the pages (their mean), for the same role.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.common import (
    BARE_URL,
    BASE_DIR,
    free_port,
    load_average,
    print_table,
    quote_url,
    spawn,
    stop_process,
    wait_for_port,
)
from bench.scale_pages import ANONYMOUS, MEMBER, bench_people

CONNECTIONS, THREADS = 8, 2
# A page slower than this in process is not loaded with wrk (its requests/s are ~0; a warm-up
# alone would take minutes): reported OVER with its in-process time.
TOO_SLOW_MS = 3000
RATIO_GOAL = 0.5
MIX_P95_GOAL_MS = 1000
RATE_RE = re.compile(r"Requests/sec:\s+([\d.]+)")
NON_2XX_RE = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
ERRORS_RE = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
MIX_RE = re.compile(r"^MIX (.*)$", re.MULTILINE)

MIX_SCRIPT = """
local entries = {%(entries)s}
local i = math.random(#entries)
request = function()
  i = i %% #entries + 1
  local entry = entries[i]
  local headers = {}
  if entry[2] ~= "" then headers["Cookie"] = entry[2] end
  return wrk.format("GET", entry[1], headers)
end
done = function(summary, latency, requests)
  io.write(string.format("MIX %%d %%d %%d %%d %%d %%d %%d %%.1f %%.1f %%.1f\\n",
    summary.requests, summary.duration, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.status, summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000))
end
"""


def session_cookies() -> dict:
    """The Cookie header of each role (anonymous: none)."""
    from django.conf import settings
    from django.test import Client

    cookies = {ANONYMOUS: ""}
    for role, user in bench_people().items():
        client = Client()
        client.force_login(user)
        cookies[role] = (
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )
    return cookies


class Gunicorn:
    """The portal under gunicorn with the project's config file, in a temporary directory."""

    def __init__(self, database_url: str, root: Path):
        self.root, self.port = root, free_port()
        self.env = dict(
            os.environ,
            DATABASE_URL=database_url,
            DJANGO_SETTINGS_MODULE="bench.scale_settings",
            BENCH_STATIC_ROOT=str(root / "static"),
            PYTHONPATH=str(BASE_DIR),
            DEBUG="0",
            GUNICORN_BIND=f"127.0.0.1:{self.port}",
            GUNICORN_ACCESS_LOG=str(root / "access.log"),
            GUNICORN_ERROR_LOG=str(root / "gunicorn.log"),
        )
        for name in ("REDIS_URL", "TEST_DATABASE_NAME"):
            self.env.pop(name, None)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=BASE_DIR,
            env=self.env,
            check=True,
        )
        command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
        self.process = spawn(self.env, [*command, "emulation_cluster.wsgi"], root / "stdout.log")
        wait_for_port(self.port, process=self.process)
        self.url = f"http://127.0.0.1:{self.port}"
        self.get(BARE_URL, "", attempts=60)  # the workers booted and answering

    def get(self, path: str, cookie: str, attempts: int = 1) -> int:
        """Status of one GET (a warm-up: each worker imports and compiles on first use)."""
        request = urllib.request.Request(self.url + path, headers={"Cookie": cookie})
        for attempt in range(attempts):
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    return response.status
            except urllib.error.HTTPError as error:
                return error.code
            except OSError:
                if attempt == attempts - 1:
                    raise
                time.sleep(1)
        return 0

    def stop(self):
        stop_process(self.process)

    def log_tail(self, lines=20) -> str:
        text = (self.root / "gunicorn.log").read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])


def wrk(url: str, cookie: str, seconds: float) -> dict:
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds:.0f}s", "--timeout", "10s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run([*command, url], capture_output=True, text=True).stdout
    rate = RATE_RE.search(output)
    non_2xx = NON_2XX_RE.search(output)
    errors = ERRORS_RE.search(output)
    return {
        "rate": float(rate.group(1)) if rate else 0.0,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "errors": sum(map(int, errors.groups())) if errors else 0,
    }


def compare(app: Gunicorn, pages, cookies, seconds: float, in_process_ms: dict):
    """Requests/s of each page (anonymous and member) and its ratio to the bare view."""
    roles = (ANONYMOUS, MEMBER)
    wrk(app.url + BARE_URL, "", 3)  # every worker warm (not counted)
    bare_before = {role: wrk(app.url + BARE_URL, cookies[role], seconds) for role in roles}
    measured = []
    for page in pages:
        for role in roles:
            if role in page.roles and (page.core or page.mix):
                if in_process_ms.get((page.label, role), 0) > TOO_SLOW_MS:
                    measured.append((page, role, None))
                    continue
                app.get(quote_url(page.url), cookies[role])  # warm-up
                measured.append(
                    (page, role, wrk(app.url + quote_url(page.url), cookies[role], seconds))
                )
    bare_after = {role: wrk(app.url + BARE_URL, cookies[role], seconds) for role in roles}
    bare = {role: (bare_before[role]["rate"] + bare_after[role]["rate"]) / 2 for role in roles}
    table = [("page", "role", "req/s", "× bare", "non-2xx", "errors", "goal")]
    for role in roles:
        table.append(
            (
                "bare view",
                role,
                f"{bare[role]:.0f}",
                "1.00",
                str(bare_before[role]["non_2xx"] + bare_after[role]["non_2xx"]),
                str(bare_before[role]["errors"] + bare_after[role]["errors"]),
                f"(before {bare_before[role]['rate']:.0f}, after {bare_after[role]['rate']:.0f})",
            )
        )
    for page, role, figures in measured:
        if figures is None:
            median = in_process_ms[(page.label, role)] / 1000
            note = f"not loaded: {median:.1f} s a request in process"
            table.append(
                (page.label, role, "-", "-", "-", "-", ("OVER " if page.core else "") + note)
            )
            continue
        ratio = figures["rate"] / bare[role] if bare[role] else 0.0
        goal = ("PASS" if ratio >= RATIO_GOAL else "OVER") if page.core else ""
        table.append(
            (
                page.label,
                role,
                f"{figures['rate']:.1f}",
                f"{ratio:.3f}",
                str(figures["non_2xx"]),
                str(figures["errors"]),
                goal,
            )
        )
    print()
    print(
        f"Under gunicorn (gunicorn.conf.py, {app.env.get('WEB_CONCURRENCY') or 'default'}"
        f" workers), wrk {THREADS} threads × {CONNECTIONS} connections, {seconds:.0f} s a page;"
        f" core pages ≥ {RATIO_GOAL}× the bare view. {load_average()}"
    )
    print_table(table, numeric={2, 3, 4, 5})


def mix(app: Gunicorn, pages, cookies, clients: int, seconds: float):
    """``clients`` connections on the ordinary pages, half anonymous, half the member."""
    entries = []
    for page in pages:
        if page.mix:
            for role in (ANONYMOUS, MEMBER):
                if role in page.roles:
                    entries.append(f'{{"{quote_url(page.url)}", "{cookies[role]}"}}')
    if not entries:
        print("\nMix: no page of the mix selected (--pages).")
        return
    script = app.root / "mix.lua"
    script.write_text(MIX_SCRIPT % {"entries": ", ".join(entries)})
    threads = min(4, clients)
    # A request is given 30 s before it counts as an error: the latency is what is measured.
    command = ["wrk", f"-t{threads}", f"-c{clients}", f"-d{seconds:.0f}s", "--timeout", "30s"]
    output = subprocess.run(
        [*command, "-s", str(script), app.url], capture_output=True, text=True
    ).stdout
    found = MIX_RE.search(output)
    if not found:
        print(f"\nMix: wrk gave no figures:\n{output}")
        return
    values = found.group(1).split()
    requests, duration = int(values[0]), int(values[1]) / 1e6
    errors = sum(int(value) for value in values[2:7])
    p50, p95, p99 = (float(value) for value in values[7:10])
    ok = errors == 0 and p95 <= MIX_P95_GOAL_MS
    print(
        f"\nMix: {clients} clients, {len(entries)} page × role, {duration:.0f} s:"
        f" {requests} requests ({requests / duration:.1f}/s), errors {errors}"
        f" (connect/read/write/status/timeout {'/'.join(values[2:7])});"
        f" latency ms p50 {p50:.0f}, p95 {p95:.0f}, p99 {p99:.0f}"
        f" -> {'PASS' if ok else 'OVER'} (0 errors, p95 ≤ {MIX_P95_GOAL_MS} ms). {load_average()}"
    )


def run(args, database_url: str, pages, rows):
    if shutil.which("wrk") is None:
        print("\nwrk is not installed (apt-get install -y wrk): no gunicorn figures.")
        return
    cookies = session_cookies()
    from django.db import connections

    connections.close_all()  # the bench's own connection stays out of gunicorn's way
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as directory:
        root = Path(directory)
        app = Gunicorn(database_url, root)
        try:
            in_process_ms = {(page.label, role): m.median for page, role, m in rows if m.ok}
            compare(app, pages, cookies, args.seconds, in_process_ms)
            mix(app, pages, cookies, args.clients, args.mix_seconds)
        finally:
            app.stop()
            errors = [line for line in app.log_tail(200).splitlines() if "Error" in line]
            if errors:
                print("gunicorn.log:", *errors[-10:], sep="\n  ")
