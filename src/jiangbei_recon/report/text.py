"""The terminal report: a one-screen summary, the alignment map, then divergences.

Real wording edits come first; normalization noise (script conversion, widths,
annotations, spacing) is counted, and listed only with ``verbose``.  Columns are
padded by display cells (East Asian wide characters take two), so they line up.
"""

from __future__ import annotations

import unicodedata

from jiangbei_recon.model import CATEGORIES, LAYOUT, NORMALIZATION, Divergence, PairReport, RunReport
from jiangbei_recon.report import location

COLORS = {
    "wording": "31",
    "artifact": "33",
    "layout": "36",
    "normalization": "2",
    "reconciled": "32",
    "diverged": "31",
    "not-a-pair": "35",
}
SHOW_LAYOUT_ALWAYS = {"moved", "one-sided", "split", "merge"}


def cell_width(s: str) -> int:
    return sum(
        2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in s
    )


def pad(s: str, width: int) -> str:
    return s + " " * max(0, width - cell_width(s))


def clip(s: str, width: int) -> str:
    s = s.replace("\n", "⏎")
    out, w = [], 0
    for c in s:
        cw = cell_width(c)
        if w + cw > width - 1:
            return "".join(out) + "…"
        out.append(c)
        w += cw
    return "".join(out)


class TextReport:
    def __init__(self, color: bool = False, verbose: bool = False, quiet: bool = False):
        self.color, self.verbose, self.quiet = color, verbose, quiet

    def c(self, text: str, key: str) -> str:
        return f"\x1b[{COLORS[key]}m{text}\x1b[0m" if self.color and key in COLORS else text

    def render(self, run: RunReport) -> str:
        out: list[str] = []
        for r in run.pairs:
            out.extend(self.verdict_line(r) if self.quiet else self.pair(r))
        for path in run.unpaired:
            out.append(f"unpaired: {path} (no mirror copy found)")
        if not self.quiet:
            n = len(run.pairs)
            bad = sum(1 for r in run.pairs if r.verdict != "reconciled")
            out.append(f"{n} pair(s): {n - bad} reconciled, {bad} not; {len(run.unpaired)} unpaired file(s)")
        return "\n".join(out) + "\n"

    def verdict_line(self, r: PairReport) -> list[str]:
        return [f"{self.c(r.verdict.upper(), r.verdict)}  {r.web.path} ⇄ {r.print.path}"]

    def pair(self, r: PairReport) -> list[str]:
        out = ["=" * 72]
        out += self.verdict_line(r)
        for label, doc in (("web  ", r.web), ("print", r.print)):
            out.append(
                f"  {label} {doc.path}  [{doc.encoding}, confidence {doc.confidence:.2f}: {doc.reason}]"
            )
        if r.verdict == "not-a-pair":
            out.append("  the two files share too little text to be copies of one article")
            return out + [""]
        for cat, kinds in r.by_category().items():
            total = sum(kinds.values())
            detail = ", ".join(f"{k} {n}" for k, n in kinds.items())
            fail = " (fails)" if r.category_fails(cat) else ""
            out.append(f"  {self.c(pad(cat, 14), cat)} {total:5d}{fail}  {detail}".rstrip())
        out.append("")
        out += self.alignment_map(r)
        out += self.divergence_list(r)
        return out + [""]

    def alignment_map(self, r: PairReport) -> list[str]:
        wmap, pmap = r.web.by_id(), r.print.by_id()
        out = [f"alignment map ({len(r.alignment)} groups; * = moved, ~ = score below 0.9)"]
        for g in r.alignment:
            w0, p0 = wmap[g.web[0]], pmap[g.print[0]]
            w1, p1 = wmap[g.web[-1]], pmap[g.print[-1]]
            wid = "+".join(g.web)
            pid = "+".join(g.print)
            mark = "*" if g.moved else ("~" if g.score < 0.9 else " ")
            left = pad(f"{wid} L{w0.first_line}-{w1.last_line}", 18)
            right = pad(f"{pid} L{p0.first_line}-{p1.last_line}", 20)
            out.append(f" {mark} {left} ⇄ {right} {g.score:.2f} {pad(w0.role, 13)} {clip(w0.key, 24)}")
        for pid in r.web_only:
            p = wmap[pid]
            out.append(
                f" - {pad(f'{pid} L{p.first_line}', 18)} ⇄ {pad('(none)', 20)}      {pad(p.role, 13)} {clip(p.key, 24)}"
            )
        for pid in r.print_only:
            p = pmap[pid]
            out.append(
                f" + {pad('(none)', 18)} ⇄ {pad(f'{pid} L{p.first_line}', 20)}      {pad(p.role, 13)} {clip(p.key, 24)}"
            )
        return out + [""]

    def divergence_list(self, r: PairReport) -> list[str]:
        out = []
        for cat in CATEGORIES:
            items = [d for d in r.divergences if d.category == cat]
            if not items:
                continue
            if cat == NORMALIZATION and not self.verbose:
                out.append(f"{self.c(cat, cat)}: {len(items)} (counted, not listed; --verbose lists them)")
                continue
            if cat == LAYOUT and not self.verbose:
                shown = [d for d in items if d.kind in SHOW_LAYOUT_ALWAYS or d.kind.endswith("relocated")]
                hidden = len(items) - len(shown)
            else:
                shown, hidden = items, 0
            out.append(f"{self.c(cat, cat)}: {len(items)}")
            out += [self.one(r, d) for d in shown]
            if hidden:
                out.append(
                    f"  … and {hidden} more layout item(s) (column breaks, chrome, spacing; --verbose lists them)"
                )
        return out

    def one(self, r: PairReport, d: Divergence) -> str:
        loc = f"{location(r.web.path, d.web)} ⇄ {location(r.print.path, d.print)}"
        line = f"  {d.kind:17} {loc}\n      {d.explanation}"
        if (
            d.kind
            in (
                "wording",
                "mojibake",
                "punctuation",
                "quote-direction",
                "variant-character",
                "script-variant",
            )
            and d.web
            and d.print
        ):
            old = d.web.text.replace("\n", "⏎")
            new = d.print.text.replace("\n", "⏎")
            if self.color:
                diff = f"\x1b[31m{old}\x1b[0m → \x1b[32m{new}\x1b[0m"
            else:
                diff = f"[-{old}-]{{+{new}+}}"
            line += f"\n      {diff}"
        if d.kind == "mojibake":
            line += f"\n      evidence: {'; '.join(d.details.get('evidence', []))}"
        return line


def render_text(run: RunReport, *, color: bool = False, verbose: bool = False, quiet: bool = False) -> str:
    return TextReport(color, verbose, quiet).render(run)
