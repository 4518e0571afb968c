"""Baselines: accept known divergences so CI fails only on new ones.

A divergence is recorded by *what* it is, not *where*: its kind, the text on
each side, and a little normalized context around it (whitespace removed).  An
edit elsewhere in the file shifts line numbers but not these, so a baseline
stays valid; the same change at the same words is recognised again.
"""

from __future__ import annotations

import json

from jiangbei_recon.errors import InputError
from jiangbei_recon.model import Divergence, PairReport, RunReport

SCHEMA = "jiangbei-recon-baseline/1"
CONTEXT = 8  # characters each side


def _squash(s: str) -> str:
    return "".join(s.split())


def _context(report: PairReport, side_name: str, d: Divergence) -> str:
    side = getattr(d, side_name)
    if side is None:
        return ""
    doc = report.web if side_name == "web" else report.print
    par = doc.by_id().get(side.paragraph)
    if par is None:
        return ""
    a, b = side.offsets
    return (
        _squash(par.raw[max(0, a - CONTEXT * 2) : a])[-CONTEXT:]
        + "|"
        + _squash(par.raw[b : b + CONTEXT * 2])[:CONTEXT]
    )


def fingerprint(report: PairReport, d: Divergence) -> dict:
    return {
        "kind": d.kind,
        "web": _squash(d.web.text) if d.web else None,
        "print": _squash(d.print.text) if d.print else None,
        "context": [_context(report, "web", d), _context(report, "print", d)],
    }


def _key(fp: dict) -> str:
    return json.dumps(fp, ensure_ascii=False, sort_keys=True)


def write_baseline(run: RunReport, path: str) -> int:
    """Record every divergence that would fail a run (plus all artifacts); returns how many."""
    from jiangbei_recon.cli import write_atomically

    entries = sorted(
        {
            _key(fingerprint(r, d))
            for r in run.pairs
            for d in r.divergences
            if d.category in ("wording", "artifact") or d in r.failing()
        }
    )
    data = {"schema": SCHEMA, "entries": [json.loads(e) for e in entries]}
    write_atomically(path, json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n")
    return len(entries)


def load_baseline(path: str) -> set[str]:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        raise InputError("baseline file not found", path) from None
    except (OSError, ValueError) as exc:
        raise InputError(f"not a baseline file ({exc})", path) from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise InputError(f"not a {SCHEMA} file", path)
    return {_key(e) for e in data.get("entries", [])}


def apply_baseline(run: RunReport, accepted: set[str]) -> None:
    """Mark recorded divergences as accepted and recompute each verdict."""
    from jiangbei_recon.model import DIVERGED, NOT_A_PAIR, RECONCILED

    for r in run.pairs:
        for d in r.divergences:
            if _key(fingerprint(r, d)) in accepted:
                d.details["baseline"] = True
        if r.verdict != NOT_A_PAIR:
            r.verdict = DIVERGED if r.failing() else RECONCILED


__all__ = ["write_baseline", "load_baseline", "apply_baseline", "fingerprint"]
