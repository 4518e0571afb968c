"""Benchmark inputs built from the seed pair, used when ``tests/pairgen.py`` is missing or broken.

* ``long_pair(k)``: the seed pair repeated ``k`` times.  Every body paragraph of repetition ``r``
  (a long indented line of the web copy; the first line of a print paragraph, i.e. a line after
  a blank line) gets the same four-character tag, distinct per repetition, so the repetitions are
  told apart by their bigrams.
* ``small_pair(i)``: a short article: a unique tag paragraph plus a few body paragraphs of the
  seed that the tool itself aligns with each other (web raw line <-> print raw lines), so every
  pair is a distinct article that ``recon DIR`` can pair by content.

Tags use characters written alike in Traditional and Simplified script.
"""

from __future__ import annotations

import os
import random

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEEDS = os.path.join(ROOT, "seeds")
#: characters that are the same in Traditional and Simplified script
SAME = "一二三四五六七八九十百千人大中小上下山川田日月水火木金土天王子女口目手足心石米竹工方文明白高"


def seed_texts() -> tuple[str, str, str, str]:
    """(web path, print path, web text, print text) of the seed pair, told apart by content."""
    from jiangbei_recon.load import load_document
    from jiangbei_recon.model import WEB

    files = sorted(os.path.join(SEEDS, f) for f in os.listdir(SEEDS) if f.endswith(".txt"))[:2]
    docs = sorted((load_document(f) for f in files), key=lambda d: d.side != WEB)
    web, prn = docs[0].path, docs[1].path
    with open(web, encoding="utf-8") as a, open(prn, encoding="utf-8") as b:
        return web, prn, a.read(), b.read()


def tag(n: int, length: int = 4) -> str:
    out = []
    for _ in range(length):
        n, d = divmod(n, len(SAME))
        out.append(SAME[d])
    return "".join(out)


def long_pair(k: int) -> tuple[str, str]:
    """(web text, print text): the seed pair ``k`` times, each repetition's paragraphs tagged."""
    _, _, web, prn = seed_texts()
    web_lines = web.splitlines()
    print_lines = prn.splitlines()
    w_out: list[str] = []
    p_out: list[str] = []
    for r in range(k):
        t = tag(r * 7919 + 13)
        for line in web_lines:
            body = line.lstrip(" \u3000")
            if len(body) > 30:
                line = line[: len(line) - len(body)] + t + body
            w_out.append(line)
        w_out.append("")
        prev_blank = True
        for line in print_lines:
            body = line.lstrip(" \u3000")
            if prev_blank and len(body) >= 15:
                line = line[: len(line) - len(body)] + t + body
            p_out.append(line)
            prev_blank = not line.strip()
        p_out.append("")
    return "\n".join(w_out) + "\n", "\n".join(p_out) + "\n"


_GROUPS: list[tuple[str, str]] | None = None


def _body_groups() -> list[tuple[str, str]]:
    """(web raw line, print raw lines) of the seed's 1:1 body groups, in web order."""
    global _GROUPS
    if _GROUPS is None:
        from jiangbei_recon.api import reconcile_texts

        web_path, print_path, web, prn = seed_texts()
        report = reconcile_texts(web, prn, web_path, print_path)
        wmap, pmap = report.web.by_id(), report.print.by_id()
        groups = []
        for g in report.alignment:
            if len(g.web) != 1 or len(g.print) != 1 or g.score < 0.9:
                continue
            w, p = wmap[g.web[0]], pmap[g.print[0]]
            if w.role != "body" or p.role != "body" or "\n\n" in p.raw or len(w.key) < 40:
                continue
            groups.append((w.raw, p.raw))
        _GROUPS = groups
    return _GROUPS


def small_pair(i: int, n_paragraphs: int = 5) -> tuple[str, str]:
    """(web text, print text) of a short distinct article built from seed paragraphs."""
    groups = _body_groups()
    rng = random.Random(i)
    chosen = sorted(rng.sample(range(len(groups)), min(n_paragraphs, len(groups))))
    ident = "".join(tag(i * 104729 + j * 31, 4) for j in range(6))
    w_lines = [f"  {ident}。", ""]
    p_lines = [ident[:20], ident[20:] + "。", ""]
    for c in chosen:
        w, p = groups[c]
        w_lines += [w, ""]
        p_lines += p.split("\n") + [""]
    return "\n".join(w_lines) + "\n", "\n".join(p_lines) + "\n"
