"""An embedded PostgreSQL (pgserver) for development and tests when DATABASE_URL is unset.

The server keeps its data under ``.pgdata/`` in the project (git-ignored) and listens on a Unix
socket only, so it never clashes with a system PostgreSQL. pgserver stops it when the last
process that opened it exits.
"""

import logging
import os
import sys
import warnings
from pathlib import Path

DATABASE_NAME = "emulation_cluster"

_server = None


def database_settings(pgdata: Path) -> dict:
    """Start (or join) the embedded server and return a Django ``DATABASES['default']`` entry."""
    global _server
    # platformdirs warns once per process that XDG_RUNTIME_DIR is unset; it is harmless here.
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    logging.getLogger("pgserver").setLevel(logging.WARNING)
    import pgserver

    if _server is None:
        _server = pgserver.get_server(pgdata)
        exists = _server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
        if "(1 row)" not in exists:
            _server.psql(f'CREATE DATABASE "{DATABASE_NAME}";')
    postmaster = _server.get_postmaster_info()
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": str(postmaster.socket_dir),
        "PORT": str(postmaster.port or ""),
    }


def stop(pgdata: Path) -> bool:
    """Stop the embedded server of ``pgdata`` if it runs; True if it was stopped.

    What ``make run`` calls when it ends, however it ends: the development server's reloader
    may kill its child before pgserver's own clean-up runs, and the server would stay up.
    """
    from pgserver._commands import pg_ctl

    if not (pgdata / "postmaster.pid").exists():
        return False
    user = "pgserver" if os.geteuid() == 0 else None
    try:
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)
    except Exception:  # noqa: BLE001 - already stopped: nothing more to do
        return False
    (pgdata / ".handle_pids.json").write_text("[]")
    return True


if __name__ == "__main__":
    if sys.argv[1:] == ["stop"] and not os.environ.get("DATABASE_URL"):
        stopped = stop(Path(__file__).resolve().parent.parent / ".pgdata")
        print("embedded PostgreSQL stopped" if stopped else "embedded PostgreSQL was not running")
