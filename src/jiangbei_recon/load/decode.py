"""Bytes -> text: pick the encoding, split lines, refuse what is not Chinese text.

Order of trust: a BOM (UTF-8, UTF-16 LE/BE) decides; else strict UTF-8; else
the first of GB18030 and Big5 that decodes strictly and yields mostly CJK.
A UTF-8 file with a handful of bad bytes inside otherwise valid text is kept
(bad bytes become U+FFFD, which the classifier treats as corruption evidence);
anything else undecodable is an ``InputError`` naming the byte offset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jiangbei_recon.errors import InputError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
_LINE_END = re.compile(r"\r\n|\r|\n")
#: at most this share of a UTF-8 file may be bad bytes and still count as corruption
MAX_BAD_UTF8_SHARE = 0.001
MAX_BAD_UTF8 = 16


@dataclass
class DecodedText:
    text: str
    encoding: str
    lines: list[str]


CJK_RUN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\U00020000-\U0003134f]")


def cjk_count(text: str) -> int:
    return len(CJK_RUN.findall(text))


def is_cjk(c: str) -> bool:
    if len(c) != 1:
        return False
    o = ord(c)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x20000 <= o <= 0x3134F or 0xF900 <= o <= 0xFAFF


def read_bytes(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    try:
        with open(path, "rb") as fh:  # read-only: inputs are never written
            data = fh.read(max_bytes + 1)
    except IsADirectoryError:
        raise InputError("is a directory, expected a file", path) from None
    except FileNotFoundError:
        raise InputError("no such file", path) from None
    except PermissionError:
        raise InputError("permission denied (cannot read)", path) from None
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})", path) from None
    if len(data) > max_bytes:
        raise InputError(f"larger than the limit of {max_bytes} bytes (see --max-bytes)", path)
    return data


def _bad_utf8_offsets(data: bytes) -> list[int]:
    bad: list[int] = []
    pos = 0
    while pos < len(data) and len(bad) <= MAX_BAD_UTF8:
        try:
            data[pos:].decode("utf-8")
            break
        except UnicodeDecodeError as exc:
            bad.append(pos + exc.start)
            pos = pos + exc.end
    return bad


def decode_bytes(data: bytes, path: str) -> DecodedText:
    if not data.strip():
        raise InputError("empty file", path)
    encoding = None
    text = None
    if data.startswith(b"\xef\xbb\xbf"):
        encoding, body = "utf-8-sig", data[3:]
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"invalid UTF-8 at byte {exc.start + 3}", path) from None
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"invalid UTF-16 at byte {exc.start}", path) from None
    else:
        if b"\x00" in data:
            nul = data.index(b"\x00")
            raise InputError(f"binary file (NUL byte at offset {nul})", path)
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as first:
            text, encoding = _decode_legacy(data)
            if text is None:
                bad = _bad_utf8_offsets(data)
                if len(bad) <= min(MAX_BAD_UTF8, max(1, int(len(data) * MAX_BAD_UTF8_SHARE))):
                    text, encoding = data.decode("utf-8", errors="replace"), "utf-8"
                else:
                    raise InputError(
                        f"not UTF-8, GB18030 or Big5 text (undecodable byte at offset {first.start})", path
                    ) from None
    if "\x00" in text:
        raise InputError("binary file (NUL character in text)", path)
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\r\n\t\f\v")
    if controls > max(4, len(text) // 100):
        raise InputError("binary file (control characters)", path)
    if cjk_count(text) < 8:
        raise InputError("no Chinese text found", path)
    lines = _LINE_END.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return DecodedText(text, encoding, lines)


def _decode_legacy(data: bytes) -> tuple[str | None, str | None]:
    best: tuple[float, str, str] | None = None
    for enc in ("gb18030", "big5"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        visible = [c for c in text if not c.isspace()]
        share = cjk_count(text) / max(1, len(visible))
        if best is None or share > best[0]:
            best = (share, text, enc)
    if best is None or best[0] < 0.3:
        return None, None
    return best[1], best[2]
