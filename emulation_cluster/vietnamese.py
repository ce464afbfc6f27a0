"""Vietnamese text: folding for search and a collation key for alphabetical order.

PostgreSQL's embedded build has neither ``unaccent`` nor an ICU Vietnamese collation, so both are
computed here and stored in columns the database can index and order by.
"""

import unicodedata

# Marks that make a separate letter of the alphabet (ă â ê ô ơ ư), as opposed to tone marks.
_LETTER_MARKS = {"\u0306": 1, "\u0302": 2, "\u031b": 3}  # breve, circumflex, horn
# Tone marks in dictionary order: ngang (none), huyền, hỏi, ngã, sắc, nặng.
_TONE_MARKS = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}


def fold(text: str) -> str:
    """Lower-case ``text`` and drop every diacritic: "Mệnh lệnh 01" → "menh lenh 01"."""
    decomposed = unicodedata.normalize("NFD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d").replace("Đ", "D").lower()


def sort_key(text: str) -> str:
    """A string whose code-point order is Vietnamese alphabetical order.

    Letters come first (a < ă < â < b < ... < d < đ < e < ê ...), tones break ties, so
    "Cần Thơ" < "Đà Nẵng" < "Hà Nội". Compare keys with a binary ("C") collation.
    """
    letters: list[str] = []
    tones: list[str] = []
    for char in unicodedata.normalize("NFD", (text or "").lower()):
        if char in _TONE_MARKS:
            tones[-1:] = [_TONE_MARKS[char]]
        elif char in _LETTER_MARKS:
            if letters:
                letters[-1] = letters[-1][0] + str(_LETTER_MARKS[char])
        elif unicodedata.combining(char):
            continue
        elif char == "đ":
            letters.append("d9")
            tones.append("0")
        elif char.isalpha():
            letters.append(char + "0")
            tones.append("0")
        elif char.isdigit():
            # Digits sort before letters, as in a Vietnamese index.
            letters.append("0" + char)
            tones.append("0")
        else:
            letters.append("  ")
            tones.append("0")
    # \x01 sorts before every letter, so a prefix ("Ca") comes before its extensions ("Cab").
    return "".join(letters) + "\x01" + "".join(tones)
