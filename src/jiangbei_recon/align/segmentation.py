"""The other copy settles segmentation (step 3 of the aligner).

Print paragraphs in one group are merged where the segmenter's boundary was
ambiguous; a print paragraph owned by several web paragraphs is cut at a joined
boundary where the text really changes owner, else the group stays n:1.
"""

from __future__ import annotations

from jiangbei_recon.align.candidates import bigrams
from jiangbei_recon.align.links import _cut_index
from jiangbei_recon.load.printseg import rebuild
from jiangbei_recon.model import (
    BODY,
    Document,
    Join,
    Paragraph,
)


def _mergeable(second: Paragraph) -> str | None:
    """Join kind when the boundary before ``second`` was one the segmenter was unsure of."""
    if second.start_cue == "blank-full":
        return "column-break"
    if second.start_cue == "soft":
        return "wrap"
    return None


def settle_segmentation(
    web_pars, prn: Document, links
) -> tuple[dict[int, list[int]], list[tuple[str, Paragraph, Paragraph | None]]]:
    """Merge / split print paragraphs where the web copy says so.

    Returns the new links (over the new print paragraph list, stored in ``prn``)
    and layout events: ("split", web par, None) for 1:n kept apart,
    ("merge", print par, None) for n:1 kept together.
    """
    pars = prn.paragraphs
    events: list[tuple[str, Paragraph, Paragraph | None]] = []
    # 1. split print paragraphs linked to two web paragraphs at a joined boundary
    new_pars: list[Paragraph] = []
    new_links: list[list[int]] = []
    for pi, p in enumerate(pars):
        wis = links.get(pi, [])
        pieces = (
            _split_by_owners(p, [web_pars[i] for i in wis], prn.lines) if len(wis) > 1 and p.joins else None
        )
        if pieces:
            for piece, owner in pieces:
                new_pars.append(piece)
                new_links.append([wis[owner]])
            continue
        new_pars.append(p)
        new_links.append(wis)
    # 2. merge neighbours that belong to the same single web paragraph
    merged_pars: list[Paragraph] = []
    merged_links: list[list[int]] = []
    for p, wis in zip(new_pars, new_links):
        if merged_pars and wis and len(wis) == 1 and merged_links[-1] == wis:
            kind = _mergeable(p)
            prev = merged_pars[-1]
            if kind and prev.role == BODY and p.role == BODY:
                line = p.first_line - 1 if kind == "column-break" else prev.last_line
                joins = (
                    list(prev.joins)
                    + [Join(kind, line, 0, "joined: the other copy has one paragraph here")]
                    + list(p.joins)
                )
                merged_pars[-1] = rebuild(
                    prev, prn.lines, prev.first_line, p.last_line, joins, prev.start_cue
                )
                continue
        merged_pars.append(p)
        merged_links.append(wis)
    for k, p in enumerate(merged_pars):
        p.id = f"{p.id[0]}{k + 1}"
    prn.paragraphs = merged_pars
    return {k: w for k, w in enumerate(merged_links) if w}, events


def _split_by_owners(p: Paragraph, owners: list[Paragraph], lines) -> list[tuple[Paragraph, int]] | None:
    """Cut ``p`` at joined boundaries so each piece belongs to one owner (in web order).

    Returns None unless every owner gets its piece."""
    pieces: list[tuple[Paragraph, int]] = []
    rest = p
    order = _order_in(p, owners)
    for n, k in enumerate(order[:-1]):
        g1 = bigrams(owners[k].key)
        g2 = set().union(*(bigrams(owners[o].key) for o in order[n + 1 :]))
        cut = _best_cut(rest, g1, g2)
        if cut is None:
            return None
        left, rest = _split_at(rest, cut, lines)
        pieces.append((left, k))
    pieces.append((rest, order[-1]))
    return pieces


def _order_in(p: Paragraph, owners: list[Paragraph]) -> list[int]:
    """Owners in the order their text appears in ``p`` (a moved block may reverse web order)."""
    grams = [bigrams(o.key) for o in owners]
    first = []
    for k, g in enumerate(grams):
        own = g - set().union(*(grams[:k] + grams[k + 1 :]))
        pos = next((i for i in range(len(p.key) - 1) if p.key[i : i + 2] in own), len(p.key))
        first.append((pos, k))
    return [k for _, k in sorted(first)]


def _best_cut(p: Paragraph, g1: set[str], g2: set[str]) -> Join | None:
    """The joined boundary that best hands the text before it to ``w1`` and after it to ``w2``.

    Scored by absolute bigram attribution (bigrams on the right side of their
    owner count, bigrams owned only by the other side count against), so a
    corrupted stretch that matches neither web paragraph stays neutral.
    """
    best, best_score = None, 0
    only1, only2 = g1 - g2, g2 - g1
    for j in p.joins:
        k = _cut_index(p, j)
        left, right = bigrams(p.key[:k]), bigrams(p.key[k:])
        if not left or not right:
            continue
        score = len(left & g1) - len(left & only2) + len(right & g2) - len(right & only1)
        if score > best_score:
            best, best_score = j, score
    if best is not None:
        # the join must be where the text changes owner, not merely a line end near it:
        # a boundary that falls mid-line (the print copy ran the two paragraphs on)
        # leaves the group n:1
        k, ideal = _cut_index(p, best), _ideal_cuts(p.key, g1, g2, only1, only2)
        if abs(k - ideal[0]) > CUT_SLACK and abs(k - ideal[1]) > CUT_SLACK:
            return None
    return best


CUT_SLACK = 3  # characters between a join and where the text really changes owner


def _ideal_cuts(key: str, g1: set[str], g2: set[str], only1: set[str], only2: set[str]) -> tuple[int, int]:
    """The first and last key index where cutting best attributes bigrams (O(len(key)))."""
    grams = [key[i : i + 2] for i in range(len(key) - 1)]
    left_val = [(g in g1) - (g in only2) for g in grams]
    right_val = [(g in g2) - (g in only1) for g in grams]
    score = sum(right_val)  # cut at 0: everything right
    best, first, last = score, 0, 0
    for k in range(1, len(key) + 1):
        # cutting at k: bigram k-1 straddles the cut (counts nowhere), bigram k-2 is left
        if k - 1 < len(grams):
            score -= right_val[k - 1]
        if k >= 2:
            score += left_val[k - 2]
        if score > best:
            best, first, last = score, k, k
        elif score == best:
            last = k
    return first, last


def _split_at(p: Paragraph, cut: Join, lines: list[str]) -> tuple[Paragraph, Paragraph]:
    left_last = cut.line if cut.kind == "wrap" else cut.line - 1
    while left_last > p.first_line and not lines[left_last - 1].strip():
        left_last -= 1
    right_first = left_last + 1
    while right_first < p.last_line and not lines[right_first - 1].strip():
        right_first += 1
    lj = [j for j in p.joins if j.line < right_first and j is not cut]
    rj = [j for j in p.joins if j.line > left_last and j is not cut]
    left = rebuild(p, lines, p.first_line, left_last, lj, p.start_cue)
    right = rebuild(
        p, lines, right_first, p.last_line, rj, "blank-full" if cut.kind == "column-break" else "soft"
    )
    return left, right
