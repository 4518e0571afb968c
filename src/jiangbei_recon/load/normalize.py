"""Comparison keys: one function for both copies, with a map back to raw text.

``normalize(raw)`` turns a paragraph's raw text into a *key* that differs
between the two copies only where they really differ:

* pinyin annotations glued after a character (``區(qū)``) are dropped, but
  recorded as ``Annotation`` (the reading is evidence for the mojibake
  classifier, even when the annotated character itself is corrupted);
* whitespace of every kind (ASCII, NBSP, ideographic space, line breaks,
  letter-spacing) is dropped;
* full-width ASCII forms are folded to half-width (``，`` -> ``,``);
* the script is unified with OpenCC ``t2s`` (phrase-aware), then characters
  OpenCC leaves ambiguous (著/着 …) are folded by the project's own table.

Every key character keeps the raw offset it came from (``key_map``), so any
key span can be shown as the exact raw text and file lines it covers.
Cost: O(n) in the paragraph length (OpenCC runs once per paragraph).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from array import array
from dataclasses import dataclass, field
from functools import cache

from jiangbei_recon.model import Annotation

TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
#: ``(reading)`` (or ``（reading）``) of lower-case pinyin letters with at least one tone mark or ü,
#: so ``(GDP)`` or ``(村)`` are never taken for annotations.
#: A hard-wrapped copy may break a line inside one: ``(jì\nn)``.
ANNOTATION = re.compile(r"[(（]\n?((?:[a-z" + TONED + r"]\r?\n?){1,7})[)）]")
#: where an annotation may open (half- or full-width bracket)
_OPEN = re.compile("[(（]")
_TONED_SET = frozenset(TONED)

#: Characters OpenCC's t2s leaves in Traditional/ambiguous form; folded to the
#: form the Simplified copy normally prints.  Only one-to-many cases belong here.
AMBIGUOUS_FOLD = {
    "著": "着",
    "乾": "干",
    "於": "于",
    "後": "后",
    "裡": "里",
    "裏": "里",
    "髮": "发",
    "發": "发",
    "幹": "干",
    "麵": "面",
    "複": "复",
    "復": "复",
    "覆": "复",
    "係": "系",
    "繫": "系",
    "鍾": "钟",
    "鐘": "钟",
    "歷": "历",
    "曆": "历",
    "隻": "只",
    "臺": "台",
    "檯": "台",
    "颱": "台",
    "餘": "余",
    "瞭": "了",
    "佔": "占",
    "週": "周",
    "鬱": "郁",
    "纔": "才",
    "閒": "闲",
    "嚮": "向",
}
FOLD_TABLE = str.maketrans(AMBIGUOUS_FOLD)


@cache
def converter(config: str):
    """One OpenCC converter per config for the whole process (2-9 ms to build)."""
    import opencc  # lazy: keeps `recon --help` fast

    return opencc.OpenCC(config)


def fold_width(ch: str) -> str:
    """Full-/half-width compatibility forms -> their plain form (one char in, one out)."""
    o = ord(ch)
    if 0xFF01 <= o <= 0xFF5E:
        return chr(o - 0xFEE0)
    if 0xFF61 <= o <= 0xFFEE or 0xFE50 <= o <= 0xFE6B:
        folded = unicodedata.normalize("NFKC", ch)
        if len(folded) == 1:
            return folded
    return ch


#: fold_width as a translate table (one C pass instead of a call per character)
WIDTH_TABLE = {
    o: chr_
    for o in (*range(0xFE50, 0xFE6C), *range(0xFF01, 0xFFEF))
    if (chr_ := fold_width(chr(o))) != chr(o)
}
#: every whitespace character (str.isspace; none lies above U+3000) plus zero-width ones
SPACES = frozenset(chr(o) for o in range(0x3001) if chr(o).isspace()) | frozenset("\u200b\u200c\u200d\ufeff")


def is_space(ch: str) -> bool:
    return ch in SPACES


def is_annotation_at(raw: str, pos: int) -> re.Match | None:
    """An annotation starting at ``pos`` and glued to a preceding character."""
    if raw[pos] not in "(（":
        return None
    before = pos - 1
    while before >= 0 and raw[before] in "\r\n":  # a wrapped copy may break the line before it
        before -= 1
    if before < 0 or is_space(raw[before]) or raw[before] in "()（）":
        return None
    m = ANNOTATION.match(raw, pos)
    if m and any(c in _TONED_SET for c in m.group(1)):
        return m
    return None


def reading_of(m: re.Match) -> str:
    return "".join(m.group(1).split())


@dataclass
class Normalized:
    key: str
    key_map: array  # of int (raw offsets)
    annotations: list[Annotation] = field(default_factory=list)


def to_simplified(text: str) -> str:
    """t2s that keeps the length (falls back to per-character when a phrase rule changes it)."""
    t2s = converter("t2s")
    out = t2s.convert(text)
    if len(out) != len(text):
        out = "".join(t2s.convert(c) if len(t2s.convert(c)) == 1 else c for c in text)
    return out


def normalize(raw: str) -> Normalized:
    """The comparison key of ``raw`` and, per key character, its raw offset.

    Annotations glued to a character are cut out (and recorded), whitespace is
    dropped, widths folded, the script unified.  O(len(raw)), mostly in C:
    the only Python loop is over kept offsets.
    """
    skips: list[tuple[int, int]] = []
    found = _OPEN.search(raw)
    while found:
        m = is_annotation_at(raw, found.start())
        found = _OPEN.search(raw, m.end() if m else found.start() + 1)
        if m:
            skips.append((m.start(), m.end(), m))
    kmap: list[int] = []
    start = 0
    for a, b, _m in skips:
        kmap.extend(i for i in range(start, a) if raw[i] not in SPACES)
        start = b
    kmap.extend(i for i in range(start, len(raw)) if raw[i] not in SPACES)
    annotations = []
    for a, _b, m in skips:
        k = bisect.bisect_left(kmap, a) - 1
        annotations.append(Annotation(m.start(), m.end(), raw[kmap[k]] if k >= 0 else "", reading_of(m)))
    kept = "".join([raw[i] for i in kmap]).translate(WIDTH_TABLE)
    key = to_simplified(kept).translate(FOLD_TABLE)
    # 4 bytes an offset instead of a pointer to an int object (~36): a book-length
    # pair keeps a million of them
    return Normalized(key, array("i", kmap), annotations)


def normalize_text(text: str) -> str:
    """Just the key of ``text`` (for pairing and tests)."""
    return normalize(text).key
