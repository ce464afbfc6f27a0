"""gunicorn's settings for the portal: ``gunicorn -c gunicorn.conf.py emulation_cluster.wsgi``.

Every value can be overridden from the environment (names below) or the command line. Measured
with ``bench/scale.py`` (see bench/README.md).
"""

import multiprocessing
import os

# Where to listen: ``PORT`` as platforms set it, or ``GUNICORN_BIND``.
bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")

# Sync workers, two per core plus one: a page waits on PostgreSQL part of its time, so one more
# worker than cores keeps the CPU busy; more only queue on the same cores and the database's
# connections (each worker keeps one open, CONN_MAX_AGE). ``WEB_CONCURRENCY`` overrides.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"

# A request that takes longer than this is stuck: the worker is killed and replaced. The
# database gives up first (the statement timeout below), so the page answers with an error
# instead of a dropped connection.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
# On SIGTERM or a reload, requests in flight get this long to finish.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 30))
# Keep-alive behind a reverse proxy (nginx keeps its upstream connections open).
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 5))

# Replace each worker after about ten thousand requests, not all at once (the jitter): a slow
# leak in a library cannot grow without end. Not much sooner: a new worker starts with none of
# the pages and readings its predecessor kept, and costs a second of a core to start; at the
# 300 requests/s of bench/scale.py's mix, a thousand requests was a worker replaced every 3 s.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 10000))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", 1000))

# Not preloaded: each worker imports the application itself. A reload (SIGHUP) then picks up
# new code, and no database connection or embedded server opened at import can be shared by
# forked workers. It costs a second of start-up per worker and some memory, nothing per request.
preload_app = False

# The heartbeat file in memory, not on a disk that may stall (container overlay filesystems).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Access log on stdout (the process manager keeps it): who, what, status, size, referrer, agent,
# and the time the request took in milliseconds (%(M)s).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# Web requests only: PostgreSQL cancels a query after 20 s (under ``timeout``), read by the
# settings (``DATABASE_STATEMENT_TIMEOUT_MS``). Migrations and jobs run without one.
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT_MS", str(max(1, timeout - 10) * 1000))
