"""The loader: a file becomes a ``Document`` (a role-tagged paragraph stream).

decode (bytes -> text, which side is which) -> segment (paragraphs with roles
and line ranges) -> normalize (comparison key with an offset map).
"""

from __future__ import annotations

from jiangbei_recon.gcpause import without_gc
from jiangbei_recon.load.decode import DEFAULT_MAX_BYTES, decode_bytes, read_bytes
from jiangbei_recon.load.detect import WRAPPED, detect_side
from jiangbei_recon.load.normalize import normalize
from jiangbei_recon.load.printseg import PrintSegmenter
from jiangbei_recon.load.web import WebSegmenter
from jiangbei_recon.model import WEB, Document

__all__ = ["load_document", "load_text", "DEFAULT_MAX_BYTES"]


def load_document(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    data = read_bytes(path, max_bytes)
    decoded = decode_bytes(data, path)
    return _build(path, decoded.text, decoded.lines, decoded.encoding)


def load_text(text: str, path: str = "<memory>", encoding: str = "utf-8") -> Document:
    """Load already-decoded text (tests, notebooks)."""
    from jiangbei_recon.load.decode import _LINE_END

    lines = _LINE_END.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return _build(path, text, lines, encoding)


@without_gc
def _build(path: str, text: str, lines: list[str], encoding: str) -> Document:
    ev = detect_side(text, lines)
    if ev.layout == WRAPPED:
        prefix = "w" if ev.side == WEB else "p"
        paragraphs = PrintSegmenter(side=ev.side, prefix=prefix).segment(lines)
    else:
        paragraphs = WebSegmenter().segment(lines)
        for p in paragraphs:
            p.side = ev.side
            if ev.side != WEB:
                p.id = "p" + p.id[1:]
            norm = normalize(p.raw)
            p.key, p.key_map, p.annotations = norm.key, norm.key_map, norm.annotations
    return Document(
        path=path,
        side=ev.side,
        script=ev.script,
        encoding=encoding,
        layout=ev.layout,
        confidence=ev.confidence,
        reason=ev.reason,
        lines=lines,
        paragraphs=paragraphs,
    )
