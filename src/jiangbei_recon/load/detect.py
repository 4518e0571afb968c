"""Which copy is which, decided from content only (never the file name).

Evidence, in order of weight:
* script: characters that OpenCC's t2s would change (Traditional-only) versus
  characters s2t would change (Simplified-only);
* pinyin annotations ``字(pīn)`` (a web-copy habit);
* line profile: a hard-wrapped page has many consecutive lines of nearly the
  same length; a web copy has one paragraph per line.

The result carries a confidence in [0, 1] and a one-line reason for the report.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from jiangbei_recon.load.decode import CJK_RUN
from jiangbei_recon.load.normalize import ANNOTATION, converter
from jiangbei_recon.model import PRINT, WEB

LINE_PER_PARAGRAPH = "line-per-paragraph"
WRAPPED = "wrapped"


@dataclass(frozen=True)
class SideEvidence:
    side: str
    script: str
    layout: str
    confidence: float
    reason: str
    traditional: int
    simplified: int
    annotations: int


def script_marks(text: str) -> tuple[int, int]:
    """(# Traditional-only characters, # Simplified-only characters) in ``text``."""
    cjk = "".join(CJK_RUN.findall(text))
    if not cjk:
        return 0, 0
    as_simp = converter("t2s").convert(cjk)
    as_trad = converter("s2t").convert(cjk)
    if len(as_simp) != len(cjk) or len(as_trad) != len(cjk):  # pragma: no cover - defensive
        return 0, 0
    trad = sum(1 for a, b in zip(cjk, as_simp, strict=True) if a != b)
    simp = sum(1 for a, b in zip(cjk, as_trad, strict=True) if a != b)
    return trad, simp


def layout_of(lines: list[str]) -> str:
    """``wrapped`` when most text lines run into a same-width neighbour."""
    stripped = [ln.strip() for ln in lines]
    nonblank = [s for s in stripped if s]
    if len(nonblank) < 4:
        return LINE_PER_PARAGRAPH
    lengths = [len(s) for s in nonblank]
    med = statistics.median(lengths)
    # lines followed directly (no blank) by another text line
    followed = sum(1 for a, b in zip(stripped, stripped[1:]) if a and b)
    if med <= 40 and followed >= len(nonblank) * 0.4:
        return WRAPPED
    return LINE_PER_PARAGRAPH


def detect_side(text: str, lines: list[str]) -> SideEvidence:
    trad, simp = script_marks(text)
    annotations = sum(1 for _ in ANNOTATION.finditer(text))
    layout = layout_of(lines)
    web_score = trad + 2 * annotations + (5 if layout == LINE_PER_PARAGRAPH else 0)
    print_score = simp + (5 if layout == WRAPPED else 0)
    side = WEB if web_score > print_score else PRINT
    total = web_score + print_score
    confidence = round(abs(web_score - print_score) / total, 3) if total else 0.0
    script = "traditional" if trad > simp else "simplified"
    reason = (
        f"{trad} Traditional-only vs {simp} Simplified-only characters, "
        f"{annotations} pinyin annotations, {layout} layout"
    )
    return SideEvidence(side, script, layout, confidence, reason, trad, simp, annotations)
