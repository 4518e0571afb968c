"""PrintSegmenter: rebuild paragraphs from a column-wrapped newspaper page.

A page flattened to lines loses its paragraph marks.  Each boundary between two
text lines is decided from cues, in this order:

1. **standalone lines** (headings, captions, labels, the title) stand alone:
   no sentence punctuation, and a heading gap (``A B``), letter-spacing
   (``核 心 提 示``), a caption printed twice (``ABAB``), or a blank / short
   fill around them;
2. **indentation**: a line starting with spaces starts a paragraph;
3. **blank line**: ends the paragraph when the line before it ends a sentence;
   when it interrupts a sentence on a well-filled line it is a *column break*
   and the two runs are joined (recorded as ``Join("column-break")``);
4. **no blank line**: a *short* line ending a sentence ends the paragraph; a
   *full* line ending a sentence is ambiguous - the next paragraph starts there
   only if the next line opens a quote, otherwise the lines are joined
   (recorded as ``Join("wrap")`` so the aligner can split it again when the
   other copy says so).

"Short" and "full" are relative to the local column width, estimated per line
from nearby lines that certainly wrapped (followed by text, ending mid-sentence),
so a narrow summary column and a wide body column on one page each get their own
width.  Cost: O(n) lines (each width estimate looks at a bounded window).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jiangbei_recon.load.cues import (
    CLOSERS,
    CONTINUERS,
    OPENERS,
    cells,
    cjk_len,
    doubled,
    ends_sentence,
    has_heading_gap,
    has_sentence_punct,
    indent_of,
    is_letter_spaced,
    letter_spaced_spans,
)
from jiangbei_recon.load.normalize import normalize
from jiangbei_recon.model import BODY, CAPTION, HEADING, PRINT, SUMMARY_LABEL, Join, Paragraph

SHORT_FILL = 0.9  # a line below this share of its column ends short ...
SHORT_MARGIN = 1.5  # ... and at least this many cells short: in a narrow column one
# hanging mark (a comma printed past the column edge) is already 10% of the width


def is_short(width: float, column: float) -> bool:
    """A line of ``width`` cells ends short of a ``column``-cell column."""
    return width < min(SHORT_FILL * column, column - SHORT_MARGIN)


COLUMN_BREAK_FILL = 0.6  # a mid-sentence line above this fill before a blank is a column break
WINDOW = 12  # lines looked at around a line to estimate its column width
LABEL_MAX = 8
CAPTION_MAX = 16


@dataclass
class _Line:
    no: int  # 1-based file line
    text: str
    stripped: str
    width: float
    full: bool = False  # certainly wrapped: followed by text, ends mid-sentence


@dataclass
class _Run:
    lines: list[int] = field(default_factory=list)  # 1-based numbers of text lines
    joins: list[tuple[str, int, str]] = field(default_factory=list)  # (kind, blank/line no, reason)
    standalone: bool = False
    start_cue: str = "start"


def continues(text: str) -> bool:
    """A line that opens with a closing quote or inner punctuation continues the line before."""
    return bool(text) and (text[0] in CLOSERS or text[0] in "，,、：:；;。.！!？?…")


class PrintSegmenter:
    """Segment hard-wrapped lines into paragraphs (ids ``p1``… in reading order)."""

    def __init__(self, side: str = PRINT, prefix: str = "p"):
        self.side = side
        self.prefix = prefix

    # -- public -------------------------------------------------------------
    def segment(self, lines: list[str]) -> list[Paragraph]:
        text_lines = [
            _Line(i + 1, ln, ln.strip(), cells(ln.strip())) for i, ln in enumerate(lines) if ln.strip()
        ]
        if not text_lines:
            return []
        for a, b in zip(text_lines, text_lines[1:]):
            a.full = b.no == a.no + 1 and not ends_sentence(a.stripped) and not self._standalone_text(a)
        widths = self._column_widths(text_lines)
        runs: list[_Run] = []
        prev: _Line | None = None
        prev_run_start = True
        tail = ""  # the last characters of the current run: "吗？" + "”" ends a sentence
        for k, cur in enumerate(text_lines):
            nxt = text_lines[k + 1] if k + 1 < len(text_lines) else None
            standalone = self._is_standalone(cur, prev, nxt, widths[k], starts=prev_run_start)
            if prev is None or standalone or runs[-1].standalone:
                runs.append(
                    _Run([cur.no], standalone=standalone, start_cue="start" if prev is None else "standalone")
                )
            else:
                decision = self._boundary(prev, cur, widths[k - 1], tail)
                if isinstance(decision, str):
                    runs.append(_Run([cur.no], start_cue=decision))
                else:
                    runs[-1].lines.append(cur.no)
                    runs[-1].joins.append(decision)
            prev = cur
            tail = (tail if len(runs[-1].lines) > 1 else "")[-8:] + cur.stripped
            # does the *next* line start a paragraph if it joins nothing? (for standalone test)
            prev_run_start = runs[-1].standalone or ends_sentence(tail)
        runs = [piece for run in runs for piece in self._split_display_run(run, lines)]
        return [self._paragraph(i, run, lines) for i, run in enumerate(runs)]

    @staticmethod
    def _split_display_run(run: _Run, lines: list[str]) -> list[_Run]:
        """Body text always has punctuation: a multi-line run without any is stacked
        display lines (captions or headings printed one under another)."""
        if len(run.lines) < 2 or run.standalone:
            return [run]
        if any(has_sentence_punct(lines[n - 1]) for n in run.lines):
            return [run]
        return [
            _Run([n], standalone=True, start_cue=run.start_cue if k == 0 else "standalone")
            for k, n in enumerate(run.lines)
        ]

    # -- cues ---------------------------------------------------------------
    @staticmethod
    def _standalone_text(line: _Line) -> bool:
        s = line.stripped
        key = "".join(s.split())  # doubling survives any normalization, spaces aside
        if doubled(key) and not has_sentence_punct(s):
            return True
        return is_letter_spaced(s) and not has_sentence_punct(s) and cjk_len(s) <= LABEL_MAX

    def _is_standalone(
        self, cur: _Line, prev: _Line | None, nxt: _Line | None, width: float, starts: bool
    ) -> bool:
        if continues(cur.stripped):
            return False
        if self._standalone_text(cur):
            return True
        s = cur.stripped
        if has_sentence_punct(s) or cjk_len(s) > 40:
            return False
        if has_heading_gap(s):
            return True  # body lines do not hold a space between two CJK phrases
        if not starts:
            return False
        next_breaks = nxt is None or nxt.no > cur.no + 1 or indent_of(nxt.text) > 0
        alone = next_breaks and (prev is None or prev.no < cur.no - 1)
        if alone and cjk_len(s) <= CAPTION_MAX:
            return True  # a short unpunctuated line between blanks, after a finished sentence
        # a full-width line before a blank is more often a column break than a heading
        return has_heading_gap(s) or (next_breaks and is_short(cur.width, width)) or cur.width < 0.7 * width

    @staticmethod
    def _column_widths(text_lines: list[_Line]) -> list[float]:
        """Per line: the widest of the nearest certainly-wrapped lines."""
        full_idx = [k for k, ln in enumerate(text_lines) if ln.full]
        out: list[float] = []
        overall = max((ln.width for ln in text_lines), default=1.0)
        j = 0
        for k, ln in enumerate(text_lines):
            while j < len(full_idx) and full_idx[j] < k - WINDOW:
                j += 1
            near = []
            for m in range(j, len(full_idx)):
                if full_idx[m] > k + WINDOW:
                    break  # full_idx is sorted: nothing further is in the window
                if abs(text_lines[full_idx[m]].no - ln.no) <= WINDOW:
                    near.append(full_idx[m])
            near.sort(key=lambda m: (abs(text_lines[m].no - ln.no), m))
            chosen = [text_lines[m].width for m in near[:4]]
            out.append(max(chosen) if chosen else overall)
        return out

    def _boundary(self, prev: _Line, cur: _Line, width: float, tail: str) -> tuple[str, int, str] | str:
        """A start cue (str) when a paragraph ends after ``prev``; else the join (kind, line, reason)."""
        if continues(cur.stripped):
            # a line cannot open with a closing mark: it is the tail of the line before
            return (
                ("column-break", prev.no + 1, "line opens with a closing mark")
                if cur.no > prev.no + 1
                else ("line", prev.no, "")
            )
        if indent_of(cur.text) > 0:
            return "indent"
        fill = prev.width / width if width else 1.0
        sentence_end = ends_sentence(tail or prev.stripped)
        blank = cur.no > prev.no + 1
        if blank:
            if sentence_end:
                return "blank" if is_short(prev.width, width) else "blank-full"
            last = prev.stripped[-1]
            if fill >= COLUMN_BREAK_FILL or last in CONTINUERS:
                return (
                    "column-break",
                    prev.no + 1,
                    f"blank line inside a sentence after a {fill:.0%} full line",
                )
            return "blank"
        if sentence_end:
            if is_short(prev.width, width):
                return "short"
            if cur.stripped[0] in OPENERS:
                return "soft"
            return ("wrap", prev.no, "full line ending a sentence, next line opens no quote")
        return ("line", prev.no, "")

    def _paragraph(self, index: int, run: _Run, lines: list[str]) -> Paragraph:
        first, last = run.lines[0], run.lines[-1]
        raw = "\n".join(lines[first - 1 : last])
        line_starts = [0]
        for ln in lines[first - 1 : last - 1]:
            line_starts.append(line_starts[-1] + len(ln) + 1)
        norm = normalize(raw)
        joins = []
        for kind, no, reason in run.joins:
            if kind == "line":
                continue
            nxt = next(n for n in run.lines if n > (no if kind == "wrap" else no - 1))
            joins.append(Join(kind, no, line_starts[nxt - first], reason))
        spans = []
        for no in run.lines:
            base = line_starts[no - first]
            spans.extend((base + a, base + b) for a, b in letter_spaced_spans(lines[no - 1]))
        key, kmap, duplicate = norm.key, norm.key_map, None
        if run.standalone and doubled(key):
            half = len(key) // 2
            duplicate = (kmap[half], len(raw.rstrip()))
            key, kmap = key[:half], kmap[:half]
        role, why = BODY, "text with sentence punctuation"
        if run.standalone:
            role, why = self._display_role(raw, duplicate is not None)
        return Paragraph(
            id=f"{self.prefix}{index + 1}",
            side=self.side,
            role=role,
            first_line=first,
            last_line=last,
            raw=raw,
            key=key,
            key_map=kmap,
            annotations=norm.annotations,
            joins=joins,
            letter_spaced=spans,
            duplicate=duplicate,
            indent=indent_of(lines[first - 1]) > 0,
            role_reason=why,
            start_cue=run.start_cue,
        )

    @staticmethod
    def _display_role(raw: str, twice: bool) -> tuple[str, str]:
        s = raw.strip()
        if twice:
            return CAPTION, "printed twice on one line, as captions are"
        if is_letter_spaced(s) and cjk_len(s) <= LABEL_MAX:
            return SUMMARY_LABEL, "short letter-spaced label"
        if has_heading_gap(s) or cjk_len(s) >= 14:
            return HEADING, "standalone line, two phrases or long"
        return CAPTION, "short standalone line"


def rebuild(
    par: Paragraph, lines: list[str], first: int, last: int, joins: list[Join], start_cue: str
) -> Paragraph:
    """A print paragraph over file lines [first, last] (used when the aligner merges or splits)."""
    raw = "\n".join(lines[first - 1 : last])
    norm = normalize(raw)
    line_starts = [0]
    for ln in lines[first - 1 : last - 1]:
        line_starts.append(line_starts[-1] + len(ln) + 1)
    spans = []
    for no in range(first, last + 1):
        spans.extend(
            (line_starts[no - first] + a, line_starts[no - first] + b)
            for a, b in letter_spaced_spans(lines[no - 1])
        )
    fixed = []
    for j in joins:
        nxt = next(
            (n for n in range(j.line + (1 if j.kind == "wrap" else 0), last + 1) if lines[n - 1].strip()),
            last,
        )
        fixed.append(Join(j.kind, j.line, line_starts[nxt - first], j.reason))
    return Paragraph(
        id=par.id,
        side=par.side,
        role=par.role,
        first_line=first,
        last_line=last,
        raw=raw,
        key=norm.key,
        key_map=norm.key_map,
        annotations=norm.annotations,
        joins=fixed,
        letter_spaced=spans,
        duplicate=None,
        indent=indent_of(lines[first - 1]) > 0,
        role_reason=par.role_reason,
        start_cue=start_cue,
    )
