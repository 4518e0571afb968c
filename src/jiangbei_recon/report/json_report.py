"""The JSON report, schema "jiangbei-recon/1" (see README, "Report format").

Keys sorted, UTF-8, no timestamps: identical input gives identical bytes.
"""

from __future__ import annotations

import json

from jiangbei_recon import __version__
from jiangbei_recon.gcpause import without_gc
from jiangbei_recon.model import Divergence, Document, PairReport, RunReport

SCHEMA = "jiangbei-recon/1"


def _same(record: dict) -> dict:
    return record


def document_json(doc: Document, record=_same) -> dict:
    return {
        "path": doc.path,
        "script": doc.script,
        "encoding": doc.encoding,
        "layout": doc.layout,
        "confidence": doc.confidence,
        "reason": doc.reason,
        "paragraphs": [
            record(
                {
                    "id": p.id,
                    "role": p.role,
                    "lines": [p.first_line, p.last_line],
                    "text": p.key,
                    "raw": p.raw,
                }
            )
            for p in doc.paragraphs
        ],
    }


def divergence_json(d: Divergence) -> dict:
    out = {
        "kind": d.kind,
        "category": d.category,
        "web": d.web.to_json() if d.web else None,
        "print": d.print.to_json() if d.print else None,
        "explanation": d.explanation,
    }
    if d.details.get("baseline"):
        out["baseline"] = True
    if d.kind == "mojibake":
        out.update(
            {
                "repaired": d.details["repaired"],
                "evidence": d.details["evidence"],
                "confidence": d.details["confidence"],
            }
        )
    return out


def pair_json(r: PairReport, record=_same) -> dict:
    """One pair as a dict; ``record`` is applied to each record (paragraph, group,
    divergence) - ``render_json`` uses it to encode them as they are built."""
    return {
        "web": document_json(r.web, record),
        "print": document_json(r.print, record),
        "alignment": [
            record({"web": g.web, "print": g.print, "score": g.score, "moved": g.moved}) for g in r.alignment
        ],
        "web_only": r.web_only,
        "print_only": r.print_only,
        "divergences": [record(divergence_json(d)) for d in r.divergences],
        "summary": r.summary,
        "verdict": r.verdict,
    }


def _top(run: RunReport, exit_code: int | None, pairs: list) -> dict:
    return {
        "schema": SCHEMA,
        "version": __version__,
        "pairs": pairs,
        "unpaired": run.unpaired,
        "exit_code": run.exit_code if exit_code is None else exit_code,
    }


def run_json(run: RunReport, exit_code: int | None = None) -> dict:
    """The whole report as a dict (for a notebook; the CLI renders it as it goes)."""
    return _top(run, exit_code, [pair_json(p) for p in run.pairs])


@without_gc
def render_json(run: RunReport, exit_code: int | None = None) -> str:
    """Indented down to the lists of records; each record (a paragraph, a group, a
    divergence) on one line.  Readable and diffable, and each record goes through
    json's C encoder (``indent=`` would force the pure-Python one: 10x slower).

    Records are encoded as soon as they are built, pair by pair, so the whole
    report never exists as Python dicts at once (a book-length pair has ~10^5).
    A pair a ``--jobs`` worker rendered already comes as text.
    """
    pairs = [_Encoded(pair.rendered.get("json") or pair_fragment(pair)) for pair in run.pairs]
    out: list[str] = []
    _pretty(_top(run, exit_code, pairs), 0, out)
    return "".join(out) + "\n"


def pair_fragment(r: PairReport) -> str:
    """One pair's part of the report, laid out at its depth in the whole."""
    out: list[str] = []
    _pretty(pair_json(r, record=_encode), 2, out)
    return "".join(out)


class _Encoded(str):
    """A record (or a pair) already encoded as JSON text."""


def _encode(record: dict) -> _Encoded:
    return _Encoded(_compact(record))


def _compact(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))


def _pretty(obj, level: int, out: list[str]) -> None:
    """Dicts holding record lists (and the top level) laid out a key per line, record
    lists an item per line, everything else compact."""
    pad = "  " * (level + 1)
    if isinstance(obj, dict) and obj and (level == 0 or _has_records(obj)):
        out.append("{\n")
        for n, key in enumerate(sorted(obj)):
            out.append(f"{pad}{_compact(key)}: ")
            _pretty(obj[key], level + 1, out)
            out.append(",\n" if n < len(obj) - 1 else "\n")
        out.append("  " * level + "}")
    elif _is_records(obj):
        out.append("[\n")
        for n, item in enumerate(obj):
            out.append(pad + item)
            out.append(",\n" if n < len(obj) - 1 else "\n")
        out.append("  " * level + "]")
    else:
        out.append(_compact(obj))


def _is_records(obj) -> bool:
    return isinstance(obj, list) and bool(obj) and isinstance(obj[0], _Encoded)


def _has_records(obj: dict) -> bool:
    """A dict holding lists of records (a pair, a document) is laid out, not inlined."""
    return any(_is_records(v) or (isinstance(v, dict) and _has_records(v)) for v in obj.values())
