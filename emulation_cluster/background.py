"""The background worker, kept alive: Procrastinate's worker, started again when it stops.

Procrastinate (3.10) stops a worker whose side task fails; its LISTEN connection does when
PostgreSQL restarts, and the process then exits with status 0, so that nothing would send mail
any more until someone restarts it. Here the worker runs in a loop in the same process (same PID,
nothing to supervise from outside): when it stops on its own, or cannot open its connections
because the database is away, it starts again after a pause. SIGTERM and SIGINT stop it for good,
letting the running jobs finish (Procrastinate's graceful stop).
"""

import asyncio
import logging
import signal

from procrastinate.contrib.django import app

logger = logging.getLogger(__name__)


async def _until_stopped(stopping: asyncio.Event, options: dict) -> None:
    """One life of the worker: until it stops by itself, or ``stopping`` is set (then cancel)."""
    async with app.open_async():
        worker = asyncio.create_task(app.run_worker_async(install_signal_handlers=False, **options))
        stop = asyncio.create_task(stopping.wait())
        await asyncio.wait({worker, stop}, return_when=asyncio.FIRST_COMPLETED)
        if not worker.done():
            worker.cancel()
        stop.cancel()
        await asyncio.gather(worker, return_exceptions=True)
        if not worker.cancelled() and worker.exception() is not None:
            raise worker.exception()


async def run_forever(*, pause: float = 2.0, **options) -> int:
    """Run the worker until SIGTERM or SIGINT; returns how many times it was started again."""
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopping.set)
    restarts = 0
    while True:
        try:
            await _until_stopped(stopping, options)
        except Exception:  # noqa: BLE001 - whatever stopped it, the next life may do better
            logger.exception("background worker stopped")
        if stopping.is_set():
            return restarts
        restarts += 1
        logger.warning("background worker stopped by itself: starting again in %s s", pause)
        try:
            await asyncio.wait_for(stopping.wait(), timeout=pause)
            return restarts
        except TimeoutError:
            pass


def main(**options) -> int:
    """What ``manage.py worker`` runs: the worker on its own psycopg pool (not Django's)."""
    with app.replace_connector(app.connector.get_worker_connector()):
        return asyncio.run(run_forever(**options))
