"""Whole pages kept for visitors and for signed-in people, and dropped by every write they
could show.

A visitor without a session reads the same home, model list, model page, unit pages and search
results as every other visitor in the same language; a signed-in person reads the same pages
as everyone who reads with the same rights (``audience``: the person's reading, their roles in
their units, hashed), and a few pages that show the person themselves (the question's page:
their vote, follow and own posts' edit links) are kept for that person alone. So the page
rendered for one is kept and given to the next with the same key
(``middleware.PageCacheMiddleware``, which lists the pages of each kind, each audited with its
templates and template tags).

The parts that are the reader's own never enter the kept copy (``personal``): the CSRF token,
the create forms' one-submission tokens, and the layouts' personal parts (the header's name
link, the notices bell with its unread count, the logout form) are placeholders there, filled
in for the reader on the way out. A response that sets a cookie, carries a message, writes the
session, uses a CSP nonce, says private or no-store, or is no 200 is not kept; a request with
a message waiting, another cookie, or not a GET or HEAD is neither served nor kept. A person
whose second factor is required is sent to enrol before this middleware (it is the last).

Every kept page carries the content *version* it was rendered under (``store``): one for
visitors' pages, one for signed-in people's. Any save or deletion of something a kept page can
show bumps the version(s) once its transaction commits (``invalidation``, which says what
visitors never read and what no kept page shows), so the next reader's request renders afresh;
``PAGE_CACHE_SECONDS`` bounds what no write announces (the time passing: "the next seminar",
whether a seminar has begun, relative dates; the unit pages' question figures recounted by a
job; writes that send no signal).
"""
