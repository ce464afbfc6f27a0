"""Where kept pages live: Django's cache alias ``pages``, one entry per page and one version.

The version is a random token, never a counter: if the cache loses it (culled, restarted), a
new token cannot match any page kept under an old one. A page and the version are read in one
round trip (``get_many``), and a page is served only when it was kept under the current
version.
"""

import hashlib
import logging
import secrets
import zlib

from django.core.cache import caches

logger = logging.getLogger(__name__)

ALIAS = "pages"
VERSION_KEY = "page-version"
# Headers that the way out sets again for each response.
_NOT_KEPT = frozenset({"content-length", "set-cookie"})


def _cache():
    return caches[ALIAS]


def page_key(request) -> str:
    """What decides the page: scheme, host, path, the parsed query string (in a fixed order)
    and the language chosen for the request."""
    query = sorted((name, value) for name, values in request.GET.lists() for value in values)
    parts = [
        request.scheme,
        request.get_host(),
        request.path,
        repr(query),
        request.LANGUAGE_CODE,
    ]
    digest = hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return f"page:{digest}"


def lookup(key: str) -> tuple[str, dict | None]:
    """The current version, and the page kept under ``key`` if it was kept under it."""
    found = _cache().get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    if version is None:
        version = _start_version()
    page = found.get(key)
    if page is not None and page["version"] == version:
        return version, page
    return version, None


def _start_version() -> str:
    token = secrets.token_hex(8)
    if _cache().add(VERSION_KEY, token, timeout=None):
        return token
    return _cache().get(VERSION_KEY) or token


def bump_version() -> None:
    """Every page kept so far is out of date (called after the commit of a write)."""
    _cache().set(VERSION_KEY, secrets.token_hex(8), timeout=None)


def keep(key: str, version: str, response, seconds: int) -> None:
    page = {
        "version": version,
        "status": response.status_code,
        "headers": [
            (name, value) for name, value in response.items() if name.lower() not in _NOT_KEPT
        ],
        # HTML shrinks about eightfold: less to write and read in the cache's table.
        "content": zlib.compress(response.content, 1),
    }
    _cache().set(key, page, timeout=seconds)


def content(page: dict) -> bytes:
    return zlib.decompress(page["content"])
