"""What a serving process keeps for its whole life is left out of Python's garbage collections.

A process that has served the portal's pages holds about 160,000 objects (Django, the URL
patterns, the compiled templates, the catalogues, the kept readings) that live as long as it
does. Python's full collection walks every one of them: 65–107 ms on the busy 2-core machine
(bench/scale.py's process at full size), and it falls on whichever request crosses the
threshold. A page that makes many objects (the unit tree's 423 units) crossed it every ten
or fifteen requests, which set its p95 (bench/README.md, issue 15). Frozen (``gc.freeze``),
they are skipped by every collection; what requests make is collected as before.
"""

import gc

from django.core.signals import request_finished

# Freeze after these requests of a process: the first one loads most of what lives on; caches
# the next pages fill (readings, kept pages' pieces, statements) settle over the next ones.
FREEZE_AFTER = frozenset({1, 10, 100, 1000})

_served = 0


def _request_finished(**kwargs):
    global _served
    _served += 1
    if _served in FREEZE_AFTER:
        freeze_survivors()


def freeze_survivors() -> None:
    """Collect what is garbage now, then freeze what survived (it is not walked again)."""
    gc.collect()
    gc.freeze()


def freeze_after_requests() -> None:
    """Have this serving process freeze its survivors after its first requests (``wsgi``)."""
    request_finished.connect(_request_finished, dispatch_uid="emulation_cluster.long_lived")
