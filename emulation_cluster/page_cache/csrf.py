"""The CSRF token of a kept page: a placeholder in the copy, the visitor's own token on the way
out.

The base layout's language switcher is a POST form, so every page carries a token; a kept page
must not hand one visitor's token to the next. While a page is rendered for keeping, the
template's ``csrf_token`` is a placeholder (the context processor below, which runs after
Django's own); the middleware replaces it with ``get_token(request)``, which also has
``CsrfViewMiddleware`` set the visitor's cookie as an ordinary page would.
"""

from django.middleware.csrf import get_token
from django.utils.crypto import salted_hmac

# Unguessable, so that no text typed into a page can stand for it.
_PLACEHOLDER = None
RENDERING_FOR_KEEPING = "_page_cache_rendering"


def placeholder() -> str:
    global _PLACEHOLDER
    if _PLACEHOLDER is None:
        _PLACEHOLDER = "csrf-" + salted_hmac("page-cache", "csrf placeholder").hexdigest()[:40]
    return _PLACEHOLDER


def placeholder_token(request):
    """Context processor: the placeholder instead of a token for a page rendered for keeping."""
    if getattr(request, RENDERING_FOR_KEEPING, False):
        return {"csrf_token": placeholder()}
    return {}


def with_visitor_token(content: bytes, request) -> bytes:
    marker = placeholder().encode()
    if marker not in content:
        return content
    return content.replace(marker, get_token(request).encode())
