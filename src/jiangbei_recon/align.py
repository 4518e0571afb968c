"""The aligner: pair web and print paragraph streams into groups, find moves.

Steps and their cost (N = characters, P = paragraphs):

1. **Candidates** from an inverted index of character bigrams over print keys,
   by prefix filtering: each web paragraph looks up only its ``RARE_K`` rarest
   bigrams (those in more than ``STOP_GRAM`` paragraphs are skipped), so the
   counting costs at most ``RARE_K * STOP_GRAM`` per paragraph: O(N) overall.
   Print paragraphs nothing found are looked up the other way.  Ties go to the
   nearest relative position.  No all-pairs matrix.
2. **Links**: each print paragraph goes to the web paragraph that contains the
   largest share of its bigrams (containment, not symmetric similarity, so a
   print paragraph that is *part* of a web paragraph still links: 1:n); a print
   paragraph whose bigrams are split between two adjacent web paragraphs links
   to both (n:1).  Display paragraphs (headings, captions, title, label) prefer
   display twins.  O(P * k) for k candidates.
3. **Segmentation settled by the other copy**: two print paragraphs in one
   group that follow each other are merged when the segmenter's boundary was
   ambiguous (a blank after a full line = column break, recorded); otherwise
   the group stays 1:n and a ``split`` is reported.  A print paragraph linked to
   two web paragraphs is split at a joined boundary when it has one, else the
   group stays n:1 and a ``merge`` is reported.  O(P).
4. **Scores**: rapidfuzz ``fuzz.ratio`` on the concatenated keys of each group
   (Indel similarity: a symmetric whole-group measure once segmentation is
   settled; linking already used containment).  Groups below ``MIN_SCORE``
   are dissolved into one-sided paragraphs.  O(N) bit-parallel.
5. **Moves**: the longest order-consistent chain of body groups (LIS,
   O(G log G)) stays in place; every maximal run of the other groups is one
   moved block.  Display paragraphs are never "moved": a heading or caption
   whose neighbours differ is *relocated*.

Total: O(N + G log G) time (candidate counting bounded per paragraph), O(N) memory.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from jiangbei_recon.load.printseg import rebuild
from jiangbei_recon.model import (
    BODY,
    CAPTION,
    CHROME_ROLES,
    DISPLAY_ROLES,
    HEADING,
    SUMMARY_LABEL,
    TITLE,
    AlignmentGroup,
    Divergence,
    Document,
    Join,
    Paragraph,
    side_of,
    whole_side,
)

MIN_LINK = 0.45  # share of a print paragraph's bigrams that must lie in its web twin
MIN_SECOND = 0.2  # share that makes a second web paragraph part of an n:1 group
MIN_SCORE = 0.35  # groups scoring below this are not a match
TOP_K = 6
NOT_A_PAIR_SHARE = 0.25


def bigrams(key: str) -> set[str]:
    if len(key) < 2:
        return {key} if key else set()
    return {key[i : i + 2] for i in range(len(key) - 1)}


@dataclass
class Alignment:
    groups: list[AlignmentGroup]
    web_only: list[str]
    print_only: list[str]
    layout: list[Divergence] = field(default_factory=list)
    aligned_share: float = 0.0


def _candidates(
    web_pars: list[Paragraph], print_pars: list[Paragraph]
) -> dict[int, list[tuple[float, float, int]]]:
    """For each print index: [(containment of print in web, containment of web, web index)] best first.

    Prefix filtering: each web paragraph looks up only its ``RARE_K`` rarest
    bigrams (postings longer than ``cap`` are stop-grams), so the work per
    paragraph is bounded by ``RARE_K * cap`` whatever the document length, and
    each candidate found is then scored on its full bigram sets.  A paragraph
    made only of stop-grams looks them up anyway (bounded by ``RARE_K * P``;
    rare in real text, where some bigram of a paragraph is nearly always rare).
    """
    from collections import Counter
    from itertools import chain

    index: dict[str, list[int]] = {}
    pbig = [bigrams(p.key) for p in print_pars]
    for i, grams in enumerate(pbig):
        for g in grams:
            index.setdefault(g, []).append(i)
    cap = STOP_GRAM
    out: dict[int, list[tuple[float, float, int]]] = {}
    for wi, w in enumerate(web_pars):
        wgrams = bigrams(w.key)
        known = sorted((len(p), g) for g in wgrams if (p := index.get(g)) is not None)
        postings = [pg for pg in known if pg[0] <= cap][:RARE_K]
        if not postings:
            # every bigram is common (formulaic text in a long document): fall back to
            # the rarest ones anyway, for this paragraph only
            postings = known[:RARE_K]
        counts = Counter(chain.from_iterable(index[g] for _, g in postings))
        for pi in _top_candidates(counts, wi, len(web_pars), len(print_pars)):
            shared = len(wgrams & pbig[pi])
            if not shared:
                continue
            cp = shared / len(pbig[pi])
            cw = shared / len(wgrams)
            out.setdefault(pi, []).append((cp, cw, wi))
    n_web, n_print = len(web_pars), len(print_pars)
    orphans = [pi for pi in range(n_print) if pbig[pi] and pi not in out]
    if orphans:
        # a short print piece (a paragraph printed in two) may hold none of its web
        # paragraph's rarest bigrams: look those up from the print side too
        windex: dict[str, list[int]] = {}
        wbig = [bigrams(w.key) for w in web_pars]
        for wi, grams in enumerate(wbig):
            for g in grams:
                windex.setdefault(g, []).append(wi)
        for pi in orphans:
            known = sorted((len(p), g) for g in pbig[pi] if (p := windex.get(g)) is not None)
            postings = [pg for pg in known if pg[0] <= cap][:RARE_K] or known[:RARE_K]
            counts = Counter(chain.from_iterable(windex[g] for _, g in postings))
            have = {t[2] for t in out.get(pi, ())}
            for wi in _top_candidates(counts, pi, n_print, n_web):
                shared = len(wbig[wi] & pbig[pi])
                if shared and wi not in have:
                    out.setdefault(pi, []).append((shared / len(pbig[pi]), shared / len(wbig[wi]), wi))
    for pi in out:
        # equal matches (the same paragraph twice in the article): nearest relative position first
        out[pi].sort(key=lambda t: (-t[0], -t[1], abs(t[2] * n_print - pi * n_web), t[2]))
    return out


def _top_candidates(counts, wi: int, n_web: int, n_print: int, k: int = TOP_K * 4) -> list[int]:
    """The k print paragraphs sharing most looked-up bigrams.  Ties across the cut
    (formulaic paragraphs repeated through a long document) go to the paragraph
    at the nearest relative position: most text keeps its order."""
    top = counts.most_common(k + 1)  # C-level; ties in first-seen order
    if len(top) <= k or top[k][1] != top[k - 1][1]:
        return [pi for pi, _ in top[:k]]
    floor = top[k - 1][1]
    above = [pi for pi, c in top if c > floor]
    tied = sorted(pi for pi, c in counts.items() if c == floor)
    # the (k - len(above)) tied paragraphs nearest the expected position: bisect, then
    # walk outwards (ties in distance go to the earlier paragraph)
    target = wi * n_print / max(1, n_web)
    hi = bisect.bisect_left(tied, target)
    lo = hi - 1
    chosen: list[int] = []
    while len(chosen) < k - len(above) and (lo >= 0 or hi < len(tied)):
        if hi >= len(tied) or (lo >= 0 and target - tied[lo] <= tied[hi] - target):
            chosen.append(tied[lo])
            lo -= 1
        else:
            chosen.append(tied[hi])
            hi += 1
    return above + chosen


RARE_K = 24  # rarest bigrams of a web paragraph used to find its candidates
STOP_GRAM = 96  # a bigram in more print paragraphs than this finds no candidates


def _is_display(p: Paragraph) -> bool:
    return p.role in DISPLAY_ROLES


def link(web_pars: list[Paragraph], print_pars: list[Paragraph]) -> dict[int, list[int]]:
    """print index -> web indices it belongs to (empty: print-only)."""
    cands = _candidates(web_pars, print_pars)
    # neighbours in reading order of text paragraphs: a caption between two body
    # paragraphs does not stop them from being printed as one
    body_rank = {wi: r for r, wi in enumerate(i for i, w in enumerate(web_pars) if not _is_display(w))}

    def adjacent(a: int, b: int) -> bool:
        return a in body_rank and b in body_rank and abs(body_rank[a] - body_rank[b]) == 1

    wbig: dict[int, set[str]] = {}

    def gain_for(pi: int):
        """Share of print paragraph pi's bigrams that web paragraph wi adds to those chosen."""
        pgrams = bigrams(print_pars[pi].key)

        def gain(wi: int, chosen: list[int]) -> float:
            for k in (wi, *chosen):
                if k not in wbig:
                    wbig[k] = bigrams(web_pars[k].key)
            covered = set().union(*(wbig[c] for c in chosen)) & pgrams
            return len((wbig[wi] & pgrams) - covered) / max(1, len(pgrams))

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
    _link_swallowed(web_pars, print_pars, cands, links, adjacent)
    _link_fragments(web_pars, print_pars, cands, links)
    _link_swallowed_ends(web_pars, print_pars, links)
    _drop_surplus(web_pars, print_pars, links)
    return links


MIN_NEW_SHARE = 0.5  # share of a further print piece that must match text no other piece matched


def _drop_surplus(web_pars, print_pars, links) -> None:
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
        pbig = {pi: bigrams(print_pars[pi].key) for pi in pis}
        wgrams = bigrams(wkey)
        ranked = sorted(pis, key=lambda pi: (-len(pbig[pi] & wgrams) / max(1, len(pbig[pi])), pi))
        masked = list(wkey)
        for n, pi in enumerate(ranked):
            text = "".join(masked)
            piece = print_pars[pi].key
            # ... or at least fill a stretch the others left unmatched, of about its
            # length (its text may be corrupted there in the web copy)
            left = sum(1 for c in masked if c != "\0")
            fits = abs(left - len(piece)) <= max(2, len(piece) // 3)
            # (relative to what the piece matches in this paragraph at all: an n:1 piece
            # holds text of other web paragraphs too)
            if n and not fits:
                anywhere = LCSseq.similarity(wkey, piece)
                surplus = LCSseq.similarity(text, piece) < max(2, MIN_NEW_SHARE * anywhere)
            else:
                surplus = False
            if surplus:
                links[pi] = [w for w in links[pi] if w != wi]
                if not links[pi]:
                    del links[pi]
                continue
            for blk in LCSseq.opcodes(text, piece).as_matching_blocks():
                for k in range(blk.a, blk.a + blk.size):
                    masked[k] = "\0"


def _link_swallowed_ends(web_pars, print_pars, links) -> None:
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
            mine, theirs = bigrams(web_pars[owners[0]].key), bigrams(web_pars[other[0]].key)
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
            fits = abs(spare - len(p.key)) <= max(2, len(p.key) // 3)
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


def _link_swallowed(web_pars, print_pars, cands, links, adjacent) -> None:
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
        # a neighbour, or any paragraph when the print one has a joined boundary to cut at
        if not owners:
            continue
        if any(adjacent(o, wi) for o in owners):
            links[pi] = sorted(set(owners) | {wi})
        elif print_pars[pi].joins:
            # a distant paragraph only for text the owners do not already explain
            # (phrases reused elsewhere in the article are not a swallowed paragraph)
            wgrams = bigrams(web_pars[wi].key)
            owned = set().union(*(bigrams(web_pars[o].key) for o in owners))
            new = (wgrams & bigrams(print_pars[pi].key)) - owned
            if len(new) >= MIN_SWALLOWED / 2 * len(wgrams):
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


def _score(web_keys: str, print_keys: str) -> float:
    from rapidfuzz import fuzz

    return round(fuzz.ratio(web_keys, print_keys) / 100.0, 4)


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


def align(web: Document, prn: Document) -> Alignment:
    web_pars = [p for p in web.paragraphs if p.role not in CHROME_ROLES]
    print_pars = [p for p in prn.paragraphs if p.role not in CHROME_ROLES]
    links = link(web_pars, print_pars)
    # settle segmentation works on the whole print list; map indices
    if len(print_pars) == len(prn.paragraphs):
        links, _events = settle_segmentation(web_pars, prn, links)
        print_pars = prn.paragraphs
    comps = _components(links)
    web_pos = {p.id: i for i, p in enumerate(web.paragraphs)}
    print_pos = {p.id: i for i, p in enumerate(prn.paragraphs)}
    groups: list[AlignmentGroup] = []
    aligned_w: set[str] = set()
    aligned_p: set[str] = set()
    for wis, pis in comps:
        ws = [web_pars[i] for i in wis]
        ps = [print_pars[i] for i in pis]
        score = _score("".join(w.key for w in ws), "".join(p.key for p in ps))
        if score < MIN_SCORE:
            continue
        if len(ws) == 1 and _is_display(ws[0]):
            for p in ps:
                p.role = ws[0].role
        groups.append(AlignmentGroup([w.id for w in ws], [p.id for p in ps], score))
        aligned_w.update(w.id for w in ws)
        aligned_p.update(p.id for p in ps)
    groups += _pair_leftover_display(web_pars, print_pars, aligned_w, aligned_p)
    groups.sort(key=lambda g: (web_pos[g.web[0]], print_pos[g.print[0]]))
    web_only = [p.id for p in web_pars if p.id not in aligned_w]
    print_only = [p.id for p in print_pars if p.id not in aligned_p]
    body_w = sum(len(p.key) for p in web_pars if p.role == BODY)
    body_p = sum(len(p.key) for p in print_pars if p.role == BODY)
    wmap, pmap = web.by_id(), prn.by_id()
    got_w = sum(len(wmap[i].key) for g in groups for i in g.web if wmap[i].role == BODY)
    got_p = sum(len(pmap[i].key) for g in groups for i in g.print if pmap[i].role == BODY)
    share = min(got_w / body_w if body_w else 0.0, got_p / body_p if body_p else 0.0)
    result = Alignment(groups, web_only, print_only, aligned_share=round(share, 4))
    result.layout += _moves(groups, web, prn, web_pos, print_pos)
    result.layout += _relocations(groups, web, prn, web_pos, print_pos)
    result.layout += _splits_and_merges(groups, web, prn)
    return result


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
