"""The aligner against paragraph-level truth: split, merge, drop, add, move.

Each case is an original article (``pairgen``'s vocabulary, never the seed)
whose print copy is edited at the paragraph level in known ways:

* **split**: one web paragraph printed as two (at a sentence end, with a short
  last line, so the page really shows two paragraphs) -> one 1:2 group + ``split``;
* **merge**: two web paragraphs printed as one -> one 2:1 group + ``merge``;
* **drop**: a web paragraph missing from print -> ``web_only`` + ``one-sided``;
* **add**: a paragraph only in print -> ``print_only`` + ``one-sided``;
* **move**: a run of body paragraphs printed first -> exactly one ``moved``.

The expected groups are computed from the construction and compared with the
recovered ones as sets of (web ids, print ids).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from jiangbei_recon.api import reconcile_texts
from pairgen import _heading, _paragraph, cells, to_traditional, wrap

SENTENCE_END = re.compile(r"(?<=[。！？])(?!”)|(?<=。”)")


@dataclass
class Case:
    web_text: str
    print_text: str
    groups: set[tuple[tuple[str, ...], tuple[str, ...]]]
    web_only: list[str]
    print_only: list[str]
    moved: bool
    kinds: dict[str, int]  # expected counts of split / merge / one-sided / moved


def _sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(text) if s]


def build(seed: int, *, split=False, merge=False, drop=False, add=False, move=False) -> Case | None:
    """A case, or None when this seed cannot carry the requested edits cleanly."""
    rng = random.Random(seed)
    width = rng.randint(12, 26)
    # web paragraphs: a heading then 3-5 body paragraphs, three sections
    web: list[tuple[str, str]] = []
    for _ in range(3):
        web.append(("heading", _heading(rng)))
        web += [("body", _paragraph(rng)) for _ in range(rng.randint(3, 5))]
    body_idx = [i for i, (r, _) in enumerate(web) if r == "body"]
    # print paragraphs: list of (text, [web indices]) in print order
    prn: list[tuple[str, list[int]]] = [(t, [i]) for i, (_, t) in enumerate(web)]
    kinds = {"split": 0, "merge": 0, "one-sided": 0, "moved": 0}
    used: set[int] = set()

    def pick(pred) -> int | None:
        options = [i for i in body_idx if i not in used and pred(i)]
        return rng.choice(options) if options else None

    def at(i: int) -> int:
        return next(k for k, (_, ws) in enumerate(prn) if i in ws)

    if split:

        def splittable(i):
            ss = _sentences(web[i][1])
            return len(ss) >= 2 and cells(wrap(ss[0], width)[-1]) < 0.7 * width

        i = pick(splittable)
        if i is None:
            return None
        used.add(i)
        ss = _sentences(web[i][1])
        k = at(i)
        prn[k : k + 1] = [(ss[0], [i]), ("".join(ss[1:]), [i])]
        kinds["split"] += 1
    if merge:
        i = pick(lambda i: i + 1 in body_idx and i + 1 not in used and i not in used)
        if i is None:
            return None
        used.update((i, i + 1))
        k = at(i)
        merged = web[i][1] + web[i + 1][1]
        ends, n = set(), 0
        for line in wrap(merged, width):
            n += len(line)
            ends.add(n)
        if len(web[i][1]) in ends:
            # the join falls at a line end: the page shows nothing either way, and
            # the aligner rightly splits at that ambiguous wrap; not a merge case
            return None
        prn[k : k + 2] = [(merged, [i, i + 1])]
        kinds["merge"] += 1
    web_only: list[int] = []
    if drop:
        i = pick(lambda i: True)
        if i is None:
            return None
        used.add(i)
        del prn[at(i)]
        web_only.append(i)
        kinds["one-sided"] += 1
    added = None
    if add:
        k = rng.randrange(1, len(prn))
        added = _paragraph(rng)
        prn.insert(k, (added, []))
        kinds["one-sided"] += 1
    if move:
        # a run of two body paragraphs (untouched by the other edits) printed first
        runs = [
            i
            for i in body_idx
            if i + 1 in body_idx and not ({i, i + 1} & used) and at(i) > 2 and at(i + 1) == at(i) + 1
        ]
        if not runs:
            return None
        i = rng.choice(runs)
        k = at(i)
        block = prn[k : k + 2]
        del prn[k : k + 2]
        prn[0:0] = block
        kinds["moved"] += 1
    web_text = "\n\n".join("  " + to_traditional(t).replace("，", ",") for _, t in web) + "\n"
    print_text = "\n\n".join("\n".join(wrap(t, width)) for t, _ in prn) + "\n"
    groups: dict[tuple[int, ...], list[str]] = {}
    print_only = []
    for k, (_, ws) in enumerate(prn):
        if not ws:
            print_only.append(f"p{k + 1}")
            continue
        groups.setdefault(tuple(ws), []).append(f"p{k + 1}")
    expected = {(tuple(f"w{i + 1}" for i in ws), tuple(ps)) for ws, ps in groups.items()}
    return Case(
        web_text,
        print_text,
        expected,
        [f"w{i + 1}" for i in web_only],
        print_only,
        move,
        kinds,
    )


def recovered(case: Case):
    r = reconcile_texts(case.web_text, case.print_text)
    groups = {(tuple(g.web), tuple(g.print)) for g in r.alignment}
    counts = {k: sum(1 for d in r.divergences if d.kind == k) for k in case.kinds}
    return r, groups, counts


EDITS = st.fixed_dictionaries(
    {
        "split": st.booleans(),
        "merge": st.booleans(),
        "drop": st.booleans(),
        "add": st.booleans(),
        "move": st.booleans(),
    }
)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10**6), edits=EDITS)
def test_aligner_recovers_paragraph_level_truth(seed, edits):
    case = build(seed, **edits)
    if case is None:
        return
    r, groups, counts = recovered(case)
    assert groups == case.groups
    assert r.web_only == case.web_only and r.print_only == case.print_only
    assert counts == case.kinds
    assert sum(g.moved for g in r.alignment) == (2 if case.moved else 0)
    # only real text differences fail the pair: dropped or added paragraphs
    assert r.verdict == ("diverged" if edits["drop"] or edits["add"] else "reconciled")


CASES = 300
#: measured 100% of paragraphs (300 cases, every edit combination in turn)
GROUP_FLOOR = 0.99


def test_aligner_paragraph_accuracy_over_edited_pairs():
    combos = [
        dict(split=s, merge=m, drop=d, add=a, move=v)
        for s in (False, True)
        for m in (False, True)
        for d in (False, True)
        for a in (False, True)
        for v in (False, True)
    ]
    right = total = exact = built = 0
    failed = []
    for seed in range(CASES):
        case = build(seed, **combos[seed % len(combos)])
        if case is None:
            continue
        built += 1
        r, groups, counts = recovered(case)
        total += len(case.groups) + len(case.web_only) + len(case.print_only)
        ok = len(groups & case.groups) + len(set(r.web_only) & set(case.web_only))
        ok += len(set(r.print_only) & set(case.print_only))
        right += ok
        if groups == case.groups and counts == case.kinds:
            exact += 1
        else:
            failed.append(seed)
    rate = right / total
    msg = f"groups right {rate:.2%} ({right}/{total}); cases exactly right {exact}/{built}; failing {failed[:10]}"
    assert built >= CASES * 0.8, msg
    assert rate >= GROUP_FLOOR and exact / built >= GROUP_FLOOR - 0.02, msg
