"""The plain dataclasses that flow between pipeline stages.

loader (decode -> segment -> normalize) produces ``Document``/``Paragraph``;
the aligner produces ``AlignmentGroup``; the classifier produces ``Divergence``;
``PairReport``/``RunReport`` are what the reporters render.  Nothing here
does work beyond small derived views, so a notebook can build or inspect any
stage's output by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field

WEB = "web"
PRINT = "print"

# Paragraph roles (JSON contract "jiangbei-recon/1").
BODY = "body"
TITLE = "title"
HEADING = "heading"
CAPTION = "caption"
CHROME = "chrome"
BYLINE = "byline"
DATELINE = "dateline"
SUMMARY_LABEL = "summary-label"
ROLES = (BODY, TITLE, HEADING, CAPTION, CHROME, BYLINE, DATELINE, SUMMARY_LABEL)
#: Roles that are page furniture, never compared as text.
CHROME_ROLES = frozenset({CHROME, BYLINE, DATELINE})
#: Short standalone roles that a print page may gather elsewhere.
DISPLAY_ROLES = frozenset({TITLE, HEADING, CAPTION, SUMMARY_LABEL})

# Divergence categories, most important first (text report order).
WORDING = "wording"
ARTIFACT = "artifact"
LAYOUT = "layout"
NORMALIZATION = "normalization"
CATEGORIES = (WORDING, ARTIFACT, LAYOUT, NORMALIZATION)

#: fine kind -> category.  The single source of truth for both.
KINDS: dict[str, str] = {
    "wording": WORDING,
    "one-sided": WORDING,
    "mojibake": ARTIFACT,
    "variant-character": ARTIFACT,
    "quote-direction": ARTIFACT,
    "punctuation": ARTIFACT,
    "moved": LAYOUT,
    "split": LAYOUT,
    "merge": LAYOUT,
    "column-break": LAYOUT,
    "letter-spacing": LAYOUT,
    "heading-relocated": LAYOUT,
    "caption-relocated": LAYOUT,
    "title-relocated": LAYOUT,
    "duplicated": LAYOUT,
    "chrome": LAYOUT,
    "script-variant": NORMALIZATION,
    "punctuation-width": NORMALIZATION,
    "whitespace": NORMALIZATION,
    "pinyin-annotation": NORMALIZATION,
}

#: opening bracket -> closing bracket of a pinyin annotation (half- or full-width)
PARENS = {"(": ")", "（": "）"}

RECONCILED = "reconciled"
DIVERGED = "diverged"
NOT_A_PAIR = "not-a-pair"


@dataclass(frozen=True, slots=True)
class Annotation:
    """A pinyin reading glued after a character in the web copy: ``區(qū)``.

    ``start``/``end`` are raw offsets of the whole ``(qū)`` text; ``char`` is the
    character it follows (possibly a corrupted one: evidence for mojibake).
    """

    start: int
    end: int
    char: str
    reading: str


@dataclass(frozen=True, slots=True)
class Join:
    """A place inside a paragraph where the segmenter joined two line runs.

    ``kind`` is ``"column-break"`` (a blank line inside a sentence) or
    ``"wrap"`` (a line that ended with sentence punctuation but continued).
    ``line`` is the file line of the blank (column break) or of the line end.
    ``raw_offset`` is the raw offset where the second run starts.
    """

    kind: str
    line: int
    raw_offset: int
    reason: str = ""


@dataclass(slots=True)
class Paragraph:
    id: str
    side: str
    role: str
    first_line: int
    last_line: int
    raw: str
    key: str = ""
    #: key index -> raw offset of the character it came from
    key_map: list[int] = field(default_factory=list)
    annotations: list[Annotation] = field(default_factory=list)
    joins: list[Join] = field(default_factory=list)
    #: raw (start, end) spans of letter-spaced text
    letter_spaced: list[tuple[int, int]] = field(default_factory=list)
    #: raw (start, end) of a repeated copy dropped from the key (``ABAB``)
    duplicate: tuple[int, int] | None = None
    #: whether this paragraph started at an indented line / ended a line short
    indent: bool = False
    role_reason: str = ""
    #: how the segmenter decided this paragraph starts here: "start", "blank",
    #: "blank-full" (blank after a full line ending a sentence: maybe a column
    #: break), "short" (short line ended a sentence), "soft" (full line ended a
    #: sentence, this one opens a quote), "indent", "standalone"
    start_cue: str = "start"

    @property
    def lines(self) -> tuple[int, int]:
        return (self.first_line, self.last_line)

    def line_of(self, raw_offset: int) -> int:
        """File line (1-based) holding raw offset ``raw_offset``."""
        raw_offset = max(0, min(raw_offset, len(self.raw)))
        return self.first_line + self.raw.count("\n", 0, raw_offset)

    def raw_span(self, key_start: int, key_end: int) -> tuple[int, int]:
        """Raw (start, end) covering key characters [key_start, key_end).

        An empty key span maps to the empty raw span where the text would stand.
        """
        if not self.key_map:
            return (0, 0)
        if key_start >= key_end:
            if key_start < len(self.key_map):
                pos = self.key_map[key_start]
            else:  # at the end: after anything glued to the last character
                pos = self._past_glued(self.key_map[-1] + 1, len(self.raw))
            return (pos, pos)
        start = self.key_map[key_start]
        # extend over an annotation glued to the last character
        limit = self.key_map[key_end] if key_end < len(self.key_map) else len(self.raw)
        return (start, self._past_glued(self.key_map[key_end - 1] + 1, limit))

    def _past_glued(self, pos: int, limit: int) -> int:
        """``pos`` moved past bracketed text glued there (annotations), within ``limit``."""
        while pos < limit and self.raw[pos] in PARENS:
            close = self.raw.find(PARENS[self.raw[pos]], pos, limit)
            if close < 0:
                break
            pos = close + 1
        return pos


@dataclass
class Document:
    path: str
    side: str  # WEB or PRINT
    script: str  # "traditional" | "simplified"
    encoding: str
    layout: str  # "line-per-paragraph" | "wrapped"
    confidence: float
    reason: str
    lines: list[str]
    paragraphs: list[Paragraph] = field(default_factory=list)

    def by_id(self) -> dict[str, Paragraph]:
        return {p.id: p for p in self.paragraphs}


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a divergence: where to look in one file."""

    paragraph: str
    lines: tuple[int, int]
    offsets: tuple[int, int]
    text: str

    def to_json(self) -> dict:
        return {
            "paragraph": self.paragraph,
            "lines": [self.lines[0], self.lines[1]],
            "offsets": [self.offsets[0], self.offsets[1]],
            "text": self.text,
        }


def side_of(par: Paragraph, raw_start: int, raw_end: int) -> Side:
    """Build a ``Side`` for raw offsets [raw_start, raw_end) of ``par``."""
    raw_start = max(0, min(raw_start, len(par.raw)))
    raw_end = max(raw_start, min(raw_end, len(par.raw)))
    first = par.line_of(raw_start)
    last = par.line_of(max(raw_start, raw_end - 1)) if raw_end > raw_start else first
    return Side(par.id, (first, last), (raw_start, raw_end), par.raw[raw_start:raw_end])


def whole_side(par: Paragraph) -> Side:
    return Side(par.id, par.lines, (0, len(par.raw)), par.raw)


@dataclass(slots=True)
class Divergence:
    kind: str
    web: Side | None
    print: Side | None
    explanation: str
    #: extra evidence (mojibake: repaired / evidence / confidence)
    details: dict = field(default_factory=dict)

    @property
    def category(self) -> str:
        return KINDS[self.kind]


@dataclass(slots=True)
class AlignmentGroup:
    web: list[str]
    print: list[str]
    score: float
    moved: bool = False


@dataclass
class PairReport:
    web: Document
    print: Document
    alignment: list[AlignmentGroup]
    web_only: list[str]
    print_only: list[str]
    divergences: list[Divergence]
    verdict: str
    fail_on: tuple[str, ...] = (WORDING,)
    #: format -> this pair's part of a report, rendered where the pair was computed
    #: (a ``--jobs`` worker); set only when the heavy parts were then dropped
    rendered: dict[str, str] = field(default_factory=dict)

    @property
    def summary(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for d in self.divergences:
            counts[d.kind] = counts.get(d.kind, 0) + 1
        return dict(sorted(counts.items()))

    def by_category(self) -> dict[str, dict[str, int]]:
        """Category -> {kind: count}, every category, most important first."""
        summary = self.summary
        return {cat: {k: n for k, n in summary.items() if KINDS[k] == cat} for cat in CATEGORIES}

    def category_fails(self, category: str) -> bool:
        """Whether divergences found in ``category`` make the pair fail (``--fail-on``)."""
        return category in self.fail_on or any(
            KINDS[k] == category for k in self.summary if k in self.fail_on
        )

    def failing(self) -> list[Divergence]:
        """Divergences that make the pair 'diverged' (those accepted by a baseline never do)."""
        return [
            d
            for d in self.divergences
            if (d.kind in self.fail_on or d.category in self.fail_on) and not d.details.get("baseline")
        ]


@dataclass
class RunReport:
    pairs: list[PairReport]
    unpaired: list[str]

    @property
    def exit_code(self) -> int:
        if self.unpaired or any(p.verdict != RECONCILED for p in self.pairs):
            return 1
        return 0
