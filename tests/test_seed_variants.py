"""Truth-known variants of the seed print copy: other column widths, column breaks,
missing blank lines, a block of paragraphs moved elsewhere.  Each must still
reconcile with the unchanged web copy, and a moved block must be reported.

The variants are built from the print paragraphs (re-flowed and re-wrapped), so
the truth is known: same text, other layout.
"""

import random

import pytest

from helpers import read, seed_paths
from jiangbei_recon.api import reconcile_texts
from jiangbei_recon.load import load_document
from jiangbei_recon.load.cues import cells

VARIANTS = 24


def wrap(text: str, width: int, rng: random.Random) -> list[str]:
    lines, cur = [], ""
    for c in text:
        if cur and cells(cur + c) > width + rng.choice((0, 0, 0, 1, -1)):
            lines.append(cur)
            cur = ""
        cur += c
    if cur:
        lines.append(cur)
    out = []
    for i, line in enumerate(lines):
        out.append(line)
        if i < len(lines) - 1 and rng.random() < 0.12 and line[-1] not in "。！？”":
            out.append("")  # a column break inside the paragraph
    return out


def variant(seed: int):
    web_path, print_path = seed_paths()
    pars = list(load_document(print_path).paragraphs)
    rng = random.Random(seed)
    width = rng.randint(12, 30)
    moved = None
    if rng.random() < 0.6:
        n = rng.randint(2, 8)
        start = rng.randrange(0, len(pars) - n - 10)
        block = pars[start : start + n]
        del pars[start : start + n]
        to = rng.randrange(0, len(pars))
        pars[to:to] = block
        moved = [p.key for p in block if p.role == "body"]
    # the summary (the body paragraphs just before its label) sits in a narrow column
    roles = [p.role for p in pars]
    label = roles.index("summary-label")
    start = label
    while start > 0 and roles[start - 1] == "body":
        start -= 1
    narrow = {id(p) for p in pars[start:label]} if label - start <= 3 else set()
    narrow_width = rng.randint(9, 12)
    out: list[str] = []
    for p in pars:
        if p.role == "body":
            flat = "".join(line.strip() for line in p.raw.split("\n"))
            out += wrap(flat, narrow_width if id(p) in narrow else width, rng)
        else:
            out.append(p.raw.strip())
        if rng.random() < 0.85:
            out.append("")
    return read(web_path), "\n".join(out) + "\n", width, moved


@pytest.mark.parametrize("seed", range(VARIANTS))
def test_rewrapped_and_reordered_print_copy_still_reconciles(seed):
    web, prn, width, moved = variant(seed)
    r = reconcile_texts(web, prn)
    assert r.verdict == "reconciled", (width, [d.explanation for d in r.failing()][:5])
    assert not r.web_only and not r.print_only
    if moved:
        assert any(d.kind == "moved" for d in r.divergences)
