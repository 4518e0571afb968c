"""Candidate pairs from an inverted index of character bigrams (step 1 of the aligner).

Prefix filtering keeps the counting linear: each web paragraph looks up only its
rarest bigrams, stop-grams are skipped, ties go to the nearest relative position.
"""

from __future__ import annotations

import bisect
from collections import Counter
from itertools import chain

TOP_K = 6
RARE_K = 24  # rarest bigrams of a paragraph used to find its candidates
STOP_GRAM = 96  # a bigram in more paragraphs than this is a stop-gram


def bigrams(key: str) -> set[str]:
    if len(key) < 2:
        return {key} if key else set()
    return {key[i : i + 2] for i in range(len(key) - 1)}


def _index(grams: list[set[str]]) -> dict[str, list[int]]:
    """Bigram -> indices of the paragraphs holding it (in reading order)."""
    index: dict[str, list[int]] = {}
    for i, gs in enumerate(grams):
        for g in gs:
            index.setdefault(g, []).append(i)
    return index


def _rare_counts(grams: set[str], index: dict[str, list[int]]) -> Counter:
    """Paragraph index -> how many of ``grams``' ``RARE_K`` rarest bigrams it holds.

    Stop-grams are skipped, so the count costs at most ``RARE_K * STOP_GRAM``.  A
    paragraph made only of stop-grams looks its rarest ones up anyway (bounded by
    ``RARE_K * P``; rare in real text, where some bigram is nearly always rare)."""
    known = sorted((len(p), g) for g in grams if (p := index.get(g)) is not None)
    postings = [pg for pg in known if pg[0] <= STOP_GRAM][:RARE_K] or known[:RARE_K]
    return Counter(chain.from_iterable(index[g] for _, g in postings))  # counted in C


def _candidates(wbig: list[set[str]], pbig: list[set[str]]) -> dict[int, list[tuple[float, float, int]]]:
    """For each print index: [(containment of print in web, containment of web, web index)] best first.

    ``wbig``/``pbig`` are the bigram sets of the web and print paragraphs.  Prefix
    filtering (``_rare_counts``): each web paragraph finds the print paragraphs
    holding its rarest bigrams; each candidate found is then scored on the full
    bigram sets.  A print paragraph nothing found (a short piece of a paragraph
    printed in two may hold none of its twin's rarest bigrams) is looked up the
    other way.  Equal matches go to the nearest relative position.
    """
    n_web, n_print = len(wbig), len(pbig)
    out: dict[int, list[tuple[float, float, int]]] = {}

    def add(wi: int, pi: int) -> None:
        shared = len(wbig[wi] & pbig[pi])
        if shared:
            out.setdefault(pi, []).append((shared / len(pbig[pi]), shared / len(wbig[wi]), wi))

    pindex = _index(pbig)
    for wi in range(n_web):
        for pi in _top_candidates(_rare_counts(wbig[wi], pindex), wi, n_web, n_print):
            add(wi, pi)
    orphans = [pi for pi in range(n_print) if pbig[pi] and pi not in out]
    if orphans:
        windex = _index(wbig)
        for pi in orphans:
            for wi in _top_candidates(_rare_counts(pbig[pi], windex), pi, n_print, n_web):
                add(wi, pi)
    for pi in out:
        # equal matches (the same paragraph twice in the article): nearest relative position first
        out[pi].sort(key=lambda t: (-t[0], -t[1], abs(t[2] * n_print - pi * n_web), t[2]))
    return out


def _top_candidates(counts: Counter, at: int, n_from: int, n_to: int, k: int = TOP_K * 4) -> list[int]:
    """The k paragraphs sharing most looked-up bigrams with paragraph ``at`` (of
    ``n_from``).  Ties across the cut (formulaic paragraphs repeated through a long
    document) go to the paragraph at the nearest relative position of the ``n_to``:
    most text keeps its order."""
    top = counts.most_common(k + 1)  # C-level; ties in first-seen order
    if len(top) <= k or top[k][1] != top[k - 1][1]:
        return [i for i, _ in top[:k]]
    floor = top[k - 1][1]
    above = [i for i, c in top if c > floor]
    tied = sorted(i for i, c in counts.items() if c == floor)
    # the (k - len(above)) tied paragraphs nearest the expected position: bisect, then
    # walk outwards (ties in distance go to the earlier paragraph)
    target = at * n_to / max(1, n_from)
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
