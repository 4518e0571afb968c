"""WebSegmenter: one paragraph per line, and a role for every line.

Roles come from general cues, never from a list of one site's words:

* **body** – a line with sentence punctuation and some length;
* the *head* (lines before the first body line):
  - **chrome**: breadcrumbs and share bars (``>>``, ``|``), and every line
    glued to a chrome line without a blank between (site name, font-size link);
  - **dateline**: a date (``2022年03月21日``) with a time, a ``|`` or a source;
  - **title**: the longest remaining line;
  - **summary-label**: a very short line right before the first body line;
  - **caption**: other short lines (a photo caption above the article);
* the *tail* (after the last body line): **byline** (space-separated names,
  or a bracketed ``(…:…)`` editor line) and **chrome** (links);
* between body lines, short unpunctuated lines: **heading** when they look
  like body-indented section openers (same indentation as body text, or two
  phrases split by a space), **caption** otherwise.

The aligner may still correct a display role once it sees the other copy
(a "chrome" line with a print twin is content).
"""

from __future__ import annotations

from jiangbei_recon.load.cues import (
    DATE,
    TIME,
    cjk_len,
    ends_sentence,
    has_heading_gap,
    has_sentence_punct,
    indent_of,
)
from jiangbei_recon.model import (
    BODY,
    BYLINE,
    CAPTION,
    CHROME,
    DATELINE,
    HEADING,
    SUMMARY_LABEL,
    TITLE,
    WEB,
    Paragraph,
)

LABEL_MAX = 6  # a summary label is a word or two: 核心提示, 导读, 摘要
SEPARATORS = (">>", "»", "|", "｜", ">")


def is_body_line(text: str) -> bool:
    t = text.strip()
    return cjk_len(t) >= 6 and (ends_sentence(t) or (has_sentence_punct(t) and cjk_len(t) >= 30))


def is_separator_line(text: str) -> bool:
    return any(sep in text for sep in SEPARATORS)


def is_dateline(text: str) -> bool:
    t = text.strip()
    return (
        bool(DATE.search(t))
        and (bool(TIME.search(t)) or "|" in t or "｜" in t or cjk_len(t) <= 30)
        and not ends_sentence(t)
    )


def is_byline(text: str) -> bool:
    t = text.strip()
    if (
        t.startswith(("(", "（", "[", "【"))
        and t.endswith((")", "）", "]", "】"))
        and (":" in t or "：" in t)
    ):
        return True
    tokens = t.split()
    return len(tokens) >= 2 and all(1 <= cjk_len(tok) <= 4 for tok in tokens[:-1])


class WebSegmenter:
    """Segment a line-per-paragraph file into role-tagged paragraphs."""

    def segment(self, lines: list[str]) -> list[Paragraph]:
        items = [(i + 1, ln) for i, ln in enumerate(lines) if ln.strip()]
        if not items:
            return []
        roles: dict[int, tuple[str, str]] = {}
        body_idx = [k for k, (_, ln) in enumerate(items) if is_body_line(ln)]
        if not body_idx:
            for no, _ln in items:
                roles[no] = (BODY, "no body line found: every line is text")
            return self._build(items, roles)
        first, last = body_idx[0], body_idx[-1]
        body_lines = [items[k][1] for k in body_idx]
        indented_share = sum(1 for ln in body_lines if indent_of(ln) > 0) / len(body_lines)
        body_indented = indented_share >= 0.7

        for k in body_idx:
            roles[items[k][0]] = (BODY, "sentence punctuation")
        self._head(items[:first], items[first][0], roles, body_indented)
        self._tail(items[last + 1 :], roles)
        for k in range(first + 1, last):
            no, ln = items[k]
            if no in roles:
                continue
            t = ln.strip()
            if is_separator_line(t) and not has_sentence_punct(t):
                roles[no] = (CHROME, "separator between body lines")
            elif body_indented:
                if indent_of(ln) > 0:
                    roles[no] = (HEADING, "unpunctuated, indented like body text")
                else:
                    roles[no] = (CAPTION, "unpunctuated, not indented like body text")
            elif has_heading_gap(t) or cjk_len(t) >= 14:
                roles[no] = (HEADING, "unpunctuated, two phrases or long")
            else:
                roles[no] = (CAPTION, "short unpunctuated line between body paragraphs")
        return self._build(items, roles)

    def _head(self, head, first_body_line, roles, body_indented) -> None:
        chrome_lines: set[int] = set()
        for no, ln in head:
            t = ln.strip()
            if is_dateline(t):
                roles[no] = (DATELINE, "date and time or source")
                chrome_lines.add(no)
            elif is_separator_line(t):
                roles[no] = (CHROME, "breadcrumb or link separators")
                chrome_lines.add(no)
        # lines glued (no blank line between) to chrome are chrome too
        changed = True
        while changed:
            changed = False
            for no, ln in head:
                if no not in chrome_lines and ({no - 1, no + 1} & chrome_lines) and not ends_sentence(ln):
                    roles[no] = (CHROME, "glued to a chrome line")
                    chrome_lines.add(no)
                    changed = True
        rest = [(no, ln) for no, ln in head if no not in roles]
        title_no = None
        if rest:
            title_no = max(rest, key=lambda it: (cjk_len(it[1]), -it[0]))[0]
            if cjk_len(dict(rest)[title_no]) >= 6:
                roles[title_no] = (TITLE, "longest line above the body")
            else:
                title_no = None
        for no, ln in rest:
            if no in roles:
                continue
            t = ln.strip()
            if title_no is not None and no < title_no:
                roles[no] = (CHROME, "above the title")
            elif (
                cjk_len(t) <= LABEL_MAX
                and self._next_is(head, no, first_body_line)
                and (not body_indented or indent_of(ln) > 0)
            ):
                roles[no] = (SUMMARY_LABEL, "short line right before the first body paragraph")
            elif body_indented and indent_of(ln) > 0:
                roles[no] = (HEADING, "indented like body text above the body")
            else:
                roles[no] = (CAPTION, "short line above the body")

    @staticmethod
    def _next_is(head, no, first_body_line) -> bool:
        later = [n for n, _ in head if n > no]
        return not later

    def _tail(self, tail, roles) -> None:
        for no, ln in tail:
            t = ln.strip()
            roles[no] = (
                (BYLINE, "names or editor line after the body")
                if is_byline(t)
                else (
                    CHROME,
                    "link or notice after the body",
                )
            )

    def _build(self, items, roles) -> list[Paragraph]:
        pars = []
        for k, (no, ln) in enumerate(items):
            role, why = roles.get(no, (BODY, "default"))
            pars.append(
                Paragraph(
                    id=f"w{k + 1}",
                    side=WEB,
                    role=role,
                    first_line=no,
                    last_line=no,
                    raw=ln,
                    indent=indent_of(ln) > 0,
                    role_reason=why,
                )
            )
        return pars
