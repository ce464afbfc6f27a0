"""What is the reader's own in a kept page: a placeholder in the copy, filled in on the way out.

One mechanism for three kinds of parts, so that a kept page never hands one reader's own to
the next (``fill``):

- **The CSRF token** of every POST form (the language switcher, the logout button, a page's
  own forms): while a page is rendered for keeping, the template's ``csrf_token`` is a
  placeholder (the context processor ``placeholder_token``, which runs after Django's own);
  on the way out it becomes ``get_token(request)``, which also has ``CsrfViewMiddleware`` set
  the reader's cookie as an ordinary page would.
- **The one-submission tokens** of create forms (``emulation_cluster.submissions``): each
  form rendered for keeping gets a placeholder of its own (``submission_token``), and every
  reader gets fresh tokens for them, so two readers (or two tabs) never share one, which
  would take the second answer for a repetition of the first.
- **Personal parts** (``{% personal_part "template" %}``, ``PARTS``): the header's name, the
  notices bell with the unread count, the logout form; a kept page carries a marker where
  they go, rendered for the reader on the way out, with the request (its user, token,
  language), exactly as the page renders them inline when it is not kept.

The markers are unguessable, so no text typed into a page can stand for one.
"""

import re
import secrets
from contextlib import contextmanager
from contextvars import ContextVar

from django.middleware.csrf import get_token
from django.template import Context
from django.template.loader import get_template
from django.utils.crypto import salted_hmac
from django.utils.functional import lazy
from django.utils.safestring import mark_safe

# The templates that may be filled in on the way out: the reader's own parts of the layouts.
PARTS = (
    "partials/signed_in_tools.html",
    "seminars/partials/notices_link.html",
)

_keeping: ContextVar[bool] = ContextVar("page_cache_keeping", default=False)


@contextmanager
def rendering_for_keeping():
    """While a page is rendered to be kept: its own parts become placeholders."""
    reset = _keeping.set(True)
    try:
        yield
    finally:
        _keeping.reset(reset)


def keeping() -> bool:
    return _keeping.get()


_SECRET: str | None = None


def _secret() -> str:
    global _SECRET
    if _SECRET is None:
        _SECRET = salted_hmac("page-cache", "personal placeholders").hexdigest()[:32]
    return _SECRET


def placeholder() -> str:
    """The CSRF token's placeholder."""
    return f"csrf-{_secret()}"


def placeholder_token(request):
    """Context processor: the placeholder instead of a token for a page rendered for keeping."""
    if keeping():
        return {"csrf_token": placeholder()}
    return {}


def submission_token() -> str:
    """A create form's one-submission token; for a page rendered for keeping, a placeholder
    of this form's own, made a fresh token for each reader (``fill``)."""
    if keeping():
        return f"once-{_secret()}-{secrets.token_hex(6)}"
    return secrets.token_urlsafe(24)


def part(context, template_name: str) -> str:
    """``{% personal_part %}``: the part rendered for this reader, or its marker in a page
    rendered for keeping."""
    if template_name not in PARTS:
        raise ValueError(f"{template_name} is not a personal part (page_cache.personal.PARTS)")
    if keeping():
        return mark_safe(f"<!--part-{_secret()}-{PARTS.index(template_name)}-->")  # noqa: S308 - a fixed marker
    return _render_part(template_name, context["request"])


def _render_part(template_name: str, request) -> str:
    # What a part reads, given as it is (the request, its user and token, the language): the
    # context processors of a whole page are not run again for every kept page served.
    return get_template(template_name).template.render(
        Context(
            {
                "request": request,
                "user": request.user,
                # Lazily, as Django's own context processor: the bell's part has no form.
                "csrf_token": lazy(get_token, str)(request),
                "LANGUAGE_CODE": request.LANGUAGE_CODE,
            },
            autoescape=True,
        )
    )


_MARKS = None


def _marks():
    global _MARKS
    if _MARKS is None:
        secret = re.escape(_secret())
        _MARKS = re.compile(
            rf"csrf-{secret}|once-{secret}-([0-9a-f]{{12}})|<!--part-{secret}-(\d+)-->".encode()
        )
    return _MARKS


def fill(content: bytes, request) -> bytes:
    """The kept ``content`` with this reader's own token, fresh submission tokens and parts."""
    return fill_pieces(pieces(content), request)


def pieces(content: bytes) -> list:
    """``content`` cut at its placeholders, once a kept page and process (``store.pieces``):
    the page's own text as bytes, each placeholder as (form, part index) — form None for the
    CSRF token, part None but for a personal part."""
    if _secret().encode() not in content:
        return [content]
    cut, start = [], 0
    for match in _marks().finditer(content):
        cut.append(content[start : match.start()])
        part_index = match.group(2)
        cut.append((match.group(1), None if part_index is None else int(part_index)))
        start = match.end()
    cut.append(content[start:])
    return cut


def fill_pieces(cut: list, request) -> bytes:
    """A kept page's ``pieces`` joined, each placeholder this reader's own."""
    if len(cut) == 1:
        return cut[0]
    # One CSRF token for every form of the page, as a rendered page has (a seminar's questions
    # carry a form a question); a fresh one-submission token for each form.
    fresh: dict[bytes | None, bytes] = {}
    out = []
    for piece in cut:
        if isinstance(piece, bytes):
            out.append(piece)
            continue
        form, part_index = piece
        if part_index is not None:
            out.append(_render_part(PARTS[part_index], request).encode())
            continue
        if form not in fresh:
            made = get_token(request) if form is None else secrets.token_urlsafe(24)
            fresh[form] = made.encode()
        out.append(fresh[form])
    return b"".join(out)
