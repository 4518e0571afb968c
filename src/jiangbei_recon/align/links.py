"""Links: which web paragraph(s) each print paragraph belongs to (step 2 of the aligner).

Containment of bigrams, not symmetric similarity, so a print paragraph that is
part of a web paragraph still links (1:n), and one spread over adjacent web
paragraphs links to each (n:1).  The ``_link_*`` passes repair what the first
pass cannot see: swallowed short paragraphs, fragments cut off by the segmenter,
identical paragraphs, surplus text.
"""

from __future__ import annotations

from jiangbei_recon.align.candidates import _candidates, bigrams
from jiangbei_recon.model import (
    BODY,
    CAPTION,
    DISPLAY_ROLES,
    HEADING,
    Join,
    Paragraph,
)

MIN_LINK = 0.45  # share of a print paragraph's bigrams that must lie in its web twin
MIN_SECOND = 0.2  # share that makes a second web paragraph part of an n:1 group


def _is_display(p: Paragraph) -> bool:
    return p.role in DISPLAY_ROLES


def link(web_pars: list[Paragraph], print_pars: list[Paragraph]) -> dict[int, list[int]]:
    """print index -> web indices it belongs to (empty: print-only)."""
    # bigram sets once, for every pass below
    wbig = [bigrams(w.key) for w in web_pars]
    pbig = [bigrams(p.key) for p in print_pars]
    cands = _candidates(wbig, pbig)
    # neighbours in reading order of text paragraphs: a caption between two body
    # paragraphs does not stop them from being printed as one
    body_rank = {wi: r for r, wi in enumerate(i for i, w in enumerate(web_pars) if not _is_display(w))}

    def adjacent(a: int, b: int) -> bool:
        return a in body_rank and b in body_rank and abs(body_rank[a] - body_rank[b]) == 1

    def gain_for(pi: int):
        """Share of print paragraph pi's bigrams that web paragraph wi adds to those chosen."""

        def gain(wi: int, chosen: list[int]) -> float:
            covered = set().union(*(wbig[c] for c in chosen))
            return len((wbig[wi] & pbig[pi]) - covered) / max(1, len(pbig[pi]))

        return gain

    links: dict[int, list[int]] = {}
    #: web paragraphs that tie as best owner (identical text: a heading used twice) -> print indices
    ties: dict[tuple[int, ...], list[int]] = {}
    for pi, p in enumerate(print_pars):
        options = cands.get(pi, [])
        if not options:
            continue
        if _is_display(p):
            display = [o for o in options if _is_display(web_pars[o[2]]) and o[0] >= 0.6]
            if display:
                options = display
        chosen = _contiguous_owners(options, adjacent, display=_is_display(p), gain=gain_for(pi))
        if chosen:
            links[pi] = chosen
            if len(chosen) == 1:
                tied = tuple(o[2] for o in options if o[:2] == options[0][:2])
                if len(tied) > 1:
                    ties.setdefault(tied, []).append(pi)
    _spread_ties(ties, links)
    _link_swallowed(web_pars, print_pars, wbig, pbig, cands, links, adjacent)
    _link_fragments(web_pars, print_pars, cands, links)
    _link_swallowed_ends(print_pars, wbig, links)
    _drop_surplus(web_pars, print_pars, wbig, pbig, links)
    return links


def _fits(spare: int, length: int) -> bool:
    """An unmatched stretch of ``spare`` characters has room for a piece of ``length``
    (whose text may be corrupted there in the web copy)."""
    return abs(spare - length) <= max(2, length // 3)


MIN_NEW_SHARE = 0.5  # share of a further print piece that must match text no other piece matched


def _drop_surplus(web_pars, print_pars, wbig, pbig, links) -> None:
    """A web paragraph cannot own more print text than it has: when several print
    paragraphs link to it, the best-contained first, each must add text at
    positions of the web paragraph that the others have not matched yet (a
    fragment cut off its sibling does; a paragraph only in print that merely
    reuses its phrases does not, and lets go).  Positional, not bigram sets: a
    short fragment's bigrams may all recur elsewhere in the paragraph.
    O(len(web) * len(print) / 64) per extra piece, bit-parallel."""
    from rapidfuzz.distance import LCSseq

    owned: dict[int, list[int]] = {}
    for pi, wis in links.items():
        for wi in wis:
            owned.setdefault(wi, []).append(pi)
    for wi, pis in sorted(owned.items()):
        if len(pis) < 2 or not web_pars[wi].key:
            continue
        wkey = web_pars[wi].key
        ranked = sorted(pis, key=lambda pi: (-len(pbig[pi] & wbig[wi]) / max(1, len(pbig[pi])), pi))
        masked = list(wkey)
        for n, pi in enumerate(ranked):
            text = "".join(masked)
            piece = print_pars[pi].key
            # surplus: it matches little where the others have not (relative to what it
            # matches in this paragraph at all: an n:1 piece holds other paragraphs'
            # text too), and does not fill the stretch the others left unmatched
            surplus = (
                n > 0
                and not _fits(sum(1 for c in masked if c != "\0"), len(piece))
                and LCSseq.similarity(text, piece) < max(2, MIN_NEW_SHARE * LCSseq.similarity(wkey, piece))
            )
            if surplus:
                links[pi] = [w for w in links[pi] if w != wi]
                if not links[pi]:
                    del links[pi]
                continue
            for blk in LCSseq.opcodes(text, piece).as_matching_blocks():
                for k in range(blk.a, blk.a + blk.size):
                    masked[k] = "\0"


def _link_swallowed_ends(print_pars, wbig, links) -> None:
    """A print paragraph that also holds the head (or tail) of the web paragraph its
    print neighbour belongs to - the segmenter joined across a sentence end - gets
    that web paragraph as a second owner, so the split step cuts the piece off."""
    for pi, p in enumerate(print_pars):
        owners = links.get(pi, [])
        if len(owners) != 1 or not p.joins or p.role != BODY:
            continue
        for ni, at_end in ((pi + 1, True), (pi - 1, False)):
            other = links.get(ni, [])
            if not (0 <= ni < len(print_pars)) or len(other) != 1 or other[0] == owners[0]:
                continue
            mine, theirs = wbig[owners[0]], wbig[other[0]]
            for j in p.joins:
                k = _cut_index(p, j)
                piece = bigrams(p.key[k:] if at_end else p.key[:k])
                rest = bigrams(p.key[:k] if at_end else p.key[k:])
                if len(piece) < 3 or not rest:
                    continue
                in_theirs = len(piece & theirs) / len(piece)
                if in_theirs >= 0.6 and in_theirs > len(piece & mine) / len(piece) + 0.2:
                    links[pi] = sorted({owners[0], other[0]})
                    break
            if len(links[pi]) > 1:
                break


def _cut_index(p: Paragraph, j: Join) -> int:
    """Key index where the text after join ``j`` starts."""
    return next((i for i, off in enumerate(p.key_map) if off >= j.raw_offset), len(p.key))


WEAK_LINK = 0.7  # below this, a short print fragment may belong to its neighbour's twin instead
FRAGMENT_MAX = 40  # characters


def _link_fragments(web_pars, print_pars, cands, links) -> None:
    """A short print paragraph that the segmenter cut off its neighbour (``吴女士说。``
    after a quote) may match its web twin badly, e.g. when the web copy is
    corrupted right there.  Join it to a print neighbour's web paragraph when the
    join makes that match better, or when the web paragraph has an unmatched
    head/tail of about the fragment's length on the fragment's side."""
    from rapidfuzz.distance import Indel

    for pi, p in enumerate(print_pars):
        if len(p.key) > FRAGMENT_MAX:
            continue
        # a line cut off by a column break can look like a caption; if no display twin
        # took it, it may still be the head or tail of its neighbour
        if p.role != BODY and (p.role not in (CAPTION, HEADING) or pi in links):
            continue
        best_cp = cands[pi][0][0] if cands.get(pi) else 0.0
        if best_cp >= WEAK_LINK:
            continue
        best = None
        for ni, after in ((pi - 1, True), (pi + 1, False)):
            owners = links.get(ni, [])
            if not (0 <= ni < len(print_pars)) or len(owners) != 1:
                continue
            w, n = web_pars[owners[0]], print_pars[ni]
            joined = n.key + p.key if after else p.key + n.key
            gain = Indel.normalized_similarity(w.key, joined) - Indel.normalized_similarity(w.key, n.key)
            # stray one-character matches (a lone 。) do not count as matched text
            blocks = [b for b in Indel.opcodes(w.key, n.key).as_matching_blocks() if b.size >= 2]
            if not blocks:
                continue
            spare = len(w.key) - (blocks[-1].a + blocks[-1].size) if after else blocks[0].a
            fits = _fits(spare, len(p.key))
            score = gain + (1.0 if fits else 0.0)
            if (gain > 0 or fits) and (best is None or score > best[0]):
                best = (score, owners[0])
        if best is not None:
            links[pi] = [best[1]]


def _spread_ties(ties: dict[tuple[int, ...], list[int]], links: dict[int, list[int]]) -> None:
    """Identical paragraphs (the same heading twice on each side) tie as owners and
    would all link to the first; hand them out in reading order instead, one each."""
    for tied, pis in sorted(ties.items()):
        if len(pis) < 2:
            continue
        for pi, wi in zip(sorted(pis), sorted(tied)):
            links[pi] = [wi]


def _contiguous_owners(options, adjacent, display: bool, gain=None) -> list[int]:
    """The web paragraph(s) a print paragraph belongs to: the best one, grown by
    adjacent web paragraphs while each holds a fair share of the print text
    (n:1 when the print copy joined several web paragraphs).  A neighbour counts
    by what it *adds* (``gain``): one that only repeats words the best owner
    already has is not a second owner, however similar it is."""
    cp, _cw, wi = options[0]
    chosen = [wi]
    total = cp
    if not display:
        rest = [o for o in options[1:] if o[0] >= MIN_SECOND / 2]
        grown = True
        while total < 0.85 and grown:
            grown = False
            for o in rest:
                if o[2] not in chosen and any(adjacent(o[2], c) for c in chosen):
                    added = gain(o[2], chosen) if gain else o[0]
                    if added < MIN_SECOND / 2:
                        continue
                    chosen.append(o[2])
                    total += added
                    grown = True
                    break
        if len(chosen) > 1 and total < 0.8:
            chosen, total = [wi], cp
    if total < MIN_LINK:
        return []
    return sorted(chosen)


MIN_SWALLOWED = 0.6  # share of a web paragraph's bigrams found inside one print paragraph


def _link_swallowed(web_pars, print_pars, wbig, pbig, cands, links, adjacent) -> None:
    """A short web paragraph printed *inside* a neighbour's print paragraph (the
    segmenter joined them) links no print paragraph by print-side containment;
    link it from the web side, next to the web paragraph that print one belongs to."""
    linked = {wi for wis in links.values() for wi in wis}
    best: dict[int, tuple[float, int]] = {}
    for pi, options in cands.items():
        for _cp, cw, wi in options:
            if wi not in linked and not _is_display(web_pars[wi]) and cw >= MIN_SWALLOWED:
                if wi not in best or (cw, -pi) > (best[wi][0], -best[wi][1]):
                    best[wi] = (cw, pi)
    for wi, (_cw, pi) in sorted(best.items()):
        owners = links.get(pi, [])
        if not owners:
            continue
        # a neighbour; a distant paragraph only when the print one has a joined boundary
        # to cut at, and for text the owners do not already explain (phrases reused
        # elsewhere in the article are not a swallowed paragraph)
        if any(adjacent(o, wi) for o in owners) or (
            print_pars[pi].joins
            and len((wbig[wi] & pbig[pi]) - set().union(*(wbig[o] for o in owners)))
            >= MIN_SWALLOWED / 2 * len(wbig[wi])
        ):
            links[pi] = sorted(set(owners) | {wi})


def _components(links: dict[int, list[int]]) -> list[tuple[list[int], list[int]]]:
    """Connected components of the link graph as (web indices, print indices)."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for pi, wis in links.items():
        for wi in wis:
            a, b = find(("p", pi)), find(("w", wi))
            if a != b:
                parent[max(a, b)] = min(a, b)
    comps: dict[tuple[str, int], tuple[list[int], list[int]]] = {}
    for node in list(parent):
        root = find(node)
        w, p = comps.setdefault(root, ([], []))
        (w if node[0] == "w" else p).append(node[1])
    out = [(sorted(w), sorted(p)) for w, p in comps.values()]
    out.sort(key=lambda c: (c[0][0] if c[0] else 10**9, c[1][0] if c[1] else 10**9))
    return out
