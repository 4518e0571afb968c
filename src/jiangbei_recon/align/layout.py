"""What the groups say about layout (step 5 of the aligner): moved blocks (one
longest order-consistent chain stays, LIS in O(G log G)), relocated headings and
captions, splits and merges, and leftover display paragraphs paired by similarity.
"""

from __future__ import annotations

import bisect

from jiangbei_recon.align.links import _is_display
from jiangbei_recon.model import (
    BODY,
    CAPTION,
    HEADING,
    SUMMARY_LABEL,
    TITLE,
    AlignmentGroup,
    Divergence,
    side_of,
    whole_side,
)


def lis_indices(seq: list[int]) -> list[int]:
    """Indices of one longest strictly increasing subsequence (first-found, deterministic)."""
    tails: list[int] = []
    tails_idx: list[int] = []
    prev = [-1] * len(seq)
    for i, v in enumerate(seq):
        k = bisect.bisect_left(tails, v)
        if k == len(tails):
            tails.append(v)
            tails_idx.append(i)
        else:
            tails[k] = v
            tails_idx[k] = i
        prev[i] = tails_idx[k - 1] if k else -1
    out = []
    i = tails_idx[-1] if tails_idx else -1
    while i >= 0:
        out.append(i)
        i = prev[i]
    return out[::-1]


MIN_DISPLAY_RATIO = 0.5  # similarity that pairs two leftover headings or captions


MAX_DISPLAY_PAIRS = 10_000  # leftover pairs compared at most (a guard, not a tuning)


def _pair_leftover_display(web_pars, print_pars, aligned_w: set, aligned_p: set) -> list[AlignmentGroup]:
    """Headings, captions and labels left unlinked on both sides: a short line with one
    word changed shares too few bigrams to link (核心提示 / 核鑫提示: one of three), but
    it is still the same heading with a wording edit, not two one-sided ones.  Pair
    them by edit similarity, best first, and update ``aligned_w``/``aligned_p``."""
    from rapidfuzz import fuzz

    lw = [w for w in web_pars if w.id not in aligned_w and _is_display(w) and w.key]
    lp = [p for p in print_pars if p.id not in aligned_p and _is_display(p) and p.key]
    if not lw or not lp or len(lw) * len(lp) > MAX_DISPLAY_PAIRS:
        return []
    scored = sorted(
        (-fuzz.ratio(w.key, p.key) / 100.0, i, j) for i, w in enumerate(lw) for j, p in enumerate(lp)
    )
    out = []
    for neg, i, j in scored:
        w, p = lw[i], lp[j]
        if -neg < MIN_DISPLAY_RATIO:
            break
        if w.id in aligned_w or p.id in aligned_p:
            continue
        p.role = w.role
        out.append(AlignmentGroup([w.id], [p.id], round(-neg, 4)))
        aligned_w.add(w.id)
        aligned_p.add(p.id)
    return out


def _is_body_group(g: AlignmentGroup, wmap) -> bool:
    return any(wmap[i].role == BODY for i in g.web)


def _moves(groups, web, prn, web_pos, print_pos) -> list[Divergence]:
    wmap, pmap = web.by_id(), prn.by_id()
    body = [g for g in groups if _is_body_group(g, wmap)]
    body.sort(key=lambda g: web_pos[g.web[0]])
    pseq = [print_pos[g.print[0]] for g in body]
    keep = set(lis_indices(pseq))
    moved_idx = [i for i in range(len(body)) if i not in keep]
    for i in moved_idx:
        body[i].moved = True
    # runs: consecutive in web order and in print order
    print_rank = {gi: r for r, gi in enumerate(sorted(range(len(body)), key=lambda i: pseq[i]))}
    runs: list[list[int]] = []
    for i in moved_idx:
        if runs and runs[-1][-1] == i - 1 and print_rank[i] == print_rank[i - 1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    out = []
    for run in runs:
        first, last = body[run[0]], body[run[-1]]
        w0, w1 = wmap[first.web[0]], wmap[last.web[-1]]
        p0, p1 = pmap[first.print[0]], pmap[last.print[-1]]
        ws = side_of(w0, 0, len(w0.raw))
        ps = side_of(p0, 0, len(p0.raw))
        ws = type(ws)(ws.paragraph, (w0.first_line, w1.last_line), ws.offsets, ws.text)
        ps = type(ps)(ps.paragraph, (p0.first_line, p1.last_line), ps.offsets, ps.text)
        n = sum(len(body[i].web) for i in run)
        out.append(
            Divergence(
                "moved",
                ws,
                ps,
                f"{n} web paragraph(s) {w0.id}–{w1.id} (lines {w0.first_line}–{w1.last_line}) stand elsewhere "
                f"in print: {p0.id}–{p1.id} (lines {p0.first_line}–{p1.last_line})",
                {
                    "web_paragraphs": [i for k in run for i in body[k].web],
                    "print_paragraphs": [i for k in run for i in body[k].print],
                },
            )
        )
    return out


RELOCATED_KIND = {
    TITLE: "title-relocated",
    HEADING: "heading-relocated",
    SUMMARY_LABEL: "heading-relocated",
    CAPTION: "caption-relocated",
}


def _relocations(groups, web, prn, web_pos, print_pos) -> list[Divergence]:
    """A display paragraph is in place when the body text it introduces (or, for a
    caption, the body text on either side) is its neighbour in both copies."""
    wmap, pmap = web.by_id(), prn.by_id()
    group_of_w = {i: gi for gi, g in enumerate(groups) for i in g.web}
    group_of_p = {i: gi for gi, g in enumerate(groups) for i in g.print}

    def neighbour(pars, start, step, group_of):
        k = start + step
        while 0 <= k < len(pars):
            p = pars[k]
            if p.role == BODY and p.id in group_of:
                return group_of[p.id]
            if p.role == BODY:
                return None
            k += step
        return None

    out = []
    for g in groups:
        if len(g.web) != 1 or not _is_display(wmap[g.web[0]]):
            continue
        w = wmap[g.web[0]]
        p = pmap[g.print[0]]
        wi, pi = web_pos[w.id], print_pos[p.id]
        w_next = neighbour(web.paragraphs, wi, 1, group_of_w)
        p_next = neighbour(prn.paragraphs, pi, 1, group_of_p)
        in_place = w_next == p_next
        if w.role == CAPTION and not in_place:
            in_place = neighbour(web.paragraphs, wi, -1, group_of_w) == neighbour(
                prn.paragraphs, pi, -1, group_of_p
            )
        if in_place:
            continue
        kind = RELOCATED_KIND[w.role]
        out.append(
            Divergence(
                kind,
                whole_side(w),
                whole_side(p),
                f"{w.role} {w.id} (web line {w.first_line}) is printed elsewhere: {p.id} (print line {p.first_line})",
            )
        )
    return out


def _splits_and_merges(groups, web, prn) -> list[Divergence]:
    wmap, pmap = web.by_id(), prn.by_id()
    out = []
    for g in groups:
        if len(g.web) == 1 and len(g.print) > 1:
            w = wmap[g.web[0]]
            ps = [pmap[i] for i in g.print]
            out.append(
                Divergence(
                    "split",
                    whole_side(w),
                    side_of(ps[1], 0, 0),
                    f"web paragraph {w.id} is printed as {len(ps)} paragraphs {ps[0].id}–{ps[-1].id}",
                )
            )
        elif len(g.web) > 1 and len(g.print) == 1:
            p = pmap[g.print[0]]
            ws = [wmap[i] for i in g.web]
            out.append(
                Divergence(
                    "merge",
                    side_of(ws[1], 0, 0),
                    whole_side(p),
                    f"web paragraphs {ws[0].id}–{ws[-1].id} are printed as one paragraph {p.id}",
                )
            )
    return out
