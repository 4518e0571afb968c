"""The JSON report, schema "jiangbei-recon/1" (see README, "Report format").

Keys sorted, UTF-8, no timestamps: identical input gives identical bytes.
"""

from __future__ import annotations

import json

from jiangbei_recon import __version__
from jiangbei_recon.gcpause import without_gc
from jiangbei_recon.model import Divergence, Document, PairReport, RunReport

SCHEMA = "jiangbei-recon/1"


def document_json_meta(doc: Document) -> dict:
    return {
        "path": doc.path,
        "script": doc.script,
        "encoding": doc.encoding,
        "layout": doc.layout,
        "confidence": doc.confidence,
        "reason": doc.reason,
    }


def _paragraph_json(p) -> dict:
    return {"id": p.id, "role": p.role, "lines": [p.first_line, p.last_line], "text": p.key, "raw": p.raw}


def document_json(doc: Document) -> dict:
    return {**document_json_meta(doc), "paragraphs": [_paragraph_json(p) for p in doc.paragraphs]}


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


def pair_json(r: PairReport) -> dict:
    return {
        "web": document_json(r.web),
        "print": document_json(r.print),
        "alignment": [
            {"web": g.web, "print": g.print, "score": g.score, "moved": g.moved} for g in r.alignment
        ],
        "web_only": r.web_only,
        "print_only": r.print_only,
        "divergences": [divergence_json(d) for d in r.divergences],
        "summary": r.summary,
        "verdict": r.verdict,
    }


def run_json(run: RunReport, exit_code: int | None = None) -> dict:
    return {
        "schema": SCHEMA,
        "version": __version__,
        "pairs": [pair_json(p) for p in run.pairs],
        "unpaired": run.unpaired,
        "exit_code": run.exit_code if exit_code is None else exit_code,
    }


@without_gc
def render_json(run: RunReport, exit_code: int | None = None) -> str:
    """Indented down to the lists of records; each record (a paragraph, a group, a
    divergence) on one line.  Readable and diffable, and each record goes through
    json's C encoder (``indent=`` would force the pure-Python one: 10x slower).

    Records are encoded as soon as they are built, pair by pair, so the whole
    report never exists as Python dicts at once (a book-length pair has ~10^5).
    """
    out: list[str] = ["{\n"]
    top = {
        "exit_code": run.exit_code if exit_code is None else exit_code,
        "pairs": None,
        "schema": SCHEMA,
        "unpaired": run.unpaired,
        "version": __version__,
    }
    for n, key in enumerate(sorted(top)):
        out.append(f"  {_compact(key)}: ")
        if key == "pairs":
            if not run.pairs:
                out.append("[]")
            else:
                out.append("[\n")
                for k, pair in enumerate(run.pairs):
                    out.append("    ")
                    out.append(pair.rendered.get("json") or pair_fragment(pair))
                    out.append(",\n" if k < len(run.pairs) - 1 else "\n")
                out.append("  ]")
        else:
            out.append(_compact(top[key]))
        out.append(",\n" if n < len(top) - 1 else "\n")
    out.append("}\n")
    return "".join(out)


def pair_fragment(r: PairReport) -> str:
    """One pair's part of the report, laid out at its depth in the whole."""
    out: list[str] = []
    _pretty(_encoded_pair(r), 2, out)
    return "".join(out)


class _Encoded(str):
    """A record already encoded as compact JSON."""


def _encoded_pair(r: PairReport) -> dict:
    """``pair_json`` with every record encoded on the spot (small strings, not dicts)."""
    doc = {}
    for side, d in (("web", r.web), ("print", r.print)):
        meta = document_json_meta(d)
        meta["paragraphs"] = [_Encoded(_compact(_paragraph_json(p))) for p in d.paragraphs]
        doc[side] = meta
    return {
        **doc,
        "alignment": [
            _Encoded(_compact({"web": g.web, "print": g.print, "score": g.score, "moved": g.moved}))
            for g in r.alignment
        ],
        "web_only": r.web_only,
        "print_only": r.print_only,
        "divergences": [_Encoded(_compact(divergence_json(d))) for d in r.divergences],
        "summary": r.summary,
        "verdict": r.verdict,
    }


def _compact(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))


def _pretty(obj, level: int, out: list[str], expand: bool = False) -> None:
    pad = "  " * (level + 1)
    if isinstance(obj, dict) and obj and (expand or level == 0 or _has_records(obj)):
        out.append("{\n")
        for n, key in enumerate(sorted(obj)):
            out.append(f"{pad}{_compact(key)}: ")
            _pretty(obj[key], level + 1, out, expand=key == "pairs")
            out.append(",\n" if n < len(obj) - 1 else "\n")
        out.append("  " * level + "}")
    elif isinstance(obj, list) and obj and any(isinstance(x, (dict, list, _Encoded)) for x in obj):
        out.append("[\n")
        for n, item in enumerate(obj):
            out.append(pad)
            if isinstance(item, _Encoded):
                out.append(item)
            elif expand:
                _pretty(item, level + 1, out)
            else:
                out.append(_compact(item))
            out.append(",\n" if n < len(obj) - 1 else "\n")
        out.append("  " * level + "]")
    else:
        out.append(_compact(obj))


def _has_records(obj: dict) -> bool:
    """A dict holding lists of records (a pair, a document) is laid out, not inlined."""
    return any(isinstance(v, list) and v and isinstance(v[0], (dict, _Encoded)) for v in obj.values()) or any(
        isinstance(v, dict) and _has_records(v) for v in obj.values()
    )
