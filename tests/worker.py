"""Procrastinate's worker, for real, in tests that commit (``django_db(transaction=True)``).

``run_worker`` runs one in this process until the due jobs are done (Procrastinate's worker,
on its own psycopg connection pool, as ``manage.py worker`` runs it); ``worker_processes`` starts
real ``manage.py worker`` processes against the test database.
"""

import contextlib
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import quote

from django.db import connection
from procrastinate.contrib.django import app

BASE_DIR = Path(__file__).resolve().parent.parent


def run_worker(queues=("mail",)) -> None:
    """Run the due jobs of ``queues``, then return (jobs scheduled later stay waiting).

    In a thread of its own: the worker runs an event loop, and this thread may already have one
    (Playwright's, in the browser journeys)."""
    failures = []

    def work():
        try:
            with app.replace_connector(app.connector.get_worker_connector()) as worker_app:
                worker_app.run_worker(
                    queues=list(queues),
                    wait=False,
                    install_signal_handlers=False,
                    listen_notify=False,
                )
        except BaseException as failure:  # noqa: BLE001 - handed to the test's thread
            failures.append(failure)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    if failures:
        raise failures[0]


def test_database_url() -> str:
    """The test database as a ``DATABASE_URL`` (a socket directory goes in the host, encoded)."""
    db = connection.settings_dict
    host = quote(db["HOST"] or "localhost", safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{db['USER']}@{host}{port}/{db['NAME']}"


@contextlib.contextmanager
def worker_processes(count: int, env: dict):
    """``count`` workers as separate processes (as on separate hosts); stopped on exit."""
    environment = {**os.environ, "DATABASE_URL": test_database_url(), **env}
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "worker",
                "--delete-jobs",
                "never",
                "--name",
                f"w{number}",
            ],
            cwd=BASE_DIR,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for number in range(count)
    ]
    try:
        yield workers
    finally:
        for worker in workers:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGTERM)
        for worker in workers:
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait()
