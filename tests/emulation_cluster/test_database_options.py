"""The database connection is set for a small OLTP host (see the settings and gunicorn.conf.py)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def _connection_options(**environ) -> str:
    """The ``options`` of the settings imported in a fresh process with ``environ``."""
    env = dict(os.environ, DATABASE_URL="postgres://bench@127.0.0.1:1/nothing")
    env.pop("DATABASE_STATEMENT_TIMEOUT_MS", None)
    env.update(environ)
    code = (
        "from emulation_cluster import settings;"
        "print(settings.DATABASES['default']['OPTIONS']['options'])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


@pytest.mark.django_db
def test_database_connection_runs_without_jit():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


@pytest.mark.django_db
def test_database_connection_has_no_statement_timeout_by_default():
    # Migrations and jobs may run long; only the web processes get a timeout.
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0"


def test_database_url_settings_turn_jit_off():
    assert _connection_options() == "-c jit=off"


def test_database_statement_timeout_comes_from_the_environment():
    options = _connection_options(DATABASE_STATEMENT_TIMEOUT_MS="20000")
    assert options == "-c jit=off -c statement_timeout=20000"


def test_gunicorn_config_sets_a_statement_timeout_for_the_web_processes():
    code = (
        "import os, runpy; os.environ.pop('DATABASE_STATEMENT_TIMEOUT_MS', None);"
        "config = runpy.run_path('gunicorn.conf.py');"
        "print(os.environ['DATABASE_STATEMENT_TIMEOUT_MS'], config['timeout'],"
        " config['workers'] >= 2, config['max_requests_jitter'] > 0)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    timeout_ms, worker_timeout, workers_ok, jitter_ok = done.stdout.split()
    # The database gives up on a query before gunicorn gives up on the worker.
    assert int(timeout_ms) < int(worker_timeout) * 1000
    assert workers_ok == "True" and jitter_ok == "True"
