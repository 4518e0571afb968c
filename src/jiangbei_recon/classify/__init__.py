"""The classifier: explain every difference inside every aligned group by its cause.

For each group the web and print keys are concatenated and diffed with
rapidfuzz's Levenshtein opcodes (bit-parallel, O(N*M/64) per group; groups are
paragraph-sized).  Then:

* inside *equal* stretches the keys agree but the raw text may not: width
  (``punctuation-width``), a one-to-many script choice (``script-variant``),
  an accepted variant form (``variant-character``), spacing (``whitespace``);
* *edit* stretches (adjacent edits merged) are, in this order:
  ``quote-direction``, ``mojibake`` (see ``mojibake.explain_span``),
  ``punctuation``, ``variant-character``, else ``wording``;
* paragraph-level facts become layout divergences: ``chrome``, ``column-break``,
  ``letter-spacing``, ``duplicated``, plus the aligner's moves/relocations;
* web annotations become ``pinyin-annotation``; unmatched paragraphs ``one-sided``.
"""

from __future__ import annotations

from functools import lru_cache

from jiangbei_recon.align import Alignment
from jiangbei_recon.classify.mojibake import explain_span, learn_readings
from jiangbei_recon.load.normalize import converter, fold_width, is_space
from jiangbei_recon.model import (
    BODY,
    CHROME_ROLES,
    Divergence,
    Document,
    Paragraph,
    Side,
    side_of,
    whole_side,
)

QUOTES = {
    "“": "d",
    "”": "d",
    "‘": "s",
    "’": "s",
    '"': "d",
    "'": "s",
    "「": "c",
    "」": "c",
    "『": "C",
    "』": "C",
}
PUNCT = set("，,。.、；;：:！!？?…—-·（）()《》〈〉【】“”‘’\"'「」『』~～")
MERGE_GAP = 1  # edits separated by at most this many equal characters are one edit


class _Stream:
    """Concatenated keys of a group's paragraphs with a way back to each paragraph."""

    def __init__(self, pars: list[Paragraph]):
        self.pars = pars
        self.key = "".join(p.key for p in pars)
        self.starts = []
        pos = 0
        for p in pars:
            self.starts.append(pos)
            pos += len(p.key)

    def locate(self, k: int) -> tuple[Paragraph, int]:
        """(paragraph, key index in it) for composite index k (end clamps to the last paragraph)."""
        import bisect

        idx = max(0, bisect.bisect_right(self.starts, k) - 1)
        # skip empty paragraphs that share a start with the next one
        while (
            idx + 1 < len(self.starts)
            and self.starts[idx + 1] == self.starts[idx]
            and k >= self.starts[idx + 1]
        ):
            idx += 1
        par = self.pars[idx]
        # an index at a paragraph's end belongs to that paragraph
        return par, min(k - self.starts[idx], len(par.key))

    def side(self, k1: int, k2: int) -> Side:
        par, a = self.locate(k1)
        b = min(a + (k2 - k1), len(par.key))
        r1, r2 = par.raw_span(a, b)
        return side_of(par, r1, r2)

    def text(self, k1: int, k2: int) -> str:
        """Raw text of composite key range [k1, k2), across paragraph boundaries."""
        parts = []
        k = k1
        while k < k2:
            par, a = self.locate(k)
            b = min(len(par.key), a + (k2 - k))
            if b <= a:
                break
            r1, r2 = par.raw_span(a, b)
            parts.append(par.raw[r1:r2])
            k += b - a
        return "".join(parts)

    def context(self, k1: int, k2: int, width: int = 2) -> tuple[str, str]:
        par, a = self.locate(k1)
        b = min(a + (k2 - k1), len(par.key))
        lo = max(0, a - width)
        hi = min(len(par.key), b + width)
        before = par.raw[par.raw_span(lo, a)[0] : par.raw_span(a, b)[0]] if lo < a else ""
        after = par.raw[par.raw_span(a, b)[1] : par.raw_span(b, hi)[1]] if b < hi else ""
        return before, after


PAD = 6  # print characters around an edit that OpenCC's phrase rules may look at


def _pad(near: tuple[str, str], wide: tuple[str, str]) -> tuple[str, str]:
    """The part of a wide context beyond the near one (``wide`` ends with ``near``'s text)."""
    left = wide[0][: len(wide[0]) - len(near[0])] if wide[0].endswith(near[0]) else ""
    right = wide[1][len(near[1]) :] if wide[1].startswith(near[1]) else ""
    return left, right


def _merge_edits(opcodes) -> list[tuple[int, int, int, int]]:
    edits: list[list[int]] = []
    for op in opcodes:
        if op.tag == "equal":
            continue
        if edits and op.src_start - edits[-1][1] <= MERGE_GAP and op.dest_start - edits[-1][3] <= MERGE_GAP:
            edits[-1][1], edits[-1][3] = op.src_end, op.dest_end
        else:
            edits.append([op.src_start, op.src_end, op.dest_start, op.dest_end])
    return [tuple(e) for e in edits]


def _split_punctuation(atomic, a, b):
    """Same-length edits made only of punctuation are judged mark by mark (“。 vs ”！)."""
    for op in atomic:
        n = op[1] - op[0]
        if (
            n > 1
            and n == op[3] - op[2]
            and all(c in PUNCT for c in a.key[op[0] : op[1]] + b.key[op[2] : op[3]])
        ):
            for k in range(n):
                yield (op[0] + k, op[0] + k + 1, op[2] + k, op[2] + k + 1)
        else:
            yield op


def _clean(s: str) -> str:
    from jiangbei_recon.load.normalize import ANNOTATION

    return "".join(fold_width(c) for c in ANNOTATION.sub("", s) if not is_space(c))


def _is_quote_swap(w: str, p: str) -> bool:
    return (
        len(w) == len(p) > 0
        and all(a in QUOTES and b in QUOTES and QUOTES[a] == QUOTES[b] for a, b in zip(w, p, strict=True))
        and w != p
    )


def _is_variant(w: str, p: str) -> bool:
    if not w or not p:
        return False
    for cfg, src, dst in (("tw2sp", w, p), ("t2s", w, p), ("s2twp", p, w), ("s2t", p, w)):
        if converter(cfg).convert(src) == dst:
            return True
    return False


@lru_cache(maxsize=65536)
def _char_kind(rw: str, rp: str) -> str | None:
    """Why two raw characters with equal keys differ (None: expected conversion)."""
    if rw == rp:
        return None
    fw, fp = fold_width(rw), fold_width(rp)
    if fw == fp:
        return "punctuation-width"
    if converter("t2s").convert(fw) == fp:
        return None
    if converter("t2s").convert(fp) != fp:
        return "variant-character"
    return "script-variant"


EXPLAIN = {
    "punctuation-width": "full-width and half-width forms of the same mark",
    "script-variant": "a one-to-many script conversion resolved differently",
    "variant-character": "an accepted variant form of the same character",
}


class GroupClassifier:
    def __init__(self, web: Document, prn: Document, readings: dict[str, str]):
        self.web, self.prn, self.readings = web, prn, readings
        self._vocabulary: frozenset[str] | None = None

    @property
    def vocabulary(self) -> frozenset[str]:
        """Characters of the web copy (built on first need: most pairs never ask)."""
        if self._vocabulary is None:
            self._vocabulary = frozenset("".join(p.raw for p in self.web.paragraphs))
        return self._vocabulary

    def classify(self, ws: list[Paragraph], ps: list[Paragraph]) -> tuple[list[Divergence], dict]:
        from rapidfuzz.distance import Levenshtein

        a, b = _Stream(ws), _Stream(ps)
        ops = Levenshtein.opcodes(a.key, b.key)
        out: list[Divergence] = []
        w2p: dict[tuple[str, int], tuple[Paragraph, int]] = {}
        p2w: dict[tuple[str, int], tuple[Paragraph, int]] = {}
        pending: list[tuple[str, int, int]] = []  # (kind, web composite idx, print composite idx)
        for op in ops:
            if op.tag != "equal":
                continue
            wp, wi = a.locate(op.src_start)
            pp, pj = b.locate(op.dest_start)
            for k in range(op.src_end - op.src_start):
                if wi >= len(wp.key):
                    wp, wi = a.locate(op.src_start + k)
                if pj >= len(pp.key):
                    pp, pj = b.locate(op.dest_start + k)
                w2p[(wp.id, wi)] = (pp, pj)
                p2w[(pp.id, pj)] = (wp, wi)
                rw, rp = wp.raw[wp.key_map[wi]], pp.raw[pp.key_map[pj]]
                if rw != rp:
                    kind = _char_kind(rw, rp)
                    if kind:
                        pending.append((kind, op.src_start + k, op.dest_start + k))
                if (
                    wi
                    and pj
                    and (wp.key_map[wi] - wp.key_map[wi - 1] > 1 or pp.key_map[pj] - pp.key_map[pj - 1] > 1)
                    and self._gap_differs(wp, wi, pp, pj)
                ):
                    out.append(self._whitespace(wp, wi, pp, pj))
                wi += 1
                pj += 1
        out.extend(self._runs(pending, a, b))
        atomic = [(op.src_start, op.src_end, op.dest_start, op.dest_end) for op in ops if op.tag != "equal"]
        for e in _merge_edits(ops):
            inside = [
                op for op in atomic if e[0] <= op[0] and op[1] <= e[1] and e[2] <= op[2] and op[3] <= e[3]
            ]
            out.extend(self._edits(a, b, e, inside))
        return out, {"w2p": w2p, "p2w": p2w}

    @staticmethod
    def _gap(par: Paragraph, k: int) -> str:
        from jiangbei_recon.load.normalize import ANNOTATION

        return ANNOTATION.sub("", par.raw[par.key_map[k - 1] + 1 : par.key_map[k]])

    def _gap_differs(self, wp, wi, pp, pj) -> bool:
        gw, gp = self._gap(wp, wi), self._gap(pp, pj)
        if "\n" in gw or "\n" in gp:
            return False
        if any(s <= pp.key_map[pj] <= e for s, e in pp.letter_spaced):
            return False
        return (gw.strip("\n") != "") != (gp.strip("\n") != "")

    def _whitespace(self, wp, wi, pp, pj) -> Divergence:
        ws = side_of(wp, wp.key_map[wi - 1] + 1, wp.key_map[wi])
        ps = side_of(pp, pp.key_map[pj - 1] + 1, pp.key_map[pj])
        return Divergence("whitespace", ws, ps, "spacing differs between the copies")

    def _runs(self, pending, a: _Stream, b: _Stream) -> list[Divergence]:
        out: list[Divergence] = []
        run: list[tuple[str, int, int]] = []

        def flush():
            if not run:
                return
            kind, i0, j0 = run[0]
            _, i1, j1 = run[-1]
            ws, ps = a.side(i0, i1 + 1), b.side(j0, j1 + 1)
            out.append(Divergence(kind, ws, ps, f"{ws.text!r} vs {ps.text!r}: {EXPLAIN[kind]}"))
            run.clear()

        for item in pending:
            if run and not (
                item[0] == run[-1][0] and item[1] == run[-1][1] + 1 and item[2] == run[-1][2] + 1
            ):
                flush()
            run.append(item)
        flush()
        return out

    def _edits(self, a: _Stream, b: _Stream, merged, atomic) -> list[Divergence]:
        """A merged edit is one mojibake, or else each atomic edit is classified on its
        own and neighbouring wording edits are merged back into one readable edit."""
        i1, i2, j1, j2 = merged
        ws, ps = a.side(i1, i2), b.side(j1, j2)
        if i2 > i1:
            # explain with the whole text, even where a 1:n group splits it across paragraphs
            wtext, ptext = a.text(i1, i2), b.text(j1, j2)
            near = b.context(j1, j2)
            exp = explain_span(
                wtext,
                ptext,
                web_context=a.context(i1, i2),
                print_context=near,
                print_pad=_pad(near, b.context(j1, j2, width=PAD)),
                readings=self.readings,
                vocabulary=self.vocabulary,
            )
            if exp.is_mojibake and not exp.unexplained:
                repaired = "".join(c for c in ptext if not is_space(c))
                shown = "".join(c for c in ws.text if not (0xE000 <= ord(c) <= 0xF8FF))
                return [
                    Divergence(
                        "mojibake",
                        ws,
                        ps,
                        f"corrupted web text “{shown}” reads “{repaired}” in print ({exp.confidence})",
                        {"repaired": repaired, "evidence": exp.evidence, "confidence": exp.confidence},
                    )
                ]
        out: list[Divergence] = []
        wording: list[tuple[int, int, int, int]] = []
        for op in _split_punctuation(atomic, a, b):
            kind = self._small_kind(a.side(*op[:2]), b.side(*op[2:]))
            if kind == "wording":
                if wording and op[0] - wording[-1][1] <= MERGE_GAP and op[2] - wording[-1][3] <= MERGE_GAP:
                    wording[-1] = (wording[-1][0], op[1], wording[-1][2], op[3])
                else:
                    wording.append(op)
                continue
            w, p = _clean(a.side(*op[:2]).text), _clean(b.side(*op[2:]).text)
            out.append(Divergence(kind, a.side(*op[:2]), b.side(*op[2:]), self._say(kind, w, p)))
        for op in wording:
            ws, ps = a.side(*op[:2]), b.side(*op[2:])
            out.append(Divergence("wording", ws, ps, self._say("wording", _clean(ws.text), _clean(ps.text))))
        return out

    @staticmethod
    def _small_kind(ws: Side, ps: Side) -> str:
        w, p = _clean(ws.text), _clean(ps.text)
        if _is_quote_swap(w, p):
            return "quote-direction"
        if w and p and all(c in PUNCT for c in w + p):
            return "punctuation"
        if _is_variant(w, p):
            return "variant-character"
        return "wording"

    @staticmethod
    def _say(kind: str, w: str, p: str) -> str:
        if kind == "quote-direction":
            return f"quote marks {w} vs {p}: same quotes, other direction"
        if kind == "punctuation":
            return f"punctuation {w!r} vs {p!r}"
        if kind == "variant-character":
            return f"{w!r} vs {p!r}: variant or regional form"
        if not w:
            return f"print adds {p!r}"
        if not p:
            return f"print drops {w!r}"
        return f"web {w!r} vs print {p!r}"


def classify(web: Document, prn: Document, alignment: Alignment) -> list[Divergence]:
    wmap, pmap = web.by_id(), prn.by_id()
    readings = learn_readings([a for p in web.paragraphs for a in p.annotations])
    gc = GroupClassifier(web, prn, readings)
    out: list[Divergence] = []
    for g in alignment.groups:
        ws = [wmap[i] for i in g.web]
        ps = [pmap[i] for i in g.print]
        found, maps = gc.classify(ws, ps)
        out.extend(found)
        out.extend(_paragraph_layout(ws, ps, maps["p2w"]))
        # the character maps are per group and dropped here: kept for a whole
        # book-length pair they would be its largest structure
        out.extend(_annotations(ws, pmap[g.print[0]], maps["w2p"]))
    out.extend(alignment.layout)
    for pid in alignment.web_only:
        p = wmap[pid]
        out.append(
            Divergence("one-sided", whole_side(p), None, f"web {p.role} {p.id} has no print counterpart")
        )
    for pid in alignment.print_only:
        p = pmap[pid]
        out.append(
            Divergence("one-sided", None, whole_side(p), f"print {p.role} {p.id} has no web counterpart")
        )
    for doc in (web, prn):
        for p in doc.paragraphs:
            if p.role in CHROME_ROLES:
                side = whole_side(p)
                out.append(
                    Divergence(
                        "chrome",
                        side if doc is web else None,
                        side if doc is prn else None,
                        f"{p.role} line, not article text",
                    )
                )
    return out


def _nearest(par: Paragraph, k: int, mapping) -> tuple[Paragraph, int] | None:
    for d in range(0, len(par.key) + 1):
        for kk in (k - d, k + d):
            if (par.id, kk) in mapping:
                return mapping[(par.id, kk)]
    return None


def _paragraph_layout(ws: list[Paragraph], ps: list[Paragraph], p2w) -> list[Divergence]:
    out = []
    for p in ps:
        for j in p.joins:
            if j.kind != "column-break":
                continue
            k = next((i for i, off in enumerate(p.key_map) if off >= j.raw_offset), len(p.key))
            twin = _nearest(p, k, p2w)
            wside = side_of(twin[0], *twin[0].raw_span(twin[1], twin[1])) if twin else whole_side(ws[0])
            blank_start = p.raw.rfind("\n", 0, max(0, j.raw_offset - 1))
            pside = Side(p.id, (j.line, j.line), (blank_start + 1, blank_start + 1), "")
            out.append(
                Divergence(
                    "column-break",
                    wside,
                    pside,
                    f"print paragraph {p.id} continues after a blank line (column break) at line {j.line}",
                )
            )
        for s, e in p.letter_spaced:
            ks = [k for k, off in enumerate(p.key_map) if s <= off < e]
            first = _nearest(p, ks[0], p2w) if ks else None
            last = _nearest(p, ks[-1], p2w) if ks else None
            if first and last and first[0] is last[0]:
                wside = side_of(first[0], *first[0].raw_span(first[1], last[1] + 1))
            else:
                wside = whole_side(ws[0])
            out.append(
                Divergence(
                    "letter-spacing",
                    wside,
                    side_of(p, s, e),
                    "letter-spaced print text, collapsed for comparison",
                )
            )
        if p.duplicate:
            s, e = p.duplicate
            out.append(
                Divergence(
                    "duplicated",
                    whole_side(ws[0]),
                    side_of(p, s, e),
                    f"print {p.role} {p.id} is printed twice on one line; matched once",
                )
            )
    return out


def _annotations(ws: list[Paragraph], first_print: Paragraph, w2p) -> list[Divergence]:
    """A pinyin-annotation divergence per annotation in the group's web paragraphs,
    paired with the print character it follows (or where it would stand)."""
    out = []
    for par in ws:
        if par.role in CHROME_ROLES or not par.annotations:
            continue
        offset_to_key = {off: k for k, off in enumerate(par.key_map)}
        for ann in par.annotations:
            k = offset_to_key.get(ann.start - 1)
            twin = w2p.get((par.id, k)) if k is not None else None
            if twin:
                pp, pk = twin
                ps = side_of(pp, *pp.raw_span(pk, pk + 1))
            else:
                pp = first_print
                ps = side_of(pp, 0, 0)
            out.append(
                Divergence(
                    "pinyin-annotation",
                    side_of(par, ann.start, ann.end),
                    ps,
                    f"pinyin ({ann.reading}) glued after {ann.char}",
                )
            )
    return out


__all__ = ["classify", "BODY"]
