"""Find the pairs: which files are web copies, which are print copies, which belong together.

Files are paired by content, never by name.  Each file gets a cheap signature
(its side from ``detect_side`` and a content-defined sample of the character
4-grams of its normalized text); web and print files are matched greedily by containment of
shared 4-grams, best first, using an inverted index (4-grams shared by many
files are skipped), so a folder of F files costs O(total characters), not F^2
comparisons of whole texts.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain

from jiangbei_recon.errors import InputError
from jiangbei_recon.load.decode import DEFAULT_MAX_BYTES, decode_bytes, read_bytes
from jiangbei_recon.load.detect import detect_side
from jiangbei_recon.load.normalize import is_space, to_simplified
from jiangbei_recon.model import PRINT, WEB

MIN_PAIR_SHARE = 0.2
#: and at least this many sampled 4-grams in common: a two-line stray file must not
#: pair with an article because it shares one stock phrase
MIN_SHARED_GRAMS = 8
TEXT_SUFFIXES = (".txt", ".text", "")


@dataclass
class Plan:
    pairs: list[tuple[str, str]]  # (web path, print path)
    unpaired: list[str]
    #: documents already loaded while pairing (path -> Document), reused by the pipeline
    loaded: dict = field(default_factory=dict)


@dataclass
class Signature:
    path: str
    side: str
    grams: frozenset[str]


def signature(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Signature:
    decoded = decode_bytes(read_bytes(path, max_bytes), path)
    ev = detect_side(decoded.text, decoded.lines)
    text = to_simplified("".join(c for c in decoded.text if not is_space(c)))
    # a content-defined quarter of the 4-grams (those starting with a character whose
    # code point is 0 mod 4): the same text keeps the same sample in both copies, and
    # a quarter is plenty to estimate shared text, while signatures (pickled back from
    # --jobs workers) and the index get four times smaller
    grams = frozenset(text[i : i + 4] for i in range(0, max(0, len(text) - 3)) if not ord(text[i]) & 3)
    return Signature(path, ev.side, grams)


def list_text_files(directory: str) -> list[str]:
    found = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or os.path.splitext(name)[1].lower() not in TEXT_SUFFIXES:
                continue
            found.append(os.path.join(root, name))
    return found


def discover(paths: list[str], *, max_bytes: int = DEFAULT_MAX_BYTES, jobs: int = 1) -> Plan:
    if not paths:
        raise InputError("give a directory of pairs or exactly two files")
    files: list[str] = []
    explicit_files = 0
    for p in paths:
        if os.path.isdir(p):
            files.extend(list_text_files(p))
        elif os.path.exists(p):
            files.append(p)
            explicit_files += 1
        else:
            raise InputError("no such file or directory", p)
    if explicit_files == len(paths) and len(paths) != 2:
        raise InputError(f"give exactly two files (got {len(paths)}) or a directory")
    if explicit_files == 2 == len(paths) and os.path.realpath(paths[0]) == os.path.realpath(paths[1]):
        raise InputError("the same file given twice", paths[0])
    files = _unique(files)
    if len(files) < 2:
        where = paths[0] if len(paths) == 1 else ", ".join(paths)
        raise InputError(f"needs at least two text files, found {len(files)}", where)
    if len(files) == 2:
        # one pair at most: load both documents now (the pipeline reuses them)
        # instead of computing pairing signatures and then loading again
        from jiangbei_recon.load import load_document

        docs = [load_document(f, max_bytes=max_bytes) for f in files]
        webs = [d for d in docs if d.side == WEB]
        if len(webs) != 1:
            side = "web" if webs else "print"
            raise InputError(f"both files look like {side} copies: {files[0]}, {files[1]}")
        web, prn = webs[0], next(d for d in docs if d.side != WEB)
        return Plan([(web.path, prn.path)], [], {web.path: web, prn.path: prn})
    sigs = _signatures(files, max_bytes, jobs)
    webs = [s for s in sigs if s.side == WEB]
    prints = [s for s in sigs if s.side == PRINT]
    return match(webs, prints)


def _unique(files: list[str]) -> list[str]:
    """Each file once, however many PATHS reach it (a folder and a file inside it,
    a folder given twice): the first spelling is kept."""
    seen: set[str] = set()
    out = []
    for f in files:
        real = os.path.realpath(f)
        if real not in seen:
            seen.add(real)
            out.append(f)
    return out


def _signatures(files, max_bytes, jobs) -> list[Signature]:
    if jobs > 1 and len(files) > 4:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=jobs) as pool:
            return list(
                pool.map(
                    signature, files, [max_bytes] * len(files), chunksize=max(1, len(files) // (jobs * 8))
                )
            )
    return [signature(f, max_bytes) for f in files]


def match(webs: list[Signature], prints: list[Signature]) -> Plan:
    index: dict[str, list[int]] = {}
    for i, s in enumerate(prints):
        for g in s.grams:
            index.setdefault(g, []).append(i)
    cap = max(8, int(len(prints) ** 0.5) * 2)
    scored: list[tuple[float, int, int]] = []
    for wi, w in enumerate(webs):
        postings = [p for g in w.grams if (p := index.get(g)) is not None and len(p) <= cap]
        counts = Counter(chain.from_iterable(postings))  # counted in C
        for pi, c in counts.items():
            share = c / max(1, min(len(w.grams), len(prints[pi].grams)))
            if share >= MIN_PAIR_SHARE / 4:
                shared = len(w.grams & prints[pi].grams)
                share = shared / max(1, min(len(w.grams), len(prints[pi].grams)))
                if share >= MIN_PAIR_SHARE and shared >= MIN_SHARED_GRAMS:
                    scored.append((-share, wi, pi))
    scored.sort()
    used_w: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, wi, pi in scored:
        if wi in used_w or pi in used_p:
            continue
        used_w.add(wi)
        used_p.add(pi)
        pairs.append((webs[wi].path, prints[pi].path))
    unpaired = sorted(
        [w.path for i, w in enumerate(webs) if i not in used_w]
        + [p.path for i, p in enumerate(prints) if i not in used_p]
    )
    return Plan(sorted(pairs), unpaired)
