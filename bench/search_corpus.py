"""Vietnamese text for the search bench: a Zipf-like vocabulary, with diacritics.

The vocabulary is ranked: Vietnamese function words first ("và", "của", "các"...: in almost
every text, as in real writing), then the words of police work ("an ninh", "tuần tra", "ban
đêm"...), then a long tail of syllables made from Vietnamese onsets, rhymes and tones
("khuyến", "nghẹt", "thoảng"...), alone or in pairs. The word of rank r is drawn with weight
1 / (r + 2.7) (Zipf–Mandelbrot with exponent 1): a few words are everywhere, most are rare,
which is what makes a search's cost vary by orders of magnitude from one word to the next.

Texts are windows of one long stream of draws (``Corpus.words``): drawing each word of a
hundred million separately would cost minutes of the bench's time, and a window of an i.i.d.
stream is itself i.i.d.
"""

import random
import unicodedata

FUNCTION_WORDS = [
    "và",
    "của",
    "các",
    "là",
    "có",
    "được",
    "trong",
    "cho",
    "với",
    "người",
    "những",
    "để",
    "khi",
    "đã",
    "này",
    "một",
    "không",
    "đến",
    "từ",
    "theo",
    "về",
    "như",
    "tại",
    "trên",
    "sau",
    "nhiều",
    "đó",
    "năm",
    "cũng",
    "cùng",
    "thì",
    "nên",
    "hơn",
    "do",
    "bị",
    "vào",
    "ra",
    "lại",
    "mà",
    "qua",
    "hay",
    "rất",
    "đang",
]

DOMAIN_WORDS = [
    "công an",
    "an ninh",
    "trật tự",
    "nhân dân",
    "tuần tra",
    "đơn vị",
    "mô hình",
    "địa bàn",
    "phường",
    "ban đêm",
    "tội phạm",
    "phòng ngừa",
    "khu dân cư",
    "lực lượng",
    "tổ chức",
    "thực hiện",
    "hiệu quả",
    "tuyên truyền",
    "phối hợp",
    "camera",
    "giám sát",
    "giao thông",
    "phòng cháy",
    "chữa cháy",
    "kết quả",
    "triển khai",
    "cán bộ",
    "chiến sĩ",
    "quần chúng",
    "phong trào",
    "toàn dân",
    "bảo vệ",
    "Tổ quốc",
    "tự quản",
    "tổ dân phố",
    "xây dựng",
    "nhân rộng",
    "kinh nghiệm",
    "sáng kiến",
    "cư trú",
    "lưu trú",
    "định danh",
    "điện tử",
    "chuyển đổi số",
    "thủ tục",
    "hành chính",
    "ma túy",
    "cai nghiện",
    "hòa giải",
    "mâu thuẫn",
    "thanh niên",
    "học sinh",
    "trường học",
    "phụ nữ",
    "cựu chiến binh",
    "doanh nghiệp",
    "chợ",
    "bến xe",
    "nhà trọ",
    "công nhân",
    "đường dây nóng",
    "tố giác",
    "lừa đảo",
    "trực tuyến",
    "không gian mạng",
    "liên gia",
    "xe máy",
    "nồng độ cồn",
    "cứu nạn",
    "cứu hộ",
    "môi trường",
    "kinh tế",
    "ngày hội",
    "dân phòng",
    "bảo vệ dân phố",
    "đồng bộ",
    "chính quyền",
    "đoàn thể",
    "người cao tuổi",
    "trẻ em",
    "bạo lực",
    "gia đình",
    "an toàn",
    "vệ sinh",
    "thực phẩm",
    "hội nghị",
    "tọa đàm",
    "mệnh lệnh",
    "chuyên đề",
    "chỉ đạo",
    "kế hoạch",
    "báo cáo",
    "đánh giá",
    "khen thưởng",
    "thi đua",
    "nhiệm vụ",
    "giải pháp",
    "bài học",
    "quy trình",
    "hướng dẫn",
    "kiểm tra",
    "xử lý",
    "vi phạm",
    "trộm cắp",
    "cướp giật",
    "đánh bạc",
    "tín dụng đen",
    "vũ khí",
    "vật liệu nổ",
    "pháo",
    "đua xe",
    "tai nạn",
    "ùn tắc",
    "đường thủy",
    "cảnh sát",
    "khu vực",
    "trinh sát",
    "điều tra",
    "hồ sơ",
    "căn cước",
    "dữ liệu",
    "dân cư",
    "ứng dụng",
    "mạng xã hội",
    "nhóm Zalo",
    "điện thoại",
    "tin báo",
    "hiện trường",
    "cơ động",
    "ứng phó",
    "thiên tai",
    "bão lũ",
    "sơ kết",
    "tổng kết",
    "tập huấn",
    "diễn tập",
    "khu phố",
    "ấp",
    "thôn",
    "xã",
    "huyện",
    "thành phố",
    "thủ đô",
    "biên giới",
    "cảng biển",
    "khu công nghiệp",
]

ONSETS = [
    "b",
    "c",
    "ch",
    "d",
    "đ",
    "g",
    "gh",
    "gi",
    "h",
    "k",
    "kh",
    "l",
    "m",
    "n",
    "ng",
    "ngh",
    "nh",
    "p",
    "ph",
    "qu",
    "r",
    "s",
    "t",
    "th",
    "tr",
    "v",
    "x",
] + [""] * 3
# Rhymes, with the letter that carries the tone marked by its position (index into the rhyme).
RHYMES = [
    ("a", 0),
    ("ai", 0),
    ("ao", 0),
    ("au", 0),
    ("ay", 0),
    ("an", 0),
    ("ang", 0),
    ("anh", 0),
    ("am", 0),
    ("at", 0),
    ("ac", 0),
    ("ach", 0),
    ("ap", 0),
    ("ăn", 0),
    ("ăng", 0),
    ("ăm", 0),
    ("ăt", 0),
    ("ăc", 0),
    ("âu", 0),
    ("ây", 0),
    ("ân", 0),
    ("âng", 0),
    ("âm", 0),
    ("ât", 0),
    ("e", 0),
    ("eo", 0),
    ("en", 0),
    ("em", 0),
    ("et", 0),
    ("ê", 0),
    ("êu", 0),
    ("ên", 0),
    ("ênh", 0),
    ("êm", 0),
    ("êt", 0),
    ("êch", 0),
    ("i", 0),
    ("iu", 0),
    ("in", 0),
    ("inh", 0),
    ("im", 0),
    ("it", 0),
    ("ich", 0),
    ("iêu", 1),
    ("iên", 1),
    ("iêng", 1),
    ("iêt", 1),
    ("o", 0),
    ("oi", 0),
    ("on", 0),
    ("ong", 0),
    ("om", 0),
    ("ot", 0),
    ("oc", 0),
    ("oa", 1),
    ("oai", 1),
    ("oan", 1),
    ("oang", 1),
    ("oanh", 1),
    ("oat", 1),
    ("ô", 0),
    ("ôi", 0),
    ("ôn", 0),
    ("ông", 0),
    ("ôm", 0),
    ("ôt", 0),
    ("ôc", 0),
    ("ơ", 0),
    ("ơi", 0),
    ("ơn", 0),
    ("ơm", 0),
    ("ơt", 0),
    ("u", 0),
    ("ui", 0),
    ("un", 0),
    ("ung", 0),
    ("um", 0),
    ("ut", 0),
    ("uc", 0),
    ("uôi", 1),
    ("uôn", 1),
    ("uông", 1),
    ("uôt", 1),
    ("uy", 1),
    ("uyên", 2),
    ("uyêt", 2),
    ("ư", 0),
    ("ưa", 0),
    ("ưi", 0),
    ("ưng", 0),
    ("ưt", 0),
    ("ưc", 0),
    ("ươi", 1),
    ("ươn", 1),
    ("ương", 1),
    ("ươt", 1),
    ("ươc", 1),
]
TONES = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]  # ngang huyền hỏi ngã sắc nặng
STOPS = ("t", "c", "ch", "p")  # a syllable ending in a stop takes sắc or nặng only


def syllable(onset: str, rhyme: str, carrier: int, tone: str) -> str:
    """One written syllable: the tone mark on its carrying vowel, in NFC."""
    letters = list(rhyme)
    letters[carrier] = letters[carrier] + tone
    return unicodedata.normalize("NFC", onset + "".join(letters))


def syllable_inventory() -> list[str]:
    """Every syllable the onsets, rhymes and tones make (about 13,000), in a fixed order."""
    made = []
    for onset in ONSETS[:-3] + [""]:
        for rhyme, carrier in RHYMES:
            if onset in ("g", "ng", "k", "c", "q") and rhyme[0] in "eêi":
                continue  # written gh-, ngh-, k- before these vowels; c- never
            tones = TONES[4:] if rhyme.endswith(STOPS) else TONES
            for tone in tones:
                made.append(syllable(onset, rhyme, carrier, tone))
    return list(dict.fromkeys(made))


class Corpus:
    """The ranked vocabulary and a stream of Zipf draws from it."""

    def __init__(self, seed: int, tail_words: int = 40_000, stream_words: int = 4_000_000):
        rng = random.Random(seed)
        inventory = syllable_inventory()
        rng.shuffle(inventory)
        known = {part for word in FUNCTION_WORDS + DOMAIN_WORDS for part in word.lower().split()}
        tail_syllables = [s for s in inventory if s not in known]
        # Syllables kept out of every text: the "no hits" query is one of them.
        self.absent = tail_syllables[:50]
        tail_syllables = tail_syllables[50:]
        tail = []
        for number in range(tail_words):
            first = tail_syllables[number % len(tail_syllables)]
            if number < len(tail_syllables):
                tail.append(first)
            else:
                tail.append(f"{first} {rng.choice(tail_syllables)}")
        self.ranked = FUNCTION_WORDS + DOMAIN_WORDS + tail
        weights = [1 / (rank + 2.7) for rank in range(1, len(self.ranked) + 1)]
        self.stream = rng.choices(self.ranked, weights=weights, k=stream_words)
        self.rng = rng

    def words(self, count: int) -> str:
        start = self.rng.randrange(len(self.stream) - count)
        return " ".join(self.stream[start : start + count])

    def sentence(self, count: int) -> str:
        text = self.words(count)
        return text[:1].upper() + text[1:] + "."

    def paragraph(self, sentences: int, low: int = 8, high: int = 18) -> str:
        return " ".join(self.sentence(self.rng.randint(low, high)) for _ in range(sentences))

    def title(self, low: int = 5, high: int = 11) -> str:
        text = self.words(self.rng.randint(low, high))
        return text[:1].upper() + text[1:]
