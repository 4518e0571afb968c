"""The CI check on seed pairs: every pair in seeds/ must reconcile, no file may be unpaired.

Adding a pair that does not reconcile turns this test (and CI) red, so a reviewer looks.
The other tests here pin what the issues ask of the first seed pair.
"""

import pytest

from helpers import SEEDS, seed_paths
from jiangbei_recon.api import reconcile_documents, reconcile_paths
from jiangbei_recon.load import load_document


def test_every_seed_pair_reconciles():
    run = reconcile_paths([SEEDS])
    assert run.unpaired == [], f"files without a mirror: {run.unpaired}"
    bad = [
        (p.web.path, p.print.path, [d.explanation for d in p.failing()][:5])
        for p in run.pairs
        if p.verdict != "reconciled"
    ]
    assert not bad, bad
    assert run.exit_code == 0


@pytest.fixture(scope="module")
def seed():
    web, prn = seed_paths()
    return reconcile_documents(load_document(web), load_document(prn))


def test_sides_detected_by_content(seed):
    assert seed.web.side == "web" and seed.web.script == "traditional"
    assert seed.print.side == "print" and seed.print.layout == "wrapped"


def test_no_annotation_survives_and_chrome_is_web_only(seed):
    assert not any("(" in p.key and "ǎ" in p.key for p in seed.web.paragraphs)
    chrome = [p for p in seed.web.paragraphs if p.role in ("chrome", "byline", "dateline")]
    chrome_divs = {d.web.paragraph for d in seed.divergences if d.kind == "chrome"}
    assert chrome and {p.id for p in chrome} == chrome_divs
    aligned = {i for g in seed.alignment for i in g.web}
    assert not aligned & chrome_divs


def test_display_roles_aligned_to_twins(seed):
    roles = [p.role for p in seed.web.paragraphs]
    assert roles.count("heading") == 4 and roles.count("caption") == 4 and roles.count("summary-label") == 1
    aligned = {i for g in seed.alignment for i in g.web}
    assert all(p.id in aligned for p in seed.web.paragraphs if p.role not in ("chrome", "byline", "dateline"))
    pmap = seed.print.by_id()
    for g in seed.alignment:
        w = seed.web.by_id()[g.web[0]]
        assert all(pmap[i].role == w.role for i in g.print)


def test_print_body_paragraphs_end_with_sentence_punctuation(seed):
    from jiangbei_recon.load.cues import ends_sentence

    assert all(ends_sentence(p.raw) for p in seed.print.paragraphs if p.role == "body")


def test_one_moved_block_and_duplicate_caption(seed):
    moved = [d for d in seed.divergences if d.kind == "moved"]
    assert len(moved) == 1
    assert [d for d in seed.divergences if d.kind == "duplicated"]


def test_no_wording_and_mojibake_repaired(seed):
    assert seed.verdict == "reconciled"
    assert not [d for d in seed.divergences if d.category == "wording"]
    for d in seed.divergences:
        if d.kind == "mojibake":
            assert d.details["repaired"] == "".join(d.print.text.split())
            assert d.details["confidence"] in ("proven", "suspected")
    kinds = {d.kind for d in seed.divergences}
    assert {
        "script-variant",
        "variant-character",
        "quote-direction",
        "column-break",
        "letter-spacing",
    } <= kinds


def test_every_column_break_found(seed):
    lines = seed.print.lines
    inside = []
    for p in seed.print.paragraphs:
        inside += [n for n in range(p.first_line, p.last_line + 1) if not lines[n - 1].strip()]
    found = sorted(d.print.lines[0] for d in seed.divergences if d.kind == "column-break")
    assert inside and found == sorted(inside)
