"""Shared helpers for tests (kept tiny; fixtures live in conftest.py)."""

from __future__ import annotations

import os
import shutil

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = os.path.join(ROOT, "seeds")


def seed_paths() -> tuple[str, str]:
    """(web, print) paths of the first seed pair, told apart by content."""
    from jiangbei_recon.load import load_document
    from jiangbei_recon.model import WEB

    files = sorted(os.path.join(SEEDS, f) for f in os.listdir(SEEDS) if f.endswith(".txt"))[:2]
    docs = [load_document(f) for f in files]
    return tuple(d.path for d in sorted(docs, key=lambda d: d.side != WEB))  # type: ignore[return-value]


def read(path: str) -> str:
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def copy_seeds(dst: str) -> tuple[str, str]:
    web, prn = seed_paths()
    os.makedirs(dst, exist_ok=True)
    a = shutil.copy(web, os.path.join(dst, "a.txt"))
    b = shutil.copy(prn, os.path.join(dst, "b.txt"))
    return a, b
