"""Explain a corrupted web span by reproducing the corruption from the print text.

The web copies we see were made by converting Simplified text to Traditional,
gluing pinyin after some characters, encoding in a GB code page, and losing (or
gaining) one byte somewhere; the decoder then skipped what it could not read.
Every character after the lost byte pairs with the wrong neighbour until an
ASCII byte (often the ``(`` of an annotation) puts it back in step.

Having the other copy makes a repair *provable*: re-encode the aligned print
text the same way, drop or add one byte at each position, decode, and see
whether the web span comes out.  Evidence, strongest first:

1. ``byte-shift``: a shifted decoding reproduces the corrupted characters;
2. ``annotation``: a pinyin reading glued inside the span is the reading of a
   print character there (``F(xiàn)`` where print reads 现);
3. ``suspicious``: characters clean text here does not contain (private-use
   code points, U+FFFD, stray ASCII letters or ``?``/``^`` between CJK,
   Simplified-only or rare characters in a Traditional copy).

(1) or (2) give confidence ``proven``; (3) alone gives ``suspected``; none
means the difference is a real wording edit.  Cost: O(L^2) for a span of L
bytes (L is capped), so O(1) per divergence.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

from jiangbei_recon.load.decode import is_cjk
from jiangbei_recon.load.normalize import AMBIGUOUS_FOLD, ANNOTATION, converter

MAX_SPAN = 48  # characters: longer spans are not searched for a byte shift
ENCODINGS = ("gb18030", "big5")


def _skip_one(exc: UnicodeDecodeError):
    # resume one byte later, like the decoder that made these files
    return ("", exc.start + 1)


codecs.register_error("jiangbei-skip1", _skip_one)


@dataclass
class Explanation:
    confidence: str | None  # "proven" | "suspected" | None
    evidence: list[str] = field(default_factory=list)
    reproduced: str = ""
    #: clean CJK characters of the span that the best shifted decoding does not
    #: produce: a real edit sitting inside or next to the corruption
    unexplained: list[str] = field(default_factory=list)

    @property
    def is_mojibake(self) -> bool:
        return self.confidence is not None


def _clean_table() -> dict[int, int | None]:
    table: dict[int, int | None] = {o: None for o in range(0xE000, 0xF900)}  # private use
    table.update({o: o - 0xFEE0 for o in range(0xFF01, 0xFF5F)})  # full width -> ASCII
    for c in " \t\n\r\f\v\u00a0\u3000\u200b\ufeff\ufffd":
        table[ord(c)] = None
    return table


_CLEAN = _clean_table()


def _clean(text: str) -> str:
    """What a byte-shifted decoding looks like after the site's clean-up (one C-level pass)."""
    return text.translate(_CLEAN)


def annotate(text: str, readings: dict[str, str]) -> str:
    return "".join(c + (f"({readings[c]})" if c in readings else "") for c in text)


def shifted_decodings(text: str, encoding: str):
    """Every decoding of ``text`` with one byte dropped or doubled."""
    try:
        data = text.encode(encoding, errors="replace")
    except LookupError:  # pragma: no cover
        return
    for i in range(len(data)):
        yield "drop", i, data[:i] + data[i + 1 :]
        yield "add", i, data[: i + 1] + data[i:]


def convert_in_context(config: str, text: str, pad: tuple[str, str]) -> str:
    """``text`` converted as it reads inside ``pad`` (OpenCC phrase rules look past a
    short window: 后托 alone gives 後托, inside 课后托管 it gives 後託)."""
    conv = converter(config)
    whole = pad[0] + text + pad[1]
    out = conv.convert(whole)
    if len(out) == len(whole):
        return out[len(pad[0]) : len(out) - len(pad[1])]
    return conv.convert(text)


def place_web_annotations(trad: str, web_text: str, readings: dict[str, str]) -> str:
    """``trad`` annotated as the web copy would be, also with readings seen only
    here: the text after an annotation is back in step with the print text, so it
    shows where the annotation stood, even when the character it names is corrupted
    and annotated nowhere else in the file."""
    after_reading = {k: readings[c] for k, c in enumerate(trad) if c in readings}
    for m in ANNOTATION.finditer(web_text):
        follow = "".join(c for c in web_text[m.end() : m.end() + 6] if is_cjk(c))[:2]
        if not follow:
            continue
        k = trad.find(follow)
        if k > 0 and trad.find(follow, k + 1) < 0 and k - 1 not in after_reading:
            after_reading[k - 1] = "".join(m.group(1).split())
    return "".join(c + (f"({after_reading[k]})" if k in after_reading else "") for k, c in enumerate(trad))


def in_web_vocabulary(simplified: str, converted: str, vocabulary: frozenset[str]) -> str:
    """``converted`` with each character put back to its Simplified form where the web
    copy itself writes it that way (its converter left 范 alone but wrote 為 for 为):
    the web copy's own usage is the best guess for the text that was corrupted."""
    if len(simplified) != len(converted):
        return converted
    return "".join(
        s if s != t and s in vocabulary and t not in vocabulary else t
        for s, t in zip(simplified, converted, strict=True)
    )


def reproduce(
    print_text: str,
    web_text: str,
    readings: dict[str, str],
    pad: tuple[str, str] = ("", ""),
    vocabulary: frozenset[str] = frozenset(),
) -> tuple[int, str, str]:
    """Best (number of web characters reproduced, decoded text, how) over all shifts.

    ``pad`` is print text around ``print_text``, used only to convert it right;
    ``vocabulary`` the characters of the web copy (which conversion it used).
    """
    from rapidfuzz.distance import Indel

    target = _clean(web_text)
    # the Traditional text the site may have had: OpenCC s2t, s2tw, and s2tw with the
    # web copy's own usage; each plain and annotated as the web copy annotates
    tw = convert_in_context("s2tw", print_text, pad)
    scripts = [convert_in_context("s2t", print_text, pad), tw]
    if vocabulary:
        scripts.append(in_web_vocabulary(print_text, tw, vocabulary))
    forms = [
        form
        for text in scripts
        for form in (annotate(text, readings), place_web_annotations(text, web_text, readings), text)
    ]
    forms.append(print_text)
    best = (0, "", "")
    seen: set[str] = set()
    for form in forms:
        if form in seen:
            continue
        seen.add(form)
        for enc in ENCODINGS:
            for op, pos, data in shifted_decodings(form, enc):
                decoded = _clean(data.decode(enc, errors="jiangbei-skip1"))
                if decoded == target:
                    return (
                        len(target),
                        decoded,
                        f"{enc}, one byte {'dropped' if op == 'drop' else 'added'} at {pos}",
                    )
                matched = sum(b.size for b in _blocks(Indel, decoded, target))
                if matched > best[0]:
                    best = (
                        matched,
                        decoded,
                        f"{enc}, one byte {'dropped' if op == 'drop' else 'added'} at {pos}",
                    )
    return best


def _unexplained(decoded: str, target: str, lo: int, hi: int) -> list[str]:
    """Characters of target[lo:hi] that the decoding does not reproduce."""
    from rapidfuzz.distance import Indel

    covered = set()
    for blk in _blocks(Indel, decoded, target):
        covered.update(range(blk.b, blk.b + blk.size))
    return [target[k] for k in range(lo, hi) if k not in covered]


def _blocks(Indel, a: str, b: str):
    return [blk for blk in Indel.opcodes(a, b).as_matching_blocks() if blk.size]


def suspicious_chars(web_text: str) -> list[str]:
    """Characters that clean Traditional text does not contain, with a reason each."""
    out = []
    chars = ANNOTATION.sub("", web_text)
    for k, c in enumerate(chars):
        o = ord(c)
        prev = chars[k - 1] if k else ""
        nxt = chars[k + 1] if k + 1 < len(chars) else ""
        near_cjk = is_cjk(prev) or is_cjk(nxt)
        if 0xE000 <= o <= 0xF8FF:
            out.append(f"private-use U+{o:04X}")
        elif c == "\ufffd":
            out.append("replacement character U+FFFD")
        elif c.isascii() and c.isalpha() and near_cjk:
            out.append(f"stray ASCII letter {c!r} between CJK")
        elif c in "?^" and near_cjk and nxt not in "”」'\"":
            out.append(f"{c!r} between CJK")
    return out


def weak_signals(web_text: str) -> list[str]:
    out = []
    chars = ANNOTATION.sub("", web_text)
    s2t = converter("s2t")
    for c in chars:
        if not is_cjk(c) or c in AMBIGUOUS_FOLD.values():
            continue
        if s2t.convert(c) != c:
            out.append(f"Simplified-only {c} in Traditional text")
        else:
            try:
                c.encode("gb2312")
            except UnicodeEncodeError:
                if converter("t2s").convert(c) == c:
                    out.append(f"rare character {c}")
    return out


def explain_span(
    web_span: str,
    print_span: str,
    *,
    web_context: tuple[str, str] = ("", ""),
    print_context: tuple[str, str] = ("", ""),
    print_pad: tuple[str, str] = ("", ""),
    readings: dict[str, str] | None = None,
    vocabulary: frozenset[str] = frozenset(),
) -> Explanation:
    """Is ``web_span`` (raw web text) a corruption of ``print_span`` (raw print text)?

    Contexts are the few characters on each side, which a shifted byte reaches.
    ``print_pad`` is more print text beyond the context, only for converting it;
    ``vocabulary`` the characters the web copy uses (which script conversion it had).
    ``readings`` maps Traditional characters to the pinyin the web copy glues
    after them (learned from the web copy itself).
    """
    readings = readings or {}
    evidence: list[str] = []
    confidence = None
    reproduced = ""
    web_core = _clean(ANNOTATION.sub("", web_span))
    print_core = _clean(print_span)
    if web_core and len(print_core) <= MAX_SPAN:
        full_web = web_context[0] + web_span + web_context[1]
        # the print copy's line breaks were never in the corrupted byte stream
        full_print = "".join(c for c in print_context[0] + print_span + print_context[1] if not c.isspace())
        pad = tuple("".join(c for c in t if not c.isspace()) for t in print_pad)
        matched, decoded, how = reproduce(full_print, full_web, readings, pad, vocabulary)
        target = _clean(full_web)
        lo = len(_clean(web_context[0]))
        hi = lo + len(_clean(web_span))
        unexplained = _unexplained(decoded, target, lo, hi)
        clean_left = [c for c in unexplained if is_cjk(c)] if matched >= 3 else []
        inside = (hi - lo) - len(unexplained)
        exact = decoded == target
        # a partial reproduction counts only when what it leaves unexplained is not clean text
        # a partial reproduction must produce most of the span itself, not just its
        # context, and leave no clean CJK character unexplained (that would be an edit)
        if exact or (matched >= 3 and hi - lo >= 2 and inside >= 0.6 * (hi - lo) and not clean_left):
            evidence.append(f"byte-shift reproduction ({how}): {decoded}")
            confidence = "proven"
            reproduced = decoded
    # annotation readings inside the span
    trad_print = converter("s2t").convert(print_span)
    print_readings = {readings[c] for c in trad_print if c in readings}
    for m in ANNOTATION.finditer(web_span):
        reading = m.group(1)
        owner = web_span[m.start() - 1] if m.start() else ""
        if reading in print_readings and owner not in trad_print:
            evidence.append(f"annotation ({reading}) on corrupted {owner!r} is the reading of the print text")
            confidence = "proven"
    if confidence is None:
        strong = suspicious_chars(web_span)
        weak = weak_signals(web_span)
        if strong or len(weak) >= 2:
            evidence.extend(strong + weak)
            confidence = "suspected"
    return Explanation(
        confidence, evidence, reproduced, clean_left if web_core and len(print_core) <= MAX_SPAN else []
    )


def learn_readings(annotations) -> dict[str, str]:
    """Character -> reading from the web copy's own annotations on CJK characters."""
    seen: dict[str, dict[str, int]] = {}
    for a in annotations:
        if a.char and is_cjk(a.char):
            seen.setdefault(a.char, {}).setdefault(a.reading, 0)
            seen[a.char][a.reading] += 1
    return {c: max(sorted(r), key=lambda x: r[x]) for c, r in sorted(seen.items())}
