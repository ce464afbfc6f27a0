"""Which code a kept page was rendered by: a new release never serves the pages of the last.

A deploy changes templates, forms and the addresses of static files (their names carry their
hashes), but no write moves the kept pages' versions: without this, a page rendered by the old
code would be served for up to ``PAGE_CACHE_SECONDS`` after it, with links to static files that
are gone and forms the new views may not read. The marker is ``PORTAL_RELEASE`` when the
deploy sets it (a commit's id, say), else a hash of the name, size and modification time of
every file of the code, templates, catalogues and static files, read once a process (a few
hundred ``stat`` calls): processes of the same checkout share their pages.
"""

import hashlib
import os
from functools import cache

from django.conf import settings

# What a page is made of, relative to the project's root.
_SOURCES = ("emulation_cluster", "models_registry", "seminars", "templates", "locale", "static")
_SUFFIXES = (".py", ".html", ".txt", ".mo", ".css", ".js", ".svg", ".png", ".woff2")


@cache
def marker() -> str:
    given = os.environ.get("PORTAL_RELEASE", "").strip()
    if given:
        return given
    digest = hashlib.sha256()
    root = settings.BASE_DIR
    for source in _SOURCES:
        for folder, subfolders, names in os.walk(root / source):
            subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
            for name in sorted(names):
                if name.endswith(_SUFFIXES):
                    path = os.path.join(folder, name)
                    found = os.stat(path)
                    relative = os.path.relpath(path, root)
                    digest.update(f"{relative}\0{found.st_size}\0{found.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]
