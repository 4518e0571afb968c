"""Injecting one wording edit anywhere in either copy: exactly one wording divergence, at its line."""

import random

import pytest

from helpers import read, seed_paths
from jiangbei_recon.api import reconcile_texts
from jiangbei_recon.load.decode import is_cjk

REPLACEMENTS = "天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏"
CASES = 40


def _cases():
    web, prn = (read(p) for p in seed_paths())
    rng = random.Random(20261122)
    for n in range(CASES):
        side = "web" if n % 2 == 0 else "print"
        lines = (web if side == "web" else prn).split("\n")
        while True:
            ln = rng.randrange(len(lines))
            s = lines[ln]
            if len(s.strip()) > 12 and any(c in s for c in "，,。"):
                break
        spots = [i for i, c in enumerate(s) if is_cjk(c) and (i + 1 >= len(s) or s[i + 1] != "(")]
        i = rng.choice(spots)
        rep = rng.choice([c for c in REPLACEMENTS if c != s[i]])
        lines[ln] = s[:i] + rep + s[i + 1 :]
        yield side, ln + 1, "\n".join(lines), web, prn


@pytest.mark.parametrize("case", list(_cases()), ids=lambda c: f"{c[0]}-L{c[1]}")
def test_one_edit_one_wording_divergence(case):
    side, line, text, web, prn = case
    r = reconcile_texts(text, prn) if side == "web" else reconcile_texts(web, text)
    wording = [d for d in r.divergences if d.category == "wording"]
    assert len(wording) == 1, [d.explanation for d in wording]
    where = wording[0].web if side == "web" else wording[0].print
    assert where is not None and where.lines[0] <= line <= where.lines[1]
    assert r.verdict == "diverged"


def _display_cases():
    """One edit in the middle of every heading, caption, title and label, on each side."""
    web, prn = (read(p) for p in seed_paths())
    base = reconcile_texts(web, prn)
    for side, doc in (("web", base.web), ("print", base.print)):
        for p in doc.paragraphs:
            if p.role not in ("heading", "caption", "title", "summary-label"):
                continue
            lines = (web if side == "web" else prn).split("\n")
            s = lines[p.first_line - 1]
            spots = [i for i, c in enumerate(s) if is_cjk(c) and (i + 1 >= len(s) or s[i + 1] != "(")]
            i = spots[len(spots) // 2]
            lines[p.first_line - 1] = s[:i] + "鑫" + s[i + 1 :]
            yield side, p.first_line, "\n".join(lines), web, prn


@pytest.mark.parametrize("case", list(_display_cases()), ids=lambda c: f"{c[0]}-L{c[1]}")
def test_edit_in_a_heading_or_caption_is_one_wording_divergence(case):
    """Even a 4-character label with one character changed (too few shared bigrams to
    link) pairs with its twin: one wording edit, not two one-sided paragraphs."""
    test_one_edit_one_wording_divergence(case)
