"""The Vietnamese catalogues are complete, compiled and up to date."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

CATALOGUES = [
    Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po",
    Path(settings.BASE_DIR) / "locale_allauth" / "vi" / "LC_MESSAGES" / "django.po",
]


def _entries(path):
    """(msgctxt, msgid, msgstr, flags) of each entry of a .po file."""

    def joined(block, keyword):
        match = re.search(rf'^{keyword} ((?:".*"\n?)+)', block, re.M)
        if not match:
            return None
        parts = re.findall(r'"((?:[^"\\]|\\.)*)"', match.group(1))
        return "".join(parts).encode().decode("unicode_escape").encode("latin-1").decode()

    for block in path.read_text(encoding="utf-8").split("\n\n"):
        if "msgid " not in block or block.lstrip().startswith("#~"):
            continue
        plural = "msgstr[0]" in block
        msgstr = joined(block, r"msgstr\[0\]") if plural else joined(block, "msgstr")
        flags = " ".join(re.findall(r"^#, (.*)$", block, re.M))
        yield joined(block, "msgctxt"), joined(block, "msgid"), msgstr, flags


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parent.parent.parent.name)
def test_catalogue_is_complete(path):
    untranslated = [
        msgid
        for _ctx, msgid, msgstr, flags in _entries(path)
        if msgid and (not msgstr or "fuzzy" in flags)
    ]
    assert untranslated == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parent.parent.parent.name)
def test_compiled_catalogue_matches_the_source(path):
    """Every entry comes out of gettext as the .po says: the .mo is compiled and current."""
    stale = []
    with translation.override("vi"):
        for context, msgid, msgstr, _flags in _entries(path):
            if not msgid or "msgid_plural" in msgid:
                continue
            got = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
            if got != msgstr and not (path == CATALOGUES[1] and got != msgid):
                stale.append(msgid)
    assert stale == []
