"""Small, named text cues shared by both segmenters (ftfy style: one cue, one function)."""

from __future__ import annotations

import re

from jiangbei_recon.load.decode import cjk_count

#: marks that can end a sentence (full- and half-width)
SENTENCE_END = frozenset("。！？!?…；;")
#: closing marks that may follow a sentence end: 。” ！） ……」
CLOSERS = frozenset("”’」』）)》〉】\"'")
#: openers that may start a quoted paragraph
OPENERS = frozenset('“‘「『（(《〈【"')
#: punctuation inside a sentence: a line ending with one of these goes on
CONTINUERS = frozenset("，,、：:“‘「『（(《—-·")
#: any punctuation a body sentence uses (headings and captions have none of these)
SENTENCE_PUNCT = SENTENCE_END | frozenset("，,、：:")

DATE = re.compile(r"\d{4}\s*[年/.-]\s*\d{1,2}\s*[月/.-]\s*\d{1,2}")
TIME = re.compile(r"\d{1,2}:\d{2}")
#: three or more CJK characters each followed by a single space: 核 心 提 示
LETTER_SPACED = re.compile(r"(?:[\u3400-\u9fff][ \u3000\u00a0]){2,}[\u3400-\u9fff]")
#: a space between two CJK characters (two phrases of a heading)
CJK_GAP = re.compile(r"[\u3400-\u9fff”」》][ \u3000\u00a0]+[\u3400-\u9fff“「《]")


def ends_sentence(text: str) -> bool:
    """True when ``text`` ends with sentence punctuation, optionally closed: ``。”``."""
    t = text.rstrip()
    while t and t[-1] in CLOSERS:
        t = t[:-1]
    return bool(t) and t[-1] in SENTENCE_END


def has_sentence_punct(text: str) -> bool:
    return any(c in SENTENCE_PUNCT for c in text)


def cells(text: str) -> float:
    """Display width in CJK cells: ASCII and half-width forms count one half."""
    w = 0.0
    for c in text:
        if c.isspace():
            w += 0.5 if c != "\u3000" else 1.0
        elif ord(c) < 0x2000 or 0xFF61 <= ord(c) <= 0xFFDC:
            w += 0.5
        else:
            w += 1.0
    return w


def cjk_len(text: str) -> int:
    return cjk_count(text)


#: a whole line of single-spaced CJK characters, even just two: 导 读
SPACED_LINE = re.compile(r"[\u3400-\u9fff](?:[ \u3000\u00a0][\u3400-\u9fff])+")


def is_letter_spaced(text: str) -> bool:
    """Most of the line is CJK characters separated by single spaces."""
    t = text.strip()
    if SPACED_LINE.fullmatch(t):
        return True
    m = [x for x in LETTER_SPACED.finditer(t)]
    covered = sum(x.end() - x.start() for x in m)
    return bool(m) and covered >= 0.5 * len(t)


def letter_spaced_spans(text: str) -> list[tuple[int, int]]:
    """One span per letter-spaced stretch; a mostly letter-spaced line is one span."""
    t = text.strip()
    if SPACED_LINE.fullmatch(t):
        start = text.index(t)
        return [(start, start + len(t))]
    spans = [(m.start(), m.end()) for m in LETTER_SPACED.finditer(text)]
    if not spans:
        return []
    first, last = spans[0][0], spans[-1][1]
    covered = sum(b - a for a, b in spans)
    if covered >= 0.5 * (last - first):
        return [(first, last)]
    return spans


def has_heading_gap(text: str) -> bool:
    """A space between CJK phrases, as in a two-part heading, but not letter-spacing."""
    t = text.strip()
    return bool(CJK_GAP.search(t)) and not is_letter_spaced(t)


def indent_of(line: str) -> int:
    return len(line) - len(line.lstrip())


def doubled(key: str) -> bool:
    """``ABAB`` where A == B: a caption printed twice."""
    n = len(key)
    return n >= 4 and n % 2 == 0 and key[: n // 2] == key[n // 2 :]
