"""Serve a public page kept for anonymous visitors, or render it and keep it (see ``__init__``).

Last in ``MIDDLEWARE``: everything outside it (sessions, language, CSRF, security headers, CSP)
runs for a kept page as for a rendered one, and a kept page costs a read of the version (and of
the page, when this process has no copy) and no query of the view.
"""

import logging

from django.conf import settings
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import cc_delim_re

from emulation_cluster.page_cache import csrf, store

logger = logging.getLogger(__name__)

# The pages an anonymous visitor may read, by URL name: the same for every visitor in a
# language. Anything else (forms, exports, downloads, pages of members) is never kept.
PUBLIC_PAGES = frozenset(
    {
        "home",
        "unit_list",
        "unit_detail",
        "model_list",
        "model_detail",
        "model_feed",
        "site_search",
    }
)
# The cookies an anonymous visitor's page may depend on, and that the key or the way out
# handles: the language (in the key) and the CSRF cookie (the token is put in on the way out).
# Any other cookie (a session, a message) means the page may be the visitor's own.
_HARMLESS_COOKIES = (settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
# A longer query string is no page a link leads to; keeping it would only fill the cache.
MAX_QUERY_LENGTH = 1000
_VARY_KEYED = frozenset({"cookie", "accept-encoding"})
HEADER = "X-Page-Cache"


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if seconds <= 0 or not _may_be_kept(request):
            return self.get_response(request)
        try:
            key = store.page_key(request)
            version, page = store.lookup(key)
        except Exception:
            # A cache that does not answer makes pages slower, never broken.
            logger.warning("page cache unreadable", exc_info=True)
            return self.get_response(request)
        if page is not None:
            return _kept_response(page, request)
        return self._render_and_keep(request, key, version, seconds)

    def _render_and_keep(self, request, key, version, seconds):
        token_taken_before = request.META.get("CSRF_COOKIE_NEEDS_UPDATE", False)
        setattr(request, csrf.RENDERING_FOR_KEEPING, True)
        response = self.get_response(request)
        setattr(request, csrf.RENDERING_FOR_KEEPING, False)
        if response.streaming:
            return response
        token_taken = request.META.get("CSRF_COOKIE_NEEDS_UPDATE", False) and not token_taken_before
        if not token_taken and _is_everyones(request, response):
            try:
                store.keep(key, version, response, seconds)
                response[HEADER] = "miss"
            except Exception:
                logger.warning("page cache unwritable", exc_info=True)
        response.content = csrf.with_visitor_token(response.content, request)
        return response


def _may_be_kept(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if any(name not in _HARMLESS_COOKIES for name in request.COOKIES):
        return False
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH:
        return False
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.url_name in PUBLIC_PAGES


def _is_everyones(request, response) -> bool:
    """Whether ``response`` is the page any anonymous visitor would get, nothing of this one's."""
    if response.status_code != 200 or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {word.lower() for word in cc_delim_re.split(response.get("Vary", "")) if word}
    if vary - _VARY_KEYED:
        return False
    # A CSP nonce in the page would not match the next visitor's header.
    if isinstance(getattr(request, "_csp_nonce", None), str):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and getattr(messages, "_queued_messages", None):
        return False
    user = getattr(request, "_cached_user", None)
    return user is None or not user.is_authenticated


def _kept_response(page: dict, request) -> HttpResponse:
    response = HttpResponse(
        csrf.with_visitor_token(store.content(page), request), status=page["status"]
    )
    for name, value in page["headers"]:
        response[name] = value
    response[HEADER] = "hit"
    return response
