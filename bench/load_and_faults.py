"""Load and faults: with 100 clients at work, is anything sent lost when PostgreSQL or SMTP fails?

Starts in a temporary directory, and stops on exit (Ctrl-C and errors too): a private PostgreSQL
(pgserver's binaries, a free port of 127.0.0.1; never the development database nor the server
on 5432), an SMTP server (aiosmtpd) recording what it receives, the portal under gunicorn
(``--workers`` sync workers, ``DEBUG=0``) and the background worker ``manage.py worker``.
The database gets the demo data, one user per client (in each city one in eight an editor, one
in eight an organizer, the others members) and a scheduled seminar inviting four cities.

Each client signs in through the login form from an address of its own (127.0.x.y: the login
rate limit counts per address), reads (home, model list, a model, the seminar, the Q&A list, a
question) and writes through the forms with their CSRF and one-submission tokens: asks, answers
officially (editors), votes, replies to the seminar's invitation (organizers). Each write carries
a token of its own in its text; a failed one (5xx, no answer) is sent again, the same form, as a
person pressing Reload would. Three phases of ``--seconds``: (a) normal load; (b) PostgreSQL
restarted (``pg_ctl restart -m fast``) mid-phase; (c) the SMTP server stopped for the middle
third. After each, the bench waits for the outbox to drain, then compares the acknowledged writes
(the redirect after POST) with the rows in the database, and the phase's outbox rows with what
the SMTP server received (an email's ``Message-ID`` names its row).

    make bench-load                                              # 100 clients, 20 s a phase
    .venv/bin/python bench/load_and_faults.py --seconds 5 --clients 20   # quick check
    .venv/bin/python bench/load_and_faults.py --keep             # keep the logs and the database

Exit code 0 when the goal is met (0 lost writes, 0 lost messages, 0 duplicates, no 5xx outside
the restart window, gunicorn and the worker keep their PIDs), 1 otherwise.
"""

import argparse
import contextlib
import http.client
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import warnings
from collections import Counter
from email import message_from_bytes
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.common import free_port, spawn, stop_process  # noqa: E402 (root on the path first)

PYTHON = sys.executable
PASSWORD = "demo-cum1-2025"
DATABASE = "emulation_cluster"
OUTBOX = "emulation_cluster_outgoingmessage"
LOGIN = "/accounts/login/"
THINK_SECONDS = (0.1, 1.0)  # between two actions of a client
WRITE_SHARE = 0.3  # of the actions
RETRY_WAIT, RETRY_FOR = 0.5, 15.0  # a failed write is sent again for up to 15 s
DRAIN_TIMEOUT = 120
# The portal as in production (DEBUG off), mail to the bench's SMTP server, retries in seconds.
SETTINGS_ENV = (
    "DJANGO_ENV=development DEBUG=0 EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend"
    " EMAIL_HOST=127.0.0.1 EMAIL_TIMEOUT=5 OUTBOX_RETRY_BASE_SECONDS=1 OUTBOX_RETRY_MAX_SECONDS=5"
    " OUTBOX_MAX_ATTEMPTS=50"
)
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TOKEN_RE = re.compile(r"\b[abc]-\d{3}-\d{4}\b")
OUTBOX_ID_RE = re.compile(r"<outbox-(\d+)@")
# Lines of the logs worth showing as they are: a worker that stops, a message given up.
NOTABLE_RE = re.compile(
    r"Side task|stopped by itself|failed for good|WORKER TIMEOUT|Worker exiting|Booting worker"
)
SERVER_RE = re.compile(r'connection to server at "[^"]*", port \d+ failed: ')
PLURAL = {"question": "questions", "answer": "answers", "vote": "votes", "reply": "replies"}


def sleep_until(moment: float):
    time.sleep(max(0.0, moment - time.monotonic()))


# --- what the bench starts ---------------------------------------------------------------------


class Postgres:
    """A private PostgreSQL in ``root/pg`` on a free port of 127.0.0.1, which may be restarted."""

    def __init__(self, root: Path):
        from pgserver._commands import POSTGRES_BIN_PATH

        self.bin, self.data, self.log = POSTGRES_BIN_PATH, root / "pg", root / "postgres.log"
        self.port, self.user = free_port(), None
        self.data.mkdir()
        self.log.touch()
        if os.geteuid() == 0:  # postgres refuses to run as root: pgserver's own user runs it
            from pgserver.utils import ensure_prefix_permissions, ensure_user_exists

            self.user = ensure_user_exists("pgserver").pw_name
            ensure_prefix_permissions(self.data)
            for path in (self.data, self.log):
                shutil.chown(path, self.user, self.user)
        self._run("initdb", "-D", self.data, "--auth=trust", "-U", "postgres", "-E", "utf8")
        self.ctl("start")
        with self.connect("postgres") as db:
            db.execute(f'CREATE DATABASE "{DATABASE}"')
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/{DATABASE}"

    def _run(self, program, *args):
        # Errors to a file, not a pipe: the postmaster would inherit it and hold the call.
        with tempfile.TemporaryFile() as errors:
            command = [str(self.bin / program), *map(str, args)]
            done = subprocess.run(command, user=self.user, stdout=subprocess.DEVNULL, stderr=errors)
            if done.returncode:
                errors.seek(0)
                raise RuntimeError(f"{program} {args[-1]}: {errors.read().decode()}")

    def ctl(self, action: str):
        options = f"-h 127.0.0.1 -p {self.port} -k {self.data}"
        self._run(
            "pg_ctl", "-D", self.data, "-l", self.log, "-w", "-m", "fast", "-o", options, action
        )

    def connect(self, dbname=DATABASE):
        import psycopg

        return psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname=dbname, autocommit=True
        )

    def stop(self):
        with contextlib.suppress(RuntimeError):
            self.ctl("stop")


class MailSink:
    """An SMTP server on a free port recording (outbox row id, recipient) of each message."""

    def __init__(self):
        self.port, self.received, self.controller = free_port(), [], None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook
        message_id = message_from_bytes(envelope.original_content).get("Message-ID", "")
        found = OUTBOX_ID_RE.search(message_id)
        for recipient in envelope.rcpt_tos:
            self.received.append((int(found.group(1)) if found else None, recipient))
        return "250 OK"

    def start(self):
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


def manage(env, *args):
    command = [PYTHON, "manage.py", *args]
    done = subprocess.run(command, cwd=BASE_DIR, env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)}:\n{done.stdout}{done.stderr}")


def seed(count: int) -> dict:
    """The bench's users and seminar; run by ``--seed`` in the environment of the bench."""
    import django

    sys.path.insert(0, str(BASE_DIR))
    django.setup()
    from datetime import timedelta

    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from emulation_cluster.enums import Role
    from emulation_cluster.models import Membership, Unit
    from models_registry.models import ExemplaryModel
    from seminars.enums import SeminarStatus
    from seminars.models import Seminar, SeminarInvitation
    from seminars.qa.models import Question

    units = {unit.pk: unit for unit in Unit.objects.all()}

    def city_of(unit):
        return city_of(units[unit.parent_id]) if unit.parent_id else unit

    cities = sorted((u for u in units.values() if u.parent_id is None and u.cluster_id), key=str)
    host = next(city for city in cities if city.slug == "catp-ha-noi")
    starts = timezone.now() + timedelta(days=30)
    seminar = Seminar.objects.create(
        title="Hội nghị thử tải", cluster_id=host.cluster_id, host_unit=host, starts_at=starts,
        ends_at=starts + timedelta(hours=3), venue="Hội trường", status=SeminarStatus.SCHEDULED,
    )  # fmt: skip
    SeminarInvitation.objects.bulk_create(
        SeminarInvitation(seminar=seminar, unit=city) for city in cities if city != host
    )
    password, users = make_password(PASSWORD), []  # hashed once: a hundred would take a minute
    for number in range(count):
        city, rank = cities[number % len(cities)], number // len(cities) % 8
        role = Role.EDITOR if rank == 0 else Role.ORGANIZER if rank == 1 else Role.MEMBER
        email = f"bench{number:03d}@bench.invalid"
        user = get_user_model().objects.create(username=email, email=email, password=password)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        Membership.objects.create(user=user, unit=city, role=role)
        tree = [unit.pk for unit in units.values() if city_of(unit) == city]
        invited = role == Role.ORGANIZER and city != host
        users.append(
            dict(id=user.pk, email=email, role=role, unit=city.pk, tree=tree, invited=invited)
        )
    models = [
        {"url": model.get_absolute_url(), "slug": model.slug, "owner": model.owner_unit_id}
        for model in ExemplaryModel.objects.published()
    ]
    questions = [[question.pk, question.owner_unit_id] for question in Question.objects.all()]
    return {"users": users, "models": models, "questions": questions, "seminar": seminar.pk}


# --- the clients -------------------------------------------------------------------------------


class Phase:
    """What the clients did in one phase, and when its fault began and ended."""

    def __init__(self, name: str, title: str):
        self.name, self.title, self.fault = name, title, None
        self.requests = []  # (started, ended, status); status 0: no answer
        self.acks, self.unacknowledged, self.crashes = [], [], []  # (kind, key[, status])


def hidden(page: str, element_id: str) -> str:
    tag = re.search(rf'<input[^>]*id="{element_id}"[^>]*>', page)
    value = tag and re.search(r'value="([^"]*)"', tag.group(0))
    return value.group(1) if value else ""


class Client:
    """One signed-in person with a browser's cookies, from an address of its own."""

    def __init__(self, number: int, user: dict, port: int, shared: dict):
        self.number, self.user, self.port, self.shared = number, user, port, shared
        self.source = f"127.0.{1 + number // 250}.{1 + number % 250}"
        self.rng, self.cookies, self.csrf = random.Random(number), {}, ""
        self.sent, self.voted, self.phase = 0, set(), Phase("-", "")

    def request(self, method, path, data=None):
        """(status, Location, page) of one request, recorded; status 0 when no answer came."""
        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}
        if data is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            data = urlencode(data)
        started, status, location, page = time.monotonic(), 0, "", ""
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=60, source_address=(self.source, 0)
        )
        try:
            connection.request(method, path, data, headers)
            response = connection.getresponse()
            page = response.read().decode("utf-8", "replace")
            status, location = response.status, response.getheader("Location", "")
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    if morsel.value and morsel["max-age"] != "0":
                        self.cookies[name] = morsel.value
                    else:
                        self.cookies.pop(name, None)
        except (OSError, http.client.HTTPException):
            pass
        finally:
            connection.close()
        self.phase.requests.append((started, time.monotonic(), status))
        if found := CSRF_RE.search(page):
            self.csrf = found.group(1)
        return status, location, page

    def login(self) -> bool:
        self.request("GET", LOGIN)
        form = {"csrfmiddlewaretoken": self.csrf, "login": self.user["email"], "password": PASSWORD}
        status, location, _page = self.request("POST", LOGIN, form)
        return status == 302 and LOGIN not in location

    def write(self, kind, path, form, key) -> str:
        """POST the same form until the portal acknowledges it (a redirect), for at most
        ``RETRY_FOR`` seconds; returns where it redirected ('' if refused or given up)."""
        give_up = time.monotonic() + RETRY_FOR
        while True:
            status, location, _page = self.request("POST", path, form)
            if status == 302 and LOGIN not in location:
                self.phase.acks.append((kind, key))
                return location
            if 0 < status < 500 or time.monotonic() > give_up:
                self.phase.unacknowledged.append((kind, key, status))
                return ""
            time.sleep(RETRY_WAIT)

    def form(self, **fields) -> dict:
        return {"csrfmiddlewaretoken": self.csrf, **fields}

    def token(self) -> str:
        self.sent += 1
        return f"{self.phase.name}-{self.number:03d}-{self.sent:04d}"

    def ask(self):
        model = self.rng.choice(
            [m for m in self.shared["models"] if m["owner"] != self.user["unit"]]
        )
        path = f"/hoi-dap/hoi/{model['slug']}/"
        status, _location, page = self.request("GET", path)
        if status != 200 or not (form_token := hidden(page, "id_token")):
            return
        token = self.token()
        form = self.form(
            asking_unit=self.user["unit"],
            title=f"Câu hỏi thử tải {token}: tuần tra ban đêm tổ chức thế nào?",
            body=f"Đơn vị muốn biết ({token}): phân công, trang bị, kết quả.",
            seminar="",
            token=form_token,
        )
        if found := re.search(r"/hoi-dap/(\d+)/", self.write("question", path, form, token)):
            self.shared["questions"].append([int(found.group(1)), model["owner"]])

    def answer(self, question: int):
        status, _location, page = self.request("GET", f"/hoi-dap/{question}/")
        if status != 200 or not (form_token := hidden(page, "id_answer_token")):
            return
        token = self.token()
        body = f"Trả lời chính thức thử tải {token}: chia ca tuần tra theo địa bàn."
        form = self.form(body=body, token=form_token)
        self.write("answer", f"/hoi-dap/{question}/tra-loi/", form, token)

    def vote(self, question: int):
        if self.request("GET", f"/hoi-dap/{question}/")[0] == 200:
            self.voted.add(question)
            path, key = f"/hoi-dap/{question}/binh-chon/", (question, self.user["id"])
            self.write("vote", path, self.form(vote="up"), key)

    def reply(self):
        path = f"/hoi-nghi/{self.shared['seminar']}/tra-loi/"
        if self.request("GET", path)[0] == 200:
            token = self.token()
            form = self.form(
                unit=self.user["unit"],
                reply="attending",
                delegation_size=self.rng.randint(1, 9),
                delegation_names=f"Đoàn thử tải {token}",
            )
            self.write("reply", path, form, token)

    def step(self):
        questions, user = self.shared["questions"], self.user
        if self.rng.random() >= WRITE_SHARE:
            pages = ["/", "/mo-hinh/", "/hoi-dap/", f"/hoi-nghi/{self.shared['seminar']}/"]
            pages += [self.rng.choice(self.shared["models"])["url"]]
            pages += [f"/hoi-dap/{self.rng.choice(questions)[0]}/"]
            return self.request("GET", self.rng.choice(pages))
        mine = [q for q, owner in questions if owner in user["tree"]]
        if user["role"] == "editor" and mine and self.rng.random() < 0.7:
            return self.answer(self.rng.choice(mine))
        if user["invited"] and self.rng.random() < 0.7:
            return self.reply()
        not_voted = [q for q, _owner in questions if q not in self.voted]
        if not_voted and self.rng.random() < 0.5:
            return self.vote(self.rng.choice(not_voted))
        return self.ask()

    def run(self, phase: Phase, deadline: float):
        self.phase = phase
        while time.monotonic() < deadline:
            try:
                self.step()
            except Exception:  # noqa: BLE001 - a bench bug is reported; the others go on
                phase.crashes.append(traceback.format_exc())
            time.sleep(self.rng.uniform(*THINK_SECONDS))


# --- the phases and their figures --------------------------------------------------------------


def rows_in_database(db) -> dict[str, Counter]:
    """How many rows carry each bench token; for votes, each (question, voter)."""
    found = {kind: Counter() for kind in ("question", "answer", "vote", "reply")}
    for kind, query in (
        ("question", "SELECT title FROM seminars_question"),
        ("answer", "SELECT body FROM seminars_answer"),
        # A reply is the audit entry whose new delegation names carry the token.
        ("reply", "SELECT changes->'delegation_names'->>1 FROM emulation_cluster_auditentry"),
    ):
        for (text,) in db.execute(query):
            found[kind].update(TOKEN_RE.findall(text or "")[:1])
    for question, voter, count in db.execute(
        "SELECT question_id, voter_id, count(*) FROM seminars_vote GROUP BY 1, 2"
    ):
        found["vote"][(question, voter)] = count
    return found


def percentiles(values) -> str:
    ordered = sorted(values) or [0.0]
    picks = {q: ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))] for q in (50, 95, 99)}
    return ", ".join(f"p{q} {value:.0f}" for q, value in picks.items())


class Bench:
    """The services, the clients signed in, and the phases with their figures."""

    def __init__(self, args, root: Path, stack: contextlib.ExitStack):
        self.args, self.root, self.port = args, root, free_port()
        self.pg = Postgres(root)
        stack.callback(self.pg.stop)
        self.sink = MailSink()
        self.sink.start()
        stack.callback(self.sink.stop)
        (root / "bench_settings.py").write_text(
            "from emulation_cluster.settings import *  # noqa: F403\n"
            f"STATIC_ROOT = {str(root / 'static')!r}\n"
        )
        self.env = dict(os.environ, **dict(item.split("=") for item in SETTINGS_ENV.split()))
        self.env.update(
            DATABASE_URL=self.pg.url,
            DJANGO_SETTINGS_MODULE="bench_settings",  # the project's, with STATIC_ROOT in root
            PYTHONPATH=f"{root}{os.pathsep}{BASE_DIR}",
            MEDIA_ROOT=str(root / "media"),
            PORTAL_URL=f"http://127.0.0.1:{self.port}",
            EMAIL_PORT=str(self.sink.port),
        )
        for name in ("REDIS_URL", "TEST_DATABASE_NAME"):
            self.env.pop(name, None)
        print(f"PostgreSQL on port {self.pg.port}, SMTP on {self.sink.port}, files in {root}")
        for command in ("migrate --noinput", "createcachetable", "collectstatic --noinput"):
            manage(self.env, *command.split())
        for command in ("load_demo", "load_demo_seminar", "load_demo_questions"):
            manage(self.env, command)
        seeding = [PYTHON, __file__, "--seed", str(args.clients)]
        self.shared = json.loads(subprocess.check_output(seeding, env=self.env).splitlines()[-1])
        gunicorn = [PYTHON, "-m", "gunicorn", "emulation_cluster.wsgi", "--workers"]
        gunicorn += [str(args.workers), "--bind", f"127.0.0.1:{self.port}"]
        self.app = spawn(self.env, gunicorn, root / "gunicorn.log")
        stack.callback(stop_process, self.app)
        worker = [PYTHON, "manage.py", "worker"]
        self.worker = spawn(self.env, worker, root / "worker.log")
        stack.callback(stop_process, self.worker)
        self.wait_for_app()
        self.pids = self.processes()
        users = self.shared["users"]
        self.clients = [Client(n, users[n], self.port, self.shared) for n in range(args.clients)]
        logins = self.together(lambda client: client.login())
        print(f"{sum(logins)}/{len(logins)} clients signed in; PIDs {self.pids}")

    def wait_for_app(self):
        give_up = time.monotonic() + 60
        while time.monotonic() < give_up:
            with contextlib.suppress(OSError, http.client.HTTPException):
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", LOGIN)
                if connection.getresponse().status == 200:
                    return
            time.sleep(0.5)
        raise RuntimeError(f"gunicorn does not answer: see {self.root / 'gunicorn.log'}")

    def processes(self) -> dict:
        """PIDs of gunicorn, its workers and the outbox's worker; the exit code of any gone."""
        children = Path(f"/proc/{self.app.pid}/task/{self.app.pid}/children")
        found = {"gunicorn": self.app.pid, "worker": self.worker.pid}
        pids = children.read_text().split() if children.exists() else []
        found["gunicorn workers"] = sorted(map(int, pids))
        for name, process in (("gunicorn", self.app), ("worker", self.worker)):
            if process.poll() is not None:
                found[f"{name} exited with"] = process.returncode
        return found

    def together(self, work) -> list:
        results = [None] * len(self.clients)

        def one(index):
            results[index] = work(self.clients[index])

        threads = [
            threading.Thread(target=one, args=(n,), daemon=True) for n in range(len(results))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return results

    def restart_postgres(self, phase: Phase, started: float):
        sleep_until(started + self.args.seconds / 2)
        begun = time.monotonic()
        self.pg.ctl("restart")
        phase.fault = (begun, time.monotonic())

    def stop_smtp(self, phase: Phase, started: float):
        sleep_until(started + self.args.seconds / 3)
        begun = time.monotonic()
        self.sink.stop()
        sleep_until(started + 2 * self.args.seconds / 3)
        self.sink.start()
        phase.fault = (begun, time.monotonic())

    def wait_drained(self) -> float | None:
        """When no outbox row is queued any more; None if not within ``DRAIN_TIMEOUT``."""
        give_up = time.monotonic() + DRAIN_TIMEOUT
        while time.monotonic() < give_up and self.worker.poll() is None:
            with self.pg.connect() as db:
                query = f"SELECT count(*) FROM {OUTBOX} WHERE state = 'queued'"
                if db.execute(query).fetchone()[0] == 0:
                    return time.monotonic()
            time.sleep(0.25)
        return None

    def run(self, phase: Phase, fault=None) -> bool:
        print(f"\nPhase {phase.name}: {phase.title}, {self.args.seconds:g} s")
        with self.pg.connect() as db:
            outbox_from = db.execute(f"SELECT coalesce(max(id), 0) FROM {OUTBOX}").fetchone()[0]
        mail_from, log_sizes = len(self.sink.received), self.log_sizes()
        started = time.monotonic()
        load = threading.Thread(
            target=self.together,
            args=(lambda client: client.run(phase, started + self.args.seconds),),
            daemon=True,
        )
        load.start()
        if fault:
            fault(phase, started)
        load.join()
        load_ended = time.monotonic()
        drained = self.wait_drained()
        ok = self.report_requests(phase, started)
        ok &= self.report_writes(phase)
        ok &= self.report_mail(outbox_from, self.sink.received[mail_from:])
        reference = phase.fault[1] if phase.fault else load_ended
        after = [e for s, e, status in phase.requests if s >= reference and 0 < status < 500]
        first = f"first success {min(after) - reference:.2f} s, " if phase.fault and after else ""
        drain = f"{drained - reference:.2f} s" if drained else f"not within {DRAIN_TIMEOUT} s"
        if self.worker.poll() is not None:
            drain = f"never: the worker exited with code {self.worker.returncode}"
        since = "the fault's end" if phase.fault else "the load's end"
        print(f"  recovery after {since}: {first}outbox drained {drain}")
        now = self.processes()
        print(f"  processes {'unchanged' if now == self.pids else f'CHANGED: now {now}'}")
        self.report_errors(log_sizes, phase)
        return ok and drained is not None and now == self.pids

    def report_requests(self, phase: Phase, started: float) -> bool:
        requests, window = phase.requests, phase.fault if phase.name == "b" else None
        failed = [r for r in requests if not 0 < r[2] < 500]
        outside = [r for r in failed if not window or r[1] < window[0] or r[0] > window[1]]
        errors = sum(1 for r in failed if r[2] == 0)
        print(
            f"  requests {len(requests)}: 5xx {len(failed) - errors}, connection errors {errors},"
            f" outside the restart window {len(outside)}"
        )
        print(f"  latency ms: {percentiles([(e - s) * 1000 for s, e, st in requests if st])}")
        if phase.fault:
            begun, ended = (moment - started for moment in phase.fault)
            print(
                f"  fault from {begun:.1f} s to {ended:.1f} s of the phase ({ended - begun:.2f} s)"
            )
        return not outside and not phase.crashes

    def report_writes(self, phase: Phase) -> bool:
        with self.pg.connect() as db:
            found = rows_in_database(db)
        figures, lost, duplicated = [], 0, 0
        for kind, rows in found.items():
            acked = {key for k, key in phase.acks if k == kind}
            sent = acked | {key for k, key, _status in phase.unacknowledged if k == kind}
            lost += sum(1 for key in acked if not rows[key])
            duplicated += sum(1 for key in sent if rows[key] > 1)
            figures.append(f"{PLURAL[kind]} {len(acked)}/{sum(1 for key in acked if rows[key])}")
        refused = Counter(status for _kind, _key, status in phase.unacknowledged)
        print(f"  writes acknowledged/in the database: {', '.join(figures)}")
        print(
            f"    lost {lost}, duplicated {duplicated}; not acknowledged"
            f" {len(phase.unacknowledged)} (last status: count {dict(refused)})"
        )
        return not lost and not duplicated

    def report_mail(self, outbox_from: int, received: list) -> bool:
        with self.pg.connect() as db:
            query = f"SELECT id, state FROM {OUTBOX} WHERE id > %s"
            rows = dict(db.execute(query, (outbox_from,)).fetchall())
        times = Counter(row for row, _recipient in received)
        lost = [row for row in rows if not times[row]]
        duplicated = sum(count - 1 for row, count in times.items() if count > 1)
        states = Counter(rows.values())
        print(
            f"  mail queued {len(rows)}: sent {states['sent']}, failed {states['failed']}, still"
            f" queued {states['queued']}; received {len(received)} ({len(times)} distinct,"
            f" {times[None]} not from the outbox): lost {len(lost)}, duplicated {duplicated}"
        )
        return not lost and not duplicated

    def log_sizes(self) -> dict:
        return {path: path.stat().st_size for path in self.root.glob("*.log")}

    def report_errors(self, sizes: dict, phase: Phase):
        """The errors the phase left in the logs of gunicorn and the worker, and the bench's."""
        for path in sorted(self.log_sizes()):
            with path.open("rb") as log:
                log.seek(sizes.get(path, 0))
                lines = log.read().decode("utf-8", "replace").splitlines()
            errors = Counter(SERVER_RE.sub("", error)[:140] for error in final_exceptions(lines))
            notable = [line for line in lines if NOTABLE_RE.search(line)]
            if errors or notable:
                print(f"  {path.name}: {errors.total()} tracebacks {dict(errors.most_common(5))}")
                print("".join(f"    {line[:200]}\n" for line in notable[:5]), end="")
        if phase.crashes:
            print(f"  bench client errors {len(phase.crashes)}, the first:\n{phase.crashes[0]}")


def final_exceptions(lines: list[str]) -> list[str]:
    """The exception that ended each traceback in a log (a chained traceback counts once)."""
    errors, current, inside = [], None, False
    for line in lines:
        if line.startswith("Traceback (most recent call last):"):
            inside = True
        elif inside and line and not line[0].isspace():
            current, inside = line, False
        elif not inside and current and line and not line.startswith(("During", "The above")):
            errors.append(current)
            current = None
    return errors + [current] * bool(current)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20, help="length of a phase (20)")
    parser.add_argument("--clients", type=int, default=100, help="concurrent clients (100)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (4)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--seed", type=int, help=argparse.SUPPRESS)  # the bench's subprocess
    args = parser.parse_args()
    if args.seed is not None:
        print(json.dumps(seed(args.seed)))
        return 0
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")  # pgserver's platformdirs
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # cleans up as Ctrl-C does
    root = Path(tempfile.mkdtemp(prefix="bench-load-"))
    with contextlib.ExitStack() as stack:
        if args.keep:
            stack.callback(print, f"Kept {root}")
        else:
            stack.callback(shutil.rmtree, root, ignore_errors=True)
        bench = Bench(args, root, stack)
        print(f"{args.clients} clients, {args.workers} gunicorn workers, {os.cpu_count()} CPUs")
        results = [
            bench.run(Phase("a", "normal load")),
            bench.run(Phase("b", "PostgreSQL restarted mid-phase"), bench.restart_postgres),
            bench.run(Phase("c", "SMTP server stopped for the middle third"), bench.stop_smtp),
        ]
    phases = ", ".join(
        f"{name} {'ok' if ok else 'FAIL'}" for name, ok in zip("abc", results, strict=True)
    )
    print(
        f"\nGOAL {'MET' if all(results) else 'NOT MET'} ({phases}): 0 lost writes, 0 lost"
        " messages, 0 duplicates, no 5xx outside the restart window, recovery with gunicorn's"
        " and the worker's PIDs unchanged"
    )
    return 0 if all(results) else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit("\nInterrupted: everything the bench started is stopped.")
