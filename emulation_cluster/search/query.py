"""What a reader typed, read once: folded words, phrases in quotes, words to leave out.

Any text gives a query or nothing, never an error: control characters and NUL bytes are
dropped, the length is capped, and only the folded letters and digits of a word reach the
database, as quoted lexemes of a ``to_tsquery`` that this module writes itself (so "tuan tra",
``"ban dem"`` and ``-xe`` mean here exactly what the documents were split into).
"""

import functools
import re
from dataclasses import dataclass

from emulation_cluster.search.index import indexed_words
from emulation_cluster.vietnamese import fold

MAX_LENGTH = 200
MAX_TERMS = 8
MAX_EXCLUDED = 4
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')
_WORD = re.compile(r"[^\W_]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Term:
    """A word, or the words of a phrase, folded; and as typed (for the accent-first rank)."""

    words: tuple[str, ...]
    typed: tuple[str, ...]

    @property
    def tsquery(self) -> str:
        return " <-> ".join(f"'{word}'" for word in self.words)

    @property
    def text(self) -> str:
        joined = " ".join(self.typed)
        return f'"{joined}"' if len(self.typed) > 1 else joined


@dataclass(frozen=True)
class SearchText:
    text: str
    terms: tuple[Term, ...] = ()
    excluded: tuple[Term, ...] = ()

    @property
    def is_empty(self) -> bool:
        """Nothing to look for (only punctuation, only words to leave out)."""
        return not self.terms

    @property
    def tsquery(self) -> str:
        parts = [f"({term.tsquery})" for term in self.terms]
        parts += [f"!({term.tsquery})" for term in self.excluded]
        return " & ".join(parts)

    @property
    def folded_words(self) -> set[str]:
        return {word for term in self.terms for word in term.words}

    @property
    def typed_words(self) -> list[str]:
        """The words as typed, lower-cased: a title holding them all matches the accents."""
        return [word.lower() for term in self.terms for word in term.typed]

    def without(self, index: int) -> "SearchText":
        """The same search less its ``index``-th term (the "drop a word" suggestions)."""
        terms = self.terms[:index] + self.terms[index + 1 :]
        text = " ".join([term.text for term in terms] + [f"-{term.text}" for term in self.excluded])
        return SearchText(text, terms, self.excluded)


def parse(text) -> SearchText:
    text = _CONTROL.sub(" ", str(text or ""))[:MAX_LENGTH].strip()
    terms: list[Term] = []
    excluded: list[Term] = []
    for match in _TOKEN.finditer(text):
        minus = match.group(1) or match.group(3)
        raw = match.group(2) if match.group(2) is not None else match.group(4)
        typed = tuple(_WORD.findall(raw))
        words = tuple(indexed_words(raw).split())
        if not words or len(words) != len(typed):
            # A word that folds to nothing or to several (rare letters): its folded form only.
            typed = words
        if not words:
            continue
        term = Term(words, typed)
        target = excluded if minus else terms
        if term not in target:
            target.append(term)
    return SearchText(text, tuple(terms[:MAX_TERMS]), tuple(excluded[:MAX_EXCLUDED]))


def _folded_with_positions(text: str) -> tuple[str, list[int] | None]:
    """``fold(text)`` and, for each of its characters, where it comes from in ``text``
    (``None`` when every character folds to exactly one: the positions are the same).

    Each distinct character is folded once a process and the text translated in bulk, so a
    file's 60,000 characters cost a ``str.translate``, not 60,000 calls of ``fold``. That
    every character is known and folds to one is asked of a regular expression (a class of
    those characters), not of the set of the text's characters, which costs half as much as
    the translation itself."""
    if not _ONE_TO_ONE.fullmatch(text):
        characters = set(text)
        for char in characters - _FOLDED.keys():
            _learn(char)
        if not characters.isdisjoint(_NOT_ONE):
            folded: list[str] = []
            origin: list[int] = []
            for position, char in enumerate(text):
                piece = _FOLDED[char]
                folded.append(piece)
                origin.extend([position] * len(piece))
            return "".join(folded), origin
        _know_one_to_one()  # characters learnt now (or by another thread meanwhile)
    return text.translate(_TABLE), None


# The characters folded so far: a page's twenty snippets hold the same hundred characters.
_FOLDED: dict[str, str] = {}
# ``str.translate``'s table: code point → the folded character's code point (or, for one that
# does not fold to exactly one, its folded text).
_TABLE: dict[int, int | str] = {}
_NOT_ONE: set[str] = set()  # those that fold to other than one character
_ONE_TO_ONE = re.compile("")  # matches a text of characters known to fold to exactly one


def _learn(char: str) -> None:
    folded = fold(char)
    _TABLE[ord(char)] = ord(folded) if len(folded) == 1 else folded
    if len(folded) != 1:
        _NOT_ONE.add(char)
    _FOLDED[char] = folded  # last: a reader seeing it finds the others set


def _know_one_to_one() -> None:
    # Characters past the first plane are left out: one of them in a class would make the
    # engine test a text's every character against a list of ranges instead of a table (a
    # text holding one is folded by the set of its characters).
    global _ONE_TO_ONE
    known = "".join(
        re.escape(char) for char in list(_FOLDED) if char not in _NOT_ONE and ord(char) <= 0xFFFF
    )
    _ONE_TO_ONE = re.compile(f"[{known}]*" if known else "")


@functools.lru_cache(maxsize=256)
def _word_patterns(words: frozenset[str]) -> tuple[re.Pattern, ...]:
    # Each word between two characters that are not letters or digits. The word comes first,
    # so that the engine scans for its letters; a pattern opening with its look-behind is tried
    # at every character of the text (ten times slower, four words: the most of a page's
    # snippets).
    return tuple(
        re.compile(rf"{word}(?<![^\W_]{word})(?![^\W_])") for word in map(re.escape, sorted(words))
    )


def _patterns(search: SearchText) -> tuple[re.Pattern, ...]:
    return _word_patterns(frozenset(search.folded_words))


class _Folding:
    """The fold of the start of a text, grown on demand: a long file whose first page holds
    the words is folded there only. The fold of a text is the folds of its characters one
    after the other, so the text is folded piece after piece."""

    def __init__(self, text: str):
        self.text = text
        self.folded = ""
        self.origin: list[int] | None = None  # as ``_folded_with_positions`` gives it
        self.covered = 0  # the characters of ``text`` folded so far

    @property
    def complete(self) -> bool:
        return self.covered == len(self.text)

    def extend(self, to: int) -> None:
        """Fold the text up to its character ``to`` (all of it if a character there folds
        to other than one: the next folded character is then not simply the next one)."""
        to = min(to, len(self.text))
        if to <= self.covered:
            return
        folded, origin = _folded_with_positions(self.text[self.covered : to])
        if origin is not None and to < len(self.text):
            folded, origin = _folded_with_positions(self.text[self.covered :])
            to = len(self.text)
        if origin is not None or self.origin is not None:
            if self.origin is None:
                self.origin = list(range(len(self.folded)))
            self.origin += (
                range(self.covered, to) if origin is None else [self.covered + i for i in origin]
            )
        self.folded += folded
        self.covered = to

    def original(self, found) -> tuple[int, int]:
        """The (start, end) in the text of a match in the fold."""
        if self.origin is None:
            return found.start(), found.end()
        return self.origin[found.start()], self.origin[found.end() - 1] + 1

    def first_match(self, patterns, length: int) -> int | None:
        """Where the first match of any pattern starts in the text (None: nowhere), folding
        ``length`` characters, then twice as many as before each time none is found. A match
        that ends where the fold does is not sure (the next character may be a letter) until
        one more is folded."""
        if not self.covered:
            self.extend(length)
        while True:
            found = [match for match in (p.search(self.folded) for p in patterns) if match]
            first = min(found, key=lambda match: match.start(), default=None)
            if first is not None and (self.complete or first.end() < len(self.folded)):
                return self.original(first)[0]
            if self.complete:
                return None
            self.extend(2 * self.covered)


def highlight(text: str, search: SearchText, *, length: int | None = None) -> list:
    """``text`` (or a window of ``length`` characters around its first match) cut into
    (piece, matched) pairs: the words of the search marked in the original accented text.

    With ``length``, only the first match of each word is looked for in the whole text and
    every match inside the window around the first of them: the work is bounded by the window,
    whatever the length of the file. The template escapes each piece; nothing here is HTML.
    """
    text, spans, start, end = _window(text or "", search, length)
    pieces: list[tuple[str, bool]] = []
    if start:
        pieces.append(("… ", False))
    cursor = start
    for span_start, span_end, _word in spans:
        if span_start < cursor or span_end > end:
            continue
        if span_start > cursor:
            pieces.append((text[cursor:span_start], False))
        pieces.append((text[span_start:span_end], True))
        cursor = span_end
    if cursor < end:
        pieces.append((text[cursor:end], False))
    if end < len(text):
        pieces.append((" …", False))
    return pieces


def excerpt(text: str, search: SearchText, length: int) -> tuple[str, int]:
    """The window that ``highlight(text, search, length=length)`` shows, as one text (its
    pieces joined), and how many of the search's words it holds: what a result's snippet is
    chosen and cut from, without cutting into pieces a text that is not shown."""
    text, spans, start, end = _window(text or "", search, length)
    shown = {word for s, e, word in spans if start <= s and e <= end}
    marks = ("… " if start else "", " …" if end < len(text) else "")
    return marks[0] + text[start:end] + marks[1], len(shown)


def _window(text: str, search: SearchText, length: int | None) -> tuple[str, list, int, int]:
    """What ``highlight`` shows of ``text``: the text, the matches of the search's words in it
    (sorted (start, end, which word) of the original characters; with ``length``, at least
    those inside the window) and the window (start, end), ``length`` characters around the
    first match.

    The text is folded up to the window's end only (``_Folding``): the window depends on the
    first match and on the original text's spaces, and a match inside it on the fold up to
    one character past it."""
    patterns = _patterns(search)
    folding = _Folding(text)
    if length is None or len(text) <= length:
        folding.extend(len(text))
        start, end = 0, len(text)
    else:
        first = folding.first_match(patterns, length) or 0
        start = max(0, first - length // 3)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < first else start
        end = min(len(text), start + length)
        space = text.rfind(" ", start, end)
        end = space if end < len(text) and space > start else end
        folding.extend(end + 1)
    scan_from = start if folding.origin is None else 0
    spans = sorted(
        (*folding.original(found), word)
        for word, pattern in enumerate(patterns)
        for found in pattern.finditer(folding.folded, scan_from)
    )
    return text, spans, start, end
