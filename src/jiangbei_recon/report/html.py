"""The HTML report: one self-contained page to read a pair side by side.

Everything is inline (CSS and an SVG alignment map); the page holds no script
and loads nothing, so it opens the same from a CI artefact or an e-mail.  All
text from the input files is HTML-escaped: a ``<script>`` in a file is shown,
never run.

Per pair the page shows the verdict, counts by category, the **alignment map**
(a dot plot: web paragraph index across, print paragraph index down; one dot
per aligned paragraph pair, moved groups in their own colour, one-sided
paragraphs as ticks on their axis), then the paragraphs side by side in web
order with each divergence highlighted by category (``<mark class="cat-…
kind-…">``, its explanation in the tooltip), and the list of divergences with
``file:line`` on both sides.

Cost: linear in the input text plus the divergences (each paragraph's marks
are laid out by one sort of its spans).
"""

from __future__ import annotations

from html import escape

from jiangbei_recon import __version__
from jiangbei_recon.model import (
    CATEGORIES,
    CHROME_ROLES,
    KINDS,
    LAYOUT,
    NORMALIZATION,
    Divergence,
    PairReport,
    Paragraph,
    RunReport,
)
from jiangbei_recon.report import location

KIND_RANK = {k: i for i, k in enumerate(KINDS)}

#: kinds that describe a whole paragraph (shown as a badge on its row, not as a highlight)
ROW_KINDS = frozenset(
    {
        "moved",
        "chrome",
        "one-sided",
        "heading-relocated",
        "caption-relocated",
        "title-relocated",
        "split",
        "merge",
    }
)

#: layout kinds listed with the rest; other layout (column breaks, chrome …) is folded away
TELLING_LAYOUT = frozenset(
    {"moved", "split", "merge", "heading-relocated", "caption-relocated", "title-relocated"}
)

CATEGORY_HELP = {
    "wording": "real wording edits and text present in one copy only",
    "artifact": "corruption and accepted variants: mojibake, variant characters, quote direction, punctuation",
    "layout": "moved blocks, column breaks, relocated headings and captions, chrome, letter-spacing",
    "normalization": "script conversion, punctuation width, whitespace, pinyin annotations",
}

CSS = """
body{font:15px/1.6 system-ui,"Noto Sans CJK SC","Noto Sans CJK TC",sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em}h2{font-size:1.2em;margin-top:2em}h3{font-size:1.05em}
code,.loc{font-family:ui-monospace,monospace;font-size:.85em;color:#555}
.verdict{padding:.1em .5em;border-radius:3px;color:#fff;font-weight:bold}
.v-reconciled{background:#2a7d2a}.v-diverged{background:#b52a2a}.v-not-a-pair{background:#7a3a9a}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.3em .5em;vertical-align:top}
table.counts td.n{text-align:right}
table.sbs{width:100%;table-layout:fixed}table.sbs td{white-space:pre-wrap;word-break:break-all}
table.sbs td.meta{width:7em;white-space:normal}
tr.moved td{background:#fff4e0}tr.web-only td.web,tr.print-only td.print{background:#fde8e8}
tr.chrome td{color:#888}
.badge{display:inline-block;font-size:.75em;padding:0 .4em;margin:.1em;border-radius:3px;background:#eee}
mark{padding:0;border-radius:2px}
.cat-wording{background:#f8b4b4}.cat-artifact{background:#fde68a}
.cat-layout{background:#b9e6f2}.cat-normalization{background:#eeeeee}
.kind-pinyin-annotation{color:#999}
mark.gap{display:inline-block;min-width:.5em;border-left:2px solid #b52a2a}
.cat-layout.gap{border-left-color:#1b7a94}.cat-normalization.gap{border-left-color:#bbb}
.cat-artifact.gap{border-left-color:#c68a00}
.legend span{margin-right:1em}
svg.map{border:1px solid #ccc;background:#fff}
svg .dot{fill:#2b6cb0}svg .dot.moved{fill:#dd6b20}svg .tick{stroke:#b52a2a;stroke-width:2}svg .tick.chrome{stroke:#aaa}
svg .axis{font:11px sans-serif;fill:#555}
ul.divs li{margin-bottom:.4em}
"""


def render_html(run: RunReport) -> str:
    """The whole page for ``run`` as one string (deterministic: no dates, stable order)."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>recon report — {len(run.pairs)} pair(s)</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        f'<h1>jiangbei-recon report <span class="loc">recon {escape(__version__)}</span></h1>',
        run_summary(run),
        legend(),
    ]
    for i, r in enumerate(run.pairs, 1):
        out.append(PairPage(r, i).render())
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def run_summary(run: RunReport) -> str:
    rows = []
    for i, r in enumerate(run.pairs, 1):
        rows.append(
            f'<tr><td><a href="#pair-{i}">{i}</a></td><td>{verdict_badge(r.verdict)}</td>'
            f"<td><code>{escape(r.web.path)}</code></td><td><code>{escape(r.print.path)}</code></td>"
            f'<td class="n">{len(r.failing())}</td></tr>'
        )
    for path in run.unpaired:
        rows.append(
            f'<tr class="unpaired"><td>—</td><td><span class="verdict v-diverged">unpaired</span></td>'
            f'<td colspan="2"><code>{escape(path)}</code> (no mirror copy found)</td><td></td></tr>'
        )
    return (
        '<table class="run" id="summary"><tr><th>#</th><th>verdict</th><th>web copy</th>'
        "<th>print copy</th><th>failing</th></tr>\n" + "\n".join(rows) + "</table>"
    )


def legend() -> str:
    items = "".join(
        f'<span><mark class="cat-{c}">{c}</mark> {escape(CATEGORY_HELP[c])}</span><br>' for c in CATEGORIES
    )
    return f'<p class="legend" id="legend">{items}</p>'


def verdict_badge(verdict: str) -> str:
    return f'<span class="verdict v-{escape(verdict)}">{escape(verdict)}</span>'


class PairPage:
    """One pair's section of the page."""

    def __init__(self, report: PairReport, index: int):
        self.r = report
        self.index = index
        #: paragraph id -> divergences touching it, per side
        self.web_divs: dict[str, list[tuple[int, int, Divergence]]] = {}
        self.print_divs: dict[str, list[tuple[int, int, Divergence]]] = {}
        self.web_badges: dict[str, list[Divergence]] = {}
        self.print_badges: dict[str, list[Divergence]] = {}
        for d in report.divergences:
            for side, spans, badges in (
                (d.web, self.web_divs, self.web_badges),
                (d.print, self.print_divs, self.print_badges),
            ):
                if side is None:
                    continue
                if d.kind in ROW_KINDS:
                    badges.setdefault(side.paragraph, []).append(d)
                else:
                    spans.setdefault(side.paragraph, []).append((side.offsets[0], side.offsets[1], d))

    def render(self) -> str:
        r = self.r
        out = [
            f'<section class="pair" id="pair-{self.index}">',
            f"<h2>{verdict_badge(r.verdict)} pair {self.index}: <code>{escape(r.web.path)}</code> ⇄ "
            f"<code>{escape(r.print.path)}</code></h2>",
            self.documents(),
        ]
        if r.verdict == "not-a-pair":
            out.append("<p>The two files share too little text to be copies of one article.</p></section>")
            return "\n".join(out)
        out += [
            self.counts(),
            "<h3>Alignment map</h3>",
            alignment_svg(r),
            "<h3>Divergences</h3>",
            self.divergence_list(),
            "<h3>Side by side</h3>",
            self.side_by_side(),
            "</section>",
        ]
        return "\n".join(out)

    def documents(self) -> str:
        rows = []
        for label, doc in (("web", self.r.web), ("print", self.r.print)):
            rows.append(
                f"<tr><th>{label}</th><td><code>{escape(doc.path)}</code></td><td>{escape(doc.script)}, "
                f"{escape(doc.encoding)}, {escape(doc.layout)}</td><td>confidence {doc.confidence:.2f}: "
                f"{escape(doc.reason)}</td><td>{len(doc.paragraphs)} paragraphs</td></tr>"
            )
        return '<table class="docs">' + "".join(rows) + "</table>"

    def counts(self) -> str:
        rows = []
        for cat, kinds in self.r.by_category().items():
            fails = self.r.category_fails(cat)
            detail = ", ".join(f"{escape(k)} {n}" for k, n in kinds.items())
            rows.append(
                f'<tr><td><mark class="cat-{cat}">{cat}</mark></td><td class="n">{sum(kinds.values())}</td>'
                f"<td>{'fails' if fails else ''}</td><td>{detail}</td></tr>"
            )
        return (
            '<table class="counts"><tr><th>category</th><th>count</th><th></th><th>kinds</th></tr>'
            + "".join(rows)
            + "</table>"
        )

    def divergence_list(self) -> str:
        """Every divergence but normalization noise, most important first, with file:line.

        Routine layout (column breaks, chrome, spacing, duplicates) sits in a
        closed ``<details>``: counted at a glance, listed on a click.
        """
        items, routine = [], []
        noise = 0
        for d in self.r.divergences:
            if d.category == NORMALIZATION:
                noise += 1
                continue
            item = (
                f'<li class="div kind-{d.kind}"><mark class="cat-{d.category}">{escape(d.kind)}</mark> '
                f'<span class="loc">{escape(location(self.r.web.path, d.web))} ⇄ '
                f"{escape(location(self.r.print.path, d.print))}"
                f"</span><br>{escape(d.explanation)}{self.pair_text(d)}</li>"
            )
            routine_kind = d.category == LAYOUT and d.kind not in TELLING_LAYOUT
            (routine if routine_kind else items).append(item)
        out = f'<ul class="divs">{"".join(items)}</ul>'
        if routine:
            out += (
                f"<details><summary>{len(routine)} routine layout item(s): column breaks, chrome, "
                f'letter-spacing, duplicates</summary><ul class="divs">{"".join(routine)}</ul></details>'
            )
        if noise:
            out += (
                f"<p>{noise} normalization item(s) (script conversion, widths, spacing, annotations) are "
                "highlighted in grey below, not listed.</p>"
            )
        return out

    @staticmethod
    def pair_text(d: Divergence) -> str:
        if d.kind in ROW_KINDS or not (d.web and d.print) or not (d.web.text or d.print.text):
            return ""
        return f"<br><del>{escape(d.web.text)}</del> → <ins>{escape(d.print.text)}</ins>"

    def side_by_side(self) -> str:
        r = self.r
        wmap, pmap = r.web.by_id(), r.print.by_id()
        rows = [
            '<table class="sbs"><tr><th class="meta">web</th><th>web text</th><th class="meta">print</th><th>print text</th></tr>'
        ]
        # rows in web order: each group at its first web paragraph; paragraphs in no
        # group (chrome, one-sided text) in between, print-only ones at the end
        web_pos = {p.id: i for i, p in enumerate(r.web.paragraphs)}
        in_group_w = {i for g in r.alignment for i in g.web}
        in_group_p = {i for g in r.alignment for i in g.print}
        entries: list[tuple[int, int]] = [(web_pos[g.web[0]], gi) for gi, g in enumerate(r.alignment)]
        entries += [(i, -1) for i, p in enumerate(r.web.paragraphs) if p.id not in in_group_w]
        for pos, gi in sorted(entries):
            if gi >= 0:
                g = r.alignment[gi]
                rows.append(
                    self.row(
                        [wmap[i] for i in g.web],
                        [pmap[i] for i in g.print],
                        "moved" if g.moved else "",
                        f"score {g.score:.2f}",
                    )
                )
            else:
                p = r.web.paragraphs[pos]
                rows.append(self.row([p], [], "web-only" + (" chrome" if p.role in CHROME_ROLES else ""), ""))
        for p in r.print.paragraphs:
            if p.id not in in_group_p:
                rows.append(
                    self.row([], [p], "print-only" + (" chrome" if p.role in CHROME_ROLES else ""), "")
                )
        rows.append("</table>")
        return "\n".join(rows)

    def row(self, web: list[Paragraph], prn: list[Paragraph], cls: str, note: str) -> str:
        return (
            f'<tr class="{cls.strip()}">'
            f'<td class="meta">{self.meta(web, self.web_badges)}</td>'
            f'<td class="web">{"<hr>".join(self.marked(p, self.web_divs) for p in web)}</td>'
            f'<td class="meta">{self.meta(prn, self.print_badges)}'
            f"{'<br><span class=loc>' + note + '</span>' if note else ''}</td>"
            f'<td class="print">{"<hr>".join(self.marked(p, self.print_divs) for p in prn)}</td>'
            "</tr>"
        )

    @staticmethod
    def meta(pars: list[Paragraph], badges: dict[str, list[Divergence]]) -> str:
        if not pars:
            return "—"
        parts = []
        for p in pars:
            line = f"L{p.first_line}" + (f"–{p.last_line}" if p.last_line != p.first_line else "")
            parts.append(
                f'<span class="loc">{escape(p.id)} {line}</span> <span class="badge">{escape(p.role)}</span>'
            )
            seen = set()
            for d in badges.get(p.id, []):
                if d.kind not in seen:
                    seen.add(d.kind)
                    parts.append(
                        f'<span class="badge cat-{d.category}" title="{escape(d.explanation)}">{escape(d.kind)}</span>'
                    )
        return "<br>".join(parts)

    @staticmethod
    def marked(p: Paragraph, spans_by_par: dict[str, list[tuple[int, int, Divergence]]]) -> str:
        return mark_text(p.raw, spans_by_par.get(p.id, []))


def mark_text(raw: str, spans: list[tuple[int, int, Divergence]]) -> str:
    """``raw`` escaped, with each divergence span wrapped in ``<mark>``.

    Overlapping spans: the more important kind wins (order of ``KINDS``); an
    empty span (text the other side has and this one lacks, a column break)
    becomes a thin marker where the text would stand.
    """
    chosen: list[tuple[int, int, Divergence]] = []
    taken = [False] * (len(raw) + 1)
    for start, end, d in sorted(spans, key=lambda s: (KIND_RANK[s[2].kind], s[0], s[1])):
        start, end = max(0, min(start, len(raw))), max(0, min(end, len(raw)))
        if end > start:
            if any(taken[start:end]):
                continue
            for i in range(start, end):
                taken[i] = True
        chosen.append((start, end, d))
    chosen.sort(key=lambda s: (s[0], s[1], KIND_RANK[s[2].kind]))
    out, pos = [], 0
    for start, end, d in chosen:
        if start < pos:  # an empty marker inside a span already written
            continue
        out.append(escape(raw[pos:start]))
        title = escape(f"{d.kind}: {d.explanation}")
        if end == start:
            out.append(f'<mark class="gap cat-{d.category} kind-{d.kind}" title="{title}"></mark>')
        else:
            out.append(
                f'<mark class="cat-{d.category} kind-{d.kind}" title="{title}">{escape(raw[start:end])}</mark>'
            )
        pos = end
    out.append(escape(raw[pos:]))
    return "".join(out)


def alignment_svg(r: PairReport, size: int = 360) -> str:
    """Dot plot of the alignment: x = web paragraph index, y = print paragraph index."""
    nw, np_ = max(1, len(r.web.paragraphs)), max(1, len(r.print.paragraphs))
    margin = 30
    span = size - 2 * margin
    wpos = {p.id: i for i, p in enumerate(r.web.paragraphs)}
    ppos = {p.id: i for i, p in enumerate(r.print.paragraphs)}

    def x(i: int) -> float:
        return margin + span * (i + 0.5) / nw

    def y(j: int) -> float:
        return margin + span * (j + 0.5) / np_

    radius = max(1.0, min(4.0, span / max(nw, np_) / 2))
    parts = [
        f'<svg class="map" xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 {size} {size}" role="img" aria-label="alignment map">',
        f'<text class="axis" x="{margin}" y="{margin - 10}">web ¶ 1–{nw} →</text>',
        f'<text class="axis" x="4" y="{margin + 12}" transform="rotate(90 4 {margin + 12})">print ¶ 1–{np_} →</text>',
        f'<rect x="{margin}" y="{margin}" width="{span}" height="{span}" fill="none" stroke="#ddd"/>',
    ]
    for g in r.alignment:
        cls = "dot moved" if g.moved else "dot"
        label = escape(
            f"{'+'.join(g.web)} ⇄ {'+'.join(g.print)} score {g.score:.2f}" + (" moved" if g.moved else "")
        )
        for w in g.web:
            for p in g.print:
                parts.append(
                    f'<circle class="{cls}" cx="{x(wpos[w]):.1f}" cy="{y(ppos[p]):.1f}" r="{radius:.1f}">'
                    f"<title>{label}</title></circle>"
                )
    # paragraphs in no group: ticks on their own axis (one-sided text red, chrome grey)
    grouped = {i for g in r.alignment for i in (*g.web, *g.print)}
    edge = size - margin
    for doc, pos, at, label in ((r.web, wpos, x, "web-only"), (r.print, ppos, y, "print-only")):
        for p in doc.paragraphs:
            if p.id in grouped:
                continue
            c = at(pos[p.id])
            # web ticks hang below the x axis, print ticks beside the y axis
            x1, y1, x2, y2 = (c, edge, c, edge + 6) if doc is r.web else (edge, c, edge + 6, c)
            cls = "tick chrome" if p.role in CHROME_ROLES else f"tick {label}"
            parts.append(f'<line class="{cls}" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"/>')
    parts.append("</svg>")
    return "".join(parts)
