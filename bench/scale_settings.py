"""The project's settings with the bench's bare view (``bench/bare_urls.py``) and static files
collected into the bench's temporary directory (``BENCH_STATIC_ROOT``)."""

import os

from emulation_cluster.settings import *  # noqa: F403 (the project's settings, two changed)

ROOT_URLCONF = "bench.bare_urls"
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT", STATIC_ROOT)  # noqa: F405
