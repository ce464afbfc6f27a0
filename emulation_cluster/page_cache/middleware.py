"""Serve a kept page, or render it and keep it (see ``__init__``).

Last in ``MIDDLEWARE``: everything outside it (sessions, language, CSRF, authentication and
the kept reading, messages, the second factor's demand, security headers, CSP) runs for a kept
page as for a rendered one. A kept page costs a read of the version (and of the page, when
this process has no copy) and no query of the view; for a signed-in person, also what their
own parts read (the unread notices) and what ``on_hit`` registered for the page.
"""

import logging

from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import cc_delim_re

from emulation_cluster.page_cache import audience, personal, store

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
# Pages kept for signed-in people, each audited with its templates and the template tags they
# load: the same for everyone with the same reading (``audience``) but for the personal parts
# of the layouts, which are filled in on the way out (``personal``).
AUDIENCE_PAGES = PUBLIC_PAGES | frozenset(
    {
        "question_search",  # rows show the vote count, never the reader's own vote
        "seminar_list",  # the reader's units' replies: from their roles
        "seminar_detail",  # its notices are marked read on every request (``on_hit``)
    }
)
# Pages that show the person themselves, kept for that person alone: the question's page (their
# vote, their follow, the edit links of their own posts, a chair's "answered live" form; its
# notices marked read on every request), a model's questions (their follow of the model) and a
# seminar's questions (their votes, the chair's forms).
PERSONAL_PAGES = frozenset({"question_detail", "model_questions", "seminar_questions"})

# The cookies a page may depend on that the key or the way out handles: the language (in the
# key) and the CSRF cookie (the token is put in on the way out); for a signed-in person also
# the session (the person is in the key). Any other cookie (a message) means the page may be
# the reader's own.
_HARMLESS_COOKIES = (settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
_SIGNED_IN_COOKIES = (*_HARMLESS_COOKIES, settings.SESSION_COOKIE_NAME)
# A longer query string is no page a link leads to; keeping it would only fill the cache.
MAX_QUERY_LENGTH = 1000
_VARY_KEYED = frozenset({"cookie", "accept-encoding"})
HEADER = "X-Page-Cache"

# What a page's view does on every request besides rendering, done for a kept page too:
# URL name → function(request, **url_kwargs). Registered by the app that owns the page.
_ON_HIT: dict = {}


def on_hit(url_name: str, function) -> None:
    """Have ``function(request, **kwargs)`` run when ``url_name`` is served from the cache (the
    view marks the reader's notices about it read, say)."""
    _ON_HIT[url_name] = function


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if seconds <= 0:
            return self.get_response(request)
        match = _keepable(request)
        if match is None:
            return self.get_response(request)
        signed_in = request.user.is_authenticated
        try:
            reader = audience.reader_key(request, per_person=match.url_name in PERSONAL_PAGES)
            key = store.page_key(request, reader)
            version = store.members_version(request) if signed_in else store.visitors_version()
            page = store.lookup(key, version)
            if signed_in:
                store.remember_version(request.user, version)
        except Exception:
            # A cache that does not answer makes pages slower, never broken.
            logger.warning("page cache unreadable", exc_info=True)
            return self.get_response(request)
        if page is not None:
            if (hit := _ON_HIT.get(match.url_name)) is not None:
                hit(request, **match.kwargs)
            return _kept_response(page, request)
        return self._render_and_keep(request, key, version, seconds)

    def _render_and_keep(self, request, key, version, seconds):
        reader_before = request.user.pk
        token_taken_before = request.META.get("CSRF_COOKIE_NEEDS_UPDATE", False)
        with personal.rendering_for_keeping():
            response = self.get_response(request)
        if response.streaming:
            return response
        token_taken = request.META.get("CSRF_COOKIE_NEEDS_UPDATE", False) and not token_taken_before
        same_reader = request.user.pk == reader_before
        if not token_taken and same_reader and _is_the_readers_alike(request, response):
            try:
                store.keep(key, version, response, seconds)
                response[HEADER] = "miss"
            except Exception:
                logger.warning("page cache unwritable", exc_info=True)
        response.content = personal.fill(response.content, request)
        return response


def _keepable(request):
    """The URL match of a page that may be served kept or kept, else None."""
    if request.method not in ("GET", "HEAD"):
        return None
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH:
        return None
    signed_in = request.user.is_authenticated
    allowed = _SIGNED_IN_COOKIES if signed_in else _HARMLESS_COOKIES
    # (An empty cookie is one deleted: a message shown, say, which the test client still sends.)
    if any(name not in allowed and value for name, value in request.COOKIES.items()):
        return None
    # A message waiting to be shown (in the session too) is shown by a rendered page.
    if signed_in and getattr(get_messages(request), "_loaded_messages", None):
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    if not signed_in:
        return match if match.url_name in PUBLIC_PAGES else None
    if match.url_name in AUDIENCE_PAGES or match.url_name in PERSONAL_PAGES:
        return match
    return None


def _is_the_readers_alike(request, response) -> bool:
    """Whether ``response`` is the page anyone with the same key would get: nothing of this
    request's own but the parts ``personal`` fills in."""
    if response.status_code != 200 or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {word.lower() for word in cc_delim_re.split(response.get("Vary", "")) if word}
    if vary - _VARY_KEYED:
        return False
    # A CSP nonce in the page would not match the next reader's header.
    if isinstance(getattr(request, "_csp_nonce", None), str):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    return not (messages is not None and getattr(messages, "_queued_messages", None))


def _kept_response(page: dict, request) -> HttpResponse:
    response = HttpResponse(
        personal.fill_pieces(store.pieces(page), request), status=page["status"]
    )
    for name, value in page["headers"]:
        response[name] = value
    response[HEADER] = "hit"
    return response
