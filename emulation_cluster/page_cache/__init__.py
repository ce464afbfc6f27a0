"""Whole pages kept for anonymous visitors, and dropped by every write they could show.

A visitor without a session reads the same home, model list, model page, unit pages and search
results as every other visitor in the same language, so the page rendered for one is kept and
given to the next (``middleware.AnonymousPageCacheMiddleware``). The parts that are the
visitor's own never enter the kept copy: the CSRF token is a placeholder there, replaced by the
visitor's own on the way out (``csrf``); a response that sets a cookie, carries a message or
writes the session is not kept, and anyone with a session cookie is never served one.

Every kept page carries the content *version* it was rendered under (``store``). Any save or
deletion of something a visitor can see bumps the version once its transaction commits
(``invalidation``), so the next visitor's request renders afresh; ``PAGE_CACHE_SECONDS`` bounds
what no write announces (the time passing: "the next seminar", relative dates).
"""
