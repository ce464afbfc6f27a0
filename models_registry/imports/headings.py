"""Which write-up field a heading of a unit's document stands for.

Units write their models up in Word under headings of their own: "1. Sự cần thiết", "II. CÁCH
LÀM", "Bài học kinh nghiệm". The words are compared folded (no diacritics, lower case), so that
"SỰ CẦN THIẾT", "Su can thiet" and "sự cần thiết" are the same heading.
"""

import re

from emulation_cluster.vietnamese import fold

# Each write-up field with the words that announce it, Vietnamese first, then English. Folded.
FIELD_KEYWORDS = {
    "summary": (
        "tom tat", "gioi thieu chung", "gioi thieu", "tong quan", "khai quat",
        "summary", "overview", "introduction",
    ),
    "problem": (
        "su can thiet", "tinh cap thiet", "can thiet", "dat van de", "thuc trang", "boi canh",
        "ly do", "van de", "co so", "problem", "background", "context", "the need",
    ),
    "objectives": ("muc tieu", "muc dich", "yeu cau", "objectives", "aims", "goals"),
    "how_it_works": (
        "cach lam", "cach thuc", "noi dung", "giai phap", "bien phap", "trien khai",
        "to chuc thuc hien", "quy trinh", "phuong phap", "hoat dong", "how it works",
        "approach", "method", "implementation",
    ),
    "resources_and_cost": (
        "nguon luc", "kinh phi", "chi phi", "co so vat chat", "resources", "cost", "budget",
    ),
    "results": ("ket qua", "hieu qua", "thanh tich", "results", "outcomes", "impact"),
    "lessons_learned": ("bai hoc", "kinh nghiem", "lessons"),
    "replication_conditions": (
        "dieu kien nhan rong", "kha nang nhan rong", "nhan rong", "dieu kien ap dung",
        "de xuat", "kien nghi", "replication", "replicating", "conditions", "scaling",
    ),
}  # fmt: skip
# A section naming the partners: the names found in it tick the partners, its text is kept.
PARTNER_KEYWORDS = ("don vi phoi hop", "co quan phoi hop", "phoi hop", "partners", "partner")

# "1.", "1.2.", "II.", "a)", "-" before the words of a heading.
_NUMBERING = re.compile(r"^\s*(?:(?:[ivxlc]+|\d+(?:\.\d+)*|[a-z])[.)/:-]|[-–•*])\s*")
HEADING_MAX_CHARS = 120
HEADING_MAX_WORDS = 14


def _words(text: str) -> str:
    """Folded, numbering and punctuation dropped, single spaces: the words compared."""
    folded = _NUMBERING.sub("", fold(text).strip())
    return " ".join(re.sub(r"[^\w]+", " ", folded).split())


def has_numbering(text: str) -> bool:
    return bool(_NUMBERING.match(fold(text)))


def _first_match(words: str, keywords) -> tuple[int, int] | None:
    """(position, -length) of the earliest, then longest, keyword found as whole words."""
    best = None
    for keyword in keywords:
        found = re.search(rf"(?<!\w){re.escape(keyword)}(?!\w)", words)
        if found:
            candidate = (found.start(), -len(keyword))
            best = candidate if best is None or candidate < best else best
    return best


def field_for_heading(text: str) -> str | None:
    """The write-up field ``text`` announces, ``"partners"``, or None if it names none.

    "Kết quả và bài học" is the results: the earliest word decides, then the longest.
    """
    words = _words(text)
    if not words:
        return None
    ranked = []
    for field, keywords in (*FIELD_KEYWORDS.items(), ("partners", PARTNER_KEYWORDS)):
        match = _first_match(words, keywords)
        if match is not None:
            ranked.append((match, field))
    return min(ranked)[1] if ranked else None


def looks_short(text: str) -> bool:
    """Short enough for a heading, and not a sentence (headings rarely end with a full stop)."""
    stripped = text.strip()
    return (
        0 < len(stripped) <= HEADING_MAX_CHARS
        and len(stripped.split()) <= HEADING_MAX_WORDS
        and not stripped.endswith((".", ";", ","))
    )
