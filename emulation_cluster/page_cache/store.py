"""Where kept pages live: Django's cache alias ``pages``, one entry per page, and two versions:
one for the pages kept for visitors, in that cache too, one for those kept for signed-in
people, in a row of the database that their session's read brings along (``session_store``,
migration ``emulation_cluster`` 0014): a member's hit reads no version of its own.

A version is a random token, never a counter: if the cache loses it (culled, restarted), a
new token cannot match any page kept under an old one. A page is served only when it was kept
under the current version of its kind, read on every request.

Each process also keeps the pages it served last (``_LOCAL``, by key, with their version):
then a hit reads only the version, a few bytes, instead of the page (measured on the model
list at 75 kB, 12 kB compressed: 0.6 instead of 1.0 ms a read from the database cache).
"""

import hashlib
import logging
import secrets
import time
import zlib

from django.core.cache import caches
from django.db import connection

from emulation_cluster.page_cache import personal, release

logger = logging.getLogger(__name__)

ALIAS = "pages"


# The cache key of the visitors' version; the members' version is the row below.
VISITORS_VERSION = "page-version"
MEMBERS_VERSION_SQL = "SELECT members FROM emulation_cluster_page_version WHERE id = 1"
_NEW_MEMBERS_VERSION = """
UPDATE emulation_cluster_page_version
SET members = md5(random()::text || clock_timestamp()::text) WHERE id = 1
"""


# The shape of a kept page: a release that changes it reads none of the older ones.
_SHAPE = 3
# Headers that the way out sets again for each response.
_NOT_KEPT = frozenset({"content-length", "set-cookie"})


def _cache():
    return caches[ALIAS]


def page_key(request, reader: str = "") -> str:
    """What decides the page: scheme, host, path, the parsed query string (in a fixed order),
    the language chosen for the request, who reads it (``audience.reader_key``: empty for a
    visitor), and the code that renders it (``release``)."""
    query = sorted((name, value) for name, values in request.GET.lists() for value in values)
    parts = [
        request.scheme,
        request.get_host(),
        request.path,
        repr(query),
        request.LANGUAGE_CODE,
        reader,
        release.marker(),
    ]
    digest = hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return f"page:{_SHAPE}:{digest}"


# This process's copies: key → page (its version inside), dropped whole when full.
_LOCAL: dict = {}
LOCAL_MAX = 1000


def visitors_version() -> str:
    version = _cache().get(VISITORS_VERSION)
    return version if version is not None else _start_visitors_version()


def members_version(request) -> str:
    """The members' version, as read with the request's session (or read now, for a session
    engine that does not bring it)."""
    version = getattr(request.session, "members_page_version", None)
    if version is None:
        with connection.cursor() as cursor:
            cursor.execute(MEMBERS_VERSION_SQL)
            (version,) = cursor.fetchone()
    return version


def lookup(key: str, version: str) -> dict | None:
    """The page kept under ``key``, if it was kept under ``version``."""
    page = _LOCAL.get(key)
    if page is not None and page["version"] == version and page["expires"] > time.time():
        return page
    page = _cache().get(key)
    if page is None or page["version"] != version:
        return None
    _keep_locally(key, page)
    return page


_READ_FOR = "_page_cache_members_version"


def remember_version(user, version: str) -> None:
    """The members' version this request was served under, for what else it may vouch for
    (the bell's count: ``seminars.notices.selectors``)."""
    user.__dict__[_READ_FOR] = version


def content_version(user) -> str | None:
    """The members' version read for ``user``'s request, or None when none was read (the page
    is not one that may be kept, or keeping is off): then nothing may be taken as standing."""
    return user.__dict__.get(_READ_FOR)


def _keep_locally(key: str, page: dict) -> None:
    if len(_LOCAL) >= LOCAL_MAX:
        _LOCAL.clear()
    _LOCAL[key] = page


def _start_visitors_version() -> str:
    token = secrets.token_hex(8)
    if _cache().add(VISITORS_VERSION, token, timeout=None):
        return token
    return _cache().get(VISITORS_VERSION) or token


def bump_versions(*, visitors: bool = True) -> None:
    """Every page kept so far for signed-in people, and for visitors too unless ``visitors``
    is false, is out of date (called after the commit of a write)."""
    with connection.cursor() as cursor:
        cursor.execute(_NEW_MEMBERS_VERSION)
    if visitors:
        _cache().set(VISITORS_VERSION, secrets.token_hex(8), timeout=None)


def keep(key: str, version: str, response, seconds: int) -> None:
    page = {
        "version": version,
        # The shared cache forgets the page then; this process's copy must too.
        "expires": time.time() + seconds,
        "status": response.status_code,
        "headers": [
            (name, value) for name, value in response.items() if name.lower() not in _NOT_KEPT
        ],
        # HTML shrinks about eightfold: less to write and read in the cache's table.
        "content": zlib.compress(response.content, 1),
    }
    _cache().set(key, page, timeout=seconds)
    _keep_locally(key, page)


def content(page: dict) -> bytes:
    return zlib.decompress(page["content"])


def pieces(page: dict) -> list:
    """The page cut at its placeholders (``personal.pieces``), once a process: kept with this
    process's copy of the page, so a hit neither decompresses nor scans it again."""
    cut = page.get("_pieces")
    if cut is None:
        cut = page["_pieces"] = personal.pieces(content(page))
    return cut
