"""Candidate pairs from an inverted index of character bigrams (step 1 of the aligner).

Prefix filtering keeps the counting linear: each web paragraph looks up only its
rarest bigrams, stop-grams are skipped, ties go to the nearest relative position.
"""

from __future__ import annotations

import bisect

from jiangbei_recon.model import (
    Paragraph,
)

TOP_K = 6


def bigrams(key: str) -> set[str]:
    if len(key) < 2:
        return {key} if key else set()
    return {key[i : i + 2] for i in range(len(key) - 1)}


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
