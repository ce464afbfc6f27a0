"""What a reader typed, read once: folded words, phrases in quotes, words to leave out.

Any text gives a query or nothing, never an error: control characters and NUL bytes are
dropped, the length is capped, and only the folded letters and digits of a word reach the
database, as quoted lexemes of a ``to_tsquery`` that this module writes itself (so "tuan tra",
``"ban dem"`` and ``-xe`` mean here exactly what the documents were split into).
"""

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
    file's 60,000 characters cost a ``str.translate``, not 60,000 calls of ``fold``."""
    characters = set(text)
    for char in characters - _FOLDED.keys():
        _learn(char)
    if characters.isdisjoint(_NOT_ONE):
        return text.translate(_TABLE), None
    folded: list[str] = []
    origin: list[int] = []
    for position, char in enumerate(text):
        piece = _FOLDED[char]
        folded.append(piece)
        origin.extend([position] * len(piece))
    return "".join(folded), origin


# The characters folded so far: a page's twenty snippets hold the same hundred characters.
_FOLDED: dict[str, str] = {}
_TABLE: dict[int, str] = {}
_NOT_ONE: set[str] = set()  # those that fold to other than one character


def _learn(char: str) -> None:
    folded = fold(char)
    _TABLE[ord(char)] = folded
    if len(folded) != 1:
        _NOT_ONE.add(char)
    _FOLDED[char] = folded  # last: a reader seeing it finds the others set


def _patterns(search: SearchText) -> list[re.Pattern]:
    return [re.compile(rf"(?<![^\W_]){re.escape(word)}(?![^\W_])") for word in search.folded_words]


def _head_with_first_match(text: str, search: SearchText, length: int):
    """The start of a long ``text`` up to a window past its first match (all of it if none),
    and its fold when it was folded here (else None): folded in growing pieces, so that a file
    whose first page holds the word (a common word: most files) costs a page, not its 60,000
    characters, on each of a page's twenty results. What ``highlight`` shows depends only on
    the text up to ``2 · length`` past the first match: any longer start gives the same."""
    patterns = _patterns(search)
    end = 3 * length
    while end < len(text):
        folded, origin = _folded_with_positions(text[:end])
        firsts = [found.start() for found in (p.search(folded) for p in patterns) if found]
        if firsts:
            first = min(firsts) if origin is None else origin[min(firsts)]
            if first + 2 * length <= end:
                return text[:end], (folded, origin)
            return text[: first + 2 * length], None
        end *= 4
    return text, None


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
    for span_start, span_end in spans:
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
    shown = {
        fold(text[span_start:span_end])
        for span_start, span_end in spans
        if start <= span_start and span_end <= end
    }
    marks = ("… " if start else "", " …" if end < len(text) else "")
    return marks[0] + text[start:end] + marks[1], len(shown)


def _window(text: str, search: SearchText, length: int | None) -> tuple[str, list, int, int]:
    """What ``highlight`` shows of ``text``: the text (a long one cut after its first match),
    the matches of the search's words in it (sorted (start, end) of the original characters)
    and the window (start, end) around the first."""
    head = None
    if length is not None and len(text) > 3 * length:
        text, head = _head_with_first_match(text, search, length)
    folded, origin = head or _folded_with_positions(text)

    def original(found) -> tuple[int, int]:
        if origin is None:
            return found.start(), found.end()
        return origin[found.start()], origin[found.end() - 1] + 1

    patterns = _patterns(search)
    scan_from, scan_to = 0, len(folded)
    if length is not None and len(text) > length:
        firsts = [found.start() for found in (p.search(folded) for p in patterns) if found]
        if firsts:
            scan_from = max(0, min(firsts) - length)
            scan_to = min(len(folded), min(firsts) + 2 * length)
    spans = []
    for pattern in patterns:
        for found in pattern.finditer(folded, scan_from, scan_to):
            spans.append(original(found))
    spans.sort()
    start, end = 0, len(text)
    if length is not None and len(text) > length:
        first = spans[0][0] if spans else 0
        start = max(0, first - length // 3)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < first else start
        end = min(len(text), start + length)
        space = text.rfind(" ", start, end)
        end = space if end < len(text) and space > start else end
    return text, spans, start, end
