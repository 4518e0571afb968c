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

from dataclasses import dataclass, field

from jiangbei_recon.align.candidates import bigrams
from jiangbei_recon.align.layout import (
    _moves,
    _pair_leftover_display,
    _relocations,
    _splits_and_merges,
    lis_indices,
)
from jiangbei_recon.align.links import _components, _is_display, link
from jiangbei_recon.align.segmentation import settle_segmentation
from jiangbei_recon.model import BODY, CHROME_ROLES, AlignmentGroup, Divergence, Document

MIN_SCORE = 0.35  # groups scoring below this are not a match
NOT_A_PAIR_SHARE = 0.25  # below this share of aligned body text the files are not one article


@dataclass
class Alignment:
    groups: list[AlignmentGroup]
    web_only: list[str]
    print_only: list[str]
    layout: list[Divergence] = field(default_factory=list)
    aligned_share: float = 0.0


def _score(web_keys: str, print_keys: str) -> float:
    from rapidfuzz import fuzz

    return round(fuzz.ratio(web_keys, print_keys) / 100.0, 4)


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


__all__ = [
    "Alignment",
    "align",
    "NOT_A_PAIR_SHARE",
    "MIN_SCORE",
    "bigrams",
    "lis_indices",
    "settle_segmentation",
    "link",
]
