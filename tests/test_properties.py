"""Property tests on generated, truth-known pairs (``pairgen``), never the seed.

* normalizer: the key/offset map invariants on arbitrary mixed text;
* print segmenter: re-wrapped print copies give back the truth paragraphs;
* aligner: moved sections, missing blanks and column breaks still reconcile,
  every paragraph pairs with its twin, injected edits are found at their line;
* mojibake: GB18030 byte-shift corruptions are explained as mojibake.

Hypothesis runs derandomized (same examples every run); the rate tests loop
over fixed seeds and assert a floor a little below the measured rate, with the
measured rate in the assertion message.
"""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jiangbei_recon.api import reconcile_texts
from jiangbei_recon.load import load_text
from jiangbei_recon.load.normalize import (
    FOLD_TABLE,
    converter,
    fold_width,
    is_space,
    normalize,
    normalize_text,
)
from pairgen import _site_clean, byte_shift, make_pair, to_traditional

SETTINGS = dict(deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

# -- normalizer ---------------------------------------------------------------

CJK = "城市建设区區發发後后著着裏里乾干臺台體体學学國国們们為为萬万這这說说會会長長華华"
ASCII = "abcXYZ019GDP"
PUNCT = "，。、；：！？“”‘’（）《》,.;:!?()\"'—…·"
SPACES = " \u3000\t\u00a0"
READINGS = ("qū", "fā", "hòu", "zhuó", "lǐ", "gàn", "tǐ", "xué", "wàn", "lǜ")

token = st.one_of(
    st.sampled_from(CJK),
    st.sampled_from(ASCII),
    st.sampled_from(PUNCT),
    st.sampled_from(SPACES),
    st.just("\n"),
    st.builds(lambda c, r: f"{c}({r})", st.sampled_from(CJK), st.sampled_from(READINGS)),
    st.builds(lambda r: f"({r})", st.sampled_from(READINGS)),  # a reading with nothing before it
    st.characters(codec="utf-8", exclude_categories=("Cs",)),
)
mixed_text = st.lists(token, max_size=40).map("".join)


def _derivations(ch: str) -> set[str]:
    """What one raw character may become in the key (width fold, t2s, ambiguity fold)."""
    f = fold_width(ch)
    t = converter("t2s").convert(f)
    out = {f, f.translate(FOLD_TABLE)}
    if len(t) == 1:
        out |= {t, t.translate(FOLD_TABLE)}
    return out


@settings(max_examples=300, **SETTINGS)
@given(mixed_text)
def test_normalize_key_map_invariants(raw):
    n = normalize(raw)
    assert len(n.key_map) == len(n.key)
    assert all(a < b for a, b in zip(n.key_map, n.key_map[1:])), "key_map must increase"
    assert all(0 <= k < len(raw) for k in n.key_map)
    for i, k in enumerate(n.key_map):
        assert not is_space(raw[k])
        assert n.key[i] in _derivations(raw[k]), (i, raw[k], n.key[i])
    # every raw character left out of the key is whitespace or inside an annotation
    covered = set(n.key_map)
    for a in n.annotations:
        covered.update(range(a.start, a.end))
        assert raw[a.start] == "(" and raw[a.end - 1] == ")"
    assert all(is_space(raw[k]) for k in range(len(raw)) if k not in covered)


@settings(max_examples=150, **SETTINGS)
@given(st.lists(st.tuples(st.sampled_from(CJK), st.sampled_from(READINGS)), min_size=1, max_size=12))
def test_normalize_drops_glued_annotations(pairs):
    raw = "".join(f"{c}({r})" for c, r in pairs)
    n = normalize(raw)
    assert n.key == normalize_text("".join(c for c, _ in pairs))
    assert [(a.char, a.reading) for a in n.annotations] == pairs


# -- print segmenter ---------------------------------------------------------------

SEGMENTER_CASES = 200
#: measured 99.75% (399/400 over seeds 0-399; 34/35 of the 8-9-cell columns) after the
#: hanging-punctuation fix (``printseg.is_short``); 97.0% before it
SEGMENTER_FLOOR = 0.98


def _print_case(seed: int):
    rng = random.Random(seed)
    return make_pair(
        seed,
        n_sections=rng.randint(2, 5),
        width=rng.randint(8, 30),
        move_section=rng.random() < 0.5,
        column_breaks=rng.randint(0, 4),
        drop_blanks=rng.choice((0.0, 0.3, 0.7)),
        chrome=False,
    )


def _segmented_like_truth(pair) -> bool:
    t = pair.truth
    want = [normalize_text(t["paragraphs"][i]) for i in t["print_order"]]
    got = [p.key for p in load_text(pair.print_text).paragraphs]
    return got == want


def test_print_segmenter_recovers_truth_paragraphs():
    ok = [s for s in range(SEGMENTER_CASES) if _segmented_like_truth(_print_case(s))]
    rate = len(ok) / SEGMENTER_CASES
    failed = sorted(set(range(SEGMENTER_CASES)) - set(ok))[:10]
    assert rate >= SEGMENTER_FLOOR, f"segmenter recovered {rate:.1%} of print copies; failing seeds {failed}"


def test_print_segmenter_exact_from_ten_cells_up():
    """Measured 100% for columns of 10 cells and more: assert all of them."""
    cases = [(s, _print_case(s)) for s in range(SEGMENTER_CASES)]
    wide = [(s, c) for s, c in cases if c.truth["width"] >= 10]
    failed = [s for s, c in wide if not _segmented_like_truth(c)]
    assert wide and not failed, (
        f"{len(failed)}/{len(wide)} wide-column print copies mis-segmented: seeds {failed[:10]}"
    )


def test_narrow_column_full_line_ending_a_sentence_does_not_split():
    """In a column of 8 cells a hanging '，' makes full lines 9 cells wide; a full
    8-cell line ending '！' is still full (short needs SHORT_MARGIN cells missing)."""
    text = (
        "社区负责人表示：\n“我们会继续努力，\n下一步还有很多事\n要做。”在老城区，\n"
        "居民张先生介绍说，\n这件事办得实在！\n有关部门积极实施\n公交线路。\n"
    )
    assert [p.lines for p in load_text(text).paragraphs] == [(1, 8)]


@settings(max_examples=40, **SETTINGS)
@given(seed=st.integers(0, 10**6), width=st.integers(12, 30), breaks=st.integers(0, 3))
def test_print_segmenter_column_breaks_are_joins(seed, width, breaks):
    """With no blank dropped, every truth paragraph comes back and every column
    break lies inside one recovered paragraph, recorded as a join."""
    pair = make_pair(seed, width=width, column_breaks=breaks, chrome=False)
    pars = load_text(pair.print_text).paragraphs
    t = pair.truth
    assert [p.key for p in pars] == [normalize_text(t["paragraphs"][i]) for i in t["print_order"]]
    for line in t["column_breaks"]:
        holder = [p for p in pars if p.first_line < line < p.last_line]
        assert len(holder) == 1
        assert any(j.kind == "column-break" and j.line == line for j in holder[0].joins)


# -- aligner -------------------------------------------------------------------------


def paragraph_hits(pair, report) -> list[bool]:
    """Per truth paragraph: is its web line in a 1:k group whose print side spans
    exactly the truth print lines?"""
    t = pair.truth
    wid = {p.first_line: p.id for p in report.web.paragraphs}
    prn = report.print.by_id()
    group_of = {w: g for g in report.alignment for w in g.web}
    hits = []
    for i, line in enumerate(t["web_lines"]):
        g = group_of.get(wid.get(line))
        ok = False
        if g is not None and g.web == [wid[line]] and g.print:
            ps = [prn[x] for x in g.print]
            ok = (min(p.first_line for p in ps), max(p.last_line for p in ps)) == tuple(t["print_lines"][i])
        hits.append(ok)
    return hits


def _layout_case(seed: int, **extra):
    rng = random.Random(seed)
    return make_pair(
        seed,
        n_sections=rng.randint(3, 6),
        width=rng.randint(12, 28),
        move_section=rng.random() < 0.5,
        column_breaks=rng.randint(0, 4),
        drop_blanks=rng.choice((0.0, 0.3, 0.6)),
        annotations=rng.choice((0.0, 0.2, 0.4)),
        chrome=rng.random() < 0.8,
        **extra,
    )


def _check_layout_pair(pair, report):
    t = pair.truth
    wording = [d for d in report.divergences if d.category == "wording"]
    assert not wording, [d.explanation for d in wording][:5]
    assert report.verdict == "reconciled"
    moved = [d for d in report.divergences if d.kind == "moved"]
    assert len(moved) == len(t["moved_body"]), [d.explanation for d in moved]
    for d, (start, end) in zip(moved, t["moved_body"]):
        assert d.web.lines == (t["web_lines"][start], t["web_lines"][end - 1])
    hits = paragraph_hits(pair, report)
    assert all(hits), [i for i, h in enumerate(hits) if not h]


@settings(max_examples=40, **SETTINGS)
@given(
    seed=st.integers(0, 10**6),
    move=st.booleans(),
    breaks=st.integers(0, 4),
    drop=st.sampled_from((0.0, 0.3, 0.6)),
    annotations=st.sampled_from((0.0, 0.3)),
    headings_at_end=st.booleans(),
)
def test_layout_noise_reconciles(seed, move, breaks, drop, annotations, headings_at_end):
    pair = make_pair(
        seed,
        move_section=move,
        column_breaks=breaks,
        drop_blanks=drop,
        annotations=annotations,
        headings_at_end=headings_at_end,
    )
    _check_layout_pair(pair, reconcile_texts(pair.web_text, pair.print_text))


ALIGN_CASES = 300
#: measured 100% of 6388 paragraphs and 100% of the 300 pairs
ALIGN_PARAGRAPH_FLOOR = 0.995
ALIGN_PAIR_FLOOR = 0.97


def test_aligner_paragraph_accuracy():
    hits = total = pairs_ok = 0
    failed = []
    for s in range(ALIGN_CASES):
        pair = _layout_case(s)
        report = reconcile_texts(pair.web_text, pair.print_text)
        h = paragraph_hits(pair, report)
        hits += sum(h)
        total += len(h)
        try:
            _check_layout_pair(pair, report)
            pairs_ok += 1
        except AssertionError:
            failed.append(s)
    par_rate, pair_rate = hits / total, pairs_ok / ALIGN_CASES
    msg = f"paragraphs aligned to their twin {par_rate:.2%} ({hits}/{total}); pairs fully right {pair_rate:.1%}; failing seeds {failed[:10]}"
    assert par_rate >= ALIGN_PARAGRAPH_FLOOR, msg
    assert pair_rate >= ALIGN_PAIR_FLOOR, msg


# -- wording edits -------------------------------------------------------------------


def _edits_found(pair, report) -> tuple[int, bool]:
    """(edits found at their recorded line, nothing else in category wording)"""
    wording = [d for d in report.divergences if d.category == "wording"]
    found = 0
    for e in pair.truth["edits"]:
        for d in wording:
            side = d.web if e["side"] == "web" else d.print
            if d.kind == "wording" and side is not None and side.lines[0] <= e["line"] <= side.lines[1]:
                found += 1
                break
    return found, len(wording) == len(pair.truth["edits"])


@settings(max_examples=30, **SETTINGS)
@given(seed=st.integers(0, 10**6), k=st.integers(1, 4), move=st.booleans(), breaks=st.integers(0, 3))
def test_edits_are_found_at_their_lines(seed, k, move, breaks):
    pair = make_pair(seed, edits=k, move_section=move, column_breaks=breaks, annotations=0.3, drop_blanks=0.3)
    assert len(pair.truth["edits"]) == k
    report = reconcile_texts(pair.web_text, pair.print_text)
    found, exact = _edits_found(pair, report)
    assert found == k and exact, (pair.truth["edits"], [d.explanation for d in report.failing()])
    assert report.verdict == "diverged"


EDIT_CASES = 200
#: measured 100% (500/500 edits, 200/200 pairs with exactly k wording divergences)
EDIT_FLOOR = 0.98


def test_edit_detection_rate():
    found = total = exact = 0
    failed = []
    for s in range(EDIT_CASES):
        pair = _layout_case(s, edits=1 + s % 4)
        report = reconcile_texts(pair.web_text, pair.print_text)
        f, e = _edits_found(pair, report)
        found += f
        total += len(pair.truth["edits"])
        exact += e
        if f < len(pair.truth["edits"]) or not e:
            failed.append(s)
    rate = found / total
    msg = f"edits found at their line {rate:.2%} ({found}/{total}); pairs with exactly k wording divergences {exact}/{EDIT_CASES}; failing seeds {failed[:10]}"
    assert rate >= EDIT_FLOOR and exact / EDIT_CASES >= EDIT_FLOOR, msg


# -- mojibake ------------------------------------------------------------------------


def _mojibake_outcome(pair, report, m) -> str:
    """ "ok" (a mojibake divergence at the line whose repair is the truth), or why not."""
    here = [
        d
        for d in report.divergences
        if d.web is not None and d.web.lines[0] <= m["line"] <= d.web.lines[1]
        if d.kind in ("mojibake", "wording", "one-sided")
    ]
    moji = [d for d in here if d.kind == "mojibake"]
    if not moji:
        return "missed"
    if any(d.kind != "mojibake" for d in here):
        return "also-wording"
    # the core that really changed: strip what the corruption left in place
    orig, bad = _site_clean(m["original"]), m["corrupted"]
    a, b = 0, 0
    while a < min(len(orig), len(bad)) and orig[a] == bad[a]:
        a += 1
    while b < min(len(orig), len(bad)) - a and orig[-1 - b] == bad[-1 - b]:
        b += 1
    core = normalize_text(orig[a : len(orig) - b])
    span = normalize_text(m["simplified"])
    for d in moji:
        rep = normalize_text(d.details["repaired"])
        if core in rep and (rep in span or span in rep):
            return "ok"
    return "wrong-repair"


MOJIBAKE_CASES = 200
#: measured 99.4% (795/800 over seeds 0-399); every miss is a character that vanished
#: whole (see test_mojibake_that_deletes_a_character_is_reported_as_wording); 98.25% before
#: convert_in_context and place_web_annotations
MOJIBAKE_FLOOR = 0.98


def test_mojibake_detection_rate():
    outcomes: dict[str, int] = {}
    failed = []
    for s in range(MOJIBAKE_CASES):
        pair = make_pair(s, column_breaks=2, drop_blanks=0.3, annotations=0.3, mojibake=2)
        report = reconcile_texts(pair.web_text, pair.print_text)
        for m in pair.truth["mojibake"]:
            o = _mojibake_outcome(pair, report, m)
            outcomes[o] = outcomes.get(o, 0) + 1
            if o != "ok":
                failed.append((s, m["original"], m["corrupted"], o))
    total = sum(outcomes.values())
    rate = outcomes.get("ok", 0) / total
    assert rate >= MOJIBAKE_FLOOR, (
        f"mojibake explained and repaired {rate:.2%} of {total}: {outcomes}; e.g. {failed[:6]}"
    )


def _one_pair(web_body: str, simplified: str):
    return reconcile_texts("  " + web_body + "\n", simplified + "\n")


def test_mojibake_that_deletes_a_character_is_reported_as_wording():
    """Known limit, chosen on purpose: a lost lead byte whose trail byte is invalid
    alone (個 = 82 80 in GB18030) makes the character vanish with no trace in the
    web copy.  That is indistinguishable from an editor deleting it, so it is a
    wording divergence (a reviewer looks) rather than a mojibake that could hide
    a real deletion."""
    simp = "今年，园区建设了三个体育场馆，居民表示很满意。去年，街道推进河道治理工程，群众拍手称快。"
    web = to_traditional(simp).replace("，", ",")
    assert byte_shift("個體育") == "體育"
    r = _one_pair(web.replace("個", ""), simp)
    found = [d for d in r.divergences if d.category in ("wording", "artifact")]
    assert [(d.kind, d.web.text, d.print.text) for d in found] == [("wording", "", "个")]


def test_mojibake_resynced_by_the_only_annotation_of_its_character():
    """The '(' of an annotation on a corrupted character resyncs the bytes; that
    character is annotated nowhere else, so its reading comes from the span itself
    (mojibake.place_web_annotations)."""
    simp = "今年，街道推进河道治理，提升教育质量，群众拍手称快。去年，学校组织了一批文化活动。"
    span = "提升教育質"
    web = to_traditional(simp).replace("質", "質(zhì)").replace(span, byte_shift(span)).replace("，", ",")
    r = _one_pair(web, simp)
    assert [d.kind for d in r.divergences if d.category in ("wording", "artifact")] == ["mojibake"]


def test_mojibake_of_one_character_next_to_a_phrase_conversion():
    """OpenCC's phrase rules see past the short context (mojibake.convert_in_context)."""
    simp = "今年，街道围绕课后托管工作，群众拍手称快。去年，学校组织了一批文化活动。"
    web = to_traditional(simp).replace("課", byte_shift("課")).replace("，", ",")
    assert byte_shift("課") == "n"
    r = _one_pair(web, simp)
    assert [d.kind for d in r.divergences if d.category in ("wording", "artifact")] == ["mojibake"]


def test_two_identical_headings_pair_in_order():
    """Identical headings tie as owners; they are handed out in reading order (align._spread_ties)."""
    body = [
        "今年，社区完成老旧小区改造，居民表示很满意。",
        "去年，街道推进河道治理工程，群众拍手称快。",
        "近日，学校组织了一批文化活动，受到家长好评。",
    ]
    paras = ["城市更新", body[0], "城市更新", body[1], body[2]]
    web = "\n\n".join("  " + to_traditional(x).replace("，", ",") for x in paras) + "\n"
    r = reconcile_texts(web, "\n\n".join(paras) + "\n")
    assert r.verdict == "reconciled" and not r.web_only and not r.print_only


# -- the generator itself ------------------------------------------------------------


@settings(max_examples=30, **SETTINGS)
@given(
    seed=st.integers(0, 10**6),
    breaks=st.integers(0, 4),
    drop=st.sampled_from((0.0, 0.5)),
    k=st.integers(0, 3),
    moji=st.integers(0, 2),
)
def test_pairgen_truth_is_consistent(seed, breaks, drop, k, moji):
    kw = dict(
        column_breaks=breaks, drop_blanks=drop, edits=k, mojibake=moji, annotations=0.3, move_section=True
    )
    pair = make_pair(seed, **kw)
    assert make_pair(seed, **kw) == pair  # deterministic
    t = pair.truth
    web, prn = pair.web_text.split("\n"), pair.print_text.split("\n")
    touched = {e["paragraph"] for e in t["edits"]} | {m["paragraph"] for m in t["mojibake"]}
    for i, text in enumerate(t["paragraphs"]):
        a, b = t["print_lines"][i]
        if i not in touched:
            assert normalize_text(web[t["web_lines"][i] - 1]) == normalize_text(text)
            assert normalize_text("".join(prn[a - 1 : b])) == normalize_text(text)
    assert sorted(t["print_order"]) == list(range(len(t["paragraphs"])))
    for line in t["column_breaks"]:
        assert prn[line - 1] == "" and prn[line - 2] and prn[line]
    for e in t["edits"]:
        assert e["new"] in (web if e["side"] == "web" else prn)[e["line"] - 1]
    for m in t["mojibake"]:
        assert m["corrupted"] in web[m["line"] - 1]
    assert len(t["edits"]) == k


def test_pairgen_scales():
    """scale=100 gives a book-length pair (speed is measured by `make bench`, not here)."""
    pair = make_pair(7, scale=100, column_breaks=50, annotations=0.3, mojibake=20, edits=20)
    assert len(pair.truth["paragraphs"]) > 100 * 4 * 2
    assert len(pair.web_text.encode()) > 300_000


def test_large_pair_rejoins_a_first_line_cut_by_a_column_break():
    """A first line cut off by a column break reads as a caption; in a long pair all its
    bigrams are stop-grams, so only align._link_fragments (neighbour's twin) can place it."""
    g = make_pair(1100, scale=100, move_section=True, column_breaks=200, annotations=0.3, mojibake=200)
    r = reconcile_texts(g.web_text, g.print_text)
    assert not r.print_only
    line = g.truth["web_lines"][65]
    assert not [d for d in r.failing() if d.web is not None and d.web.lines[0] <= line <= d.web.lines[1]]
