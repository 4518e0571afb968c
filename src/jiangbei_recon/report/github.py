"""GitHub Actions output: workflow-command annotations and a step summary.

``render_github`` prints one ``::error`` per divergence that fails its pair
(and per unpaired file or not-a-pair), then one ``::warning`` per artifact or
telling layout divergence (mojibake, moved block, relocated heading …), most
important first: GitHub shows only 10 annotations of each type per step, so
the first ten must be the ones a reviewer needs.  Normalization noise is
counted in the closing line, never annotated.

Values are escaped as the runner expects (``%``, CR, LF in messages; also
``:`` and ``,`` in properties), so text from the files cannot forge a command.

``write_step_summary`` appends a Markdown table of every pair to the file named
by ``$GITHUB_STEP_SUMMARY`` when that variable is set.
"""

from __future__ import annotations

import os

from jiangbei_recon.model import ARTIFACT, CATEGORIES, LAYOUT, NOT_A_PAIR, Divergence, PairReport, RunReport

#: layout kinds worth a warning (the rest — column breaks, chrome, spacing — are routine)
WARN_LAYOUT = frozenset(
    {"moved", "split", "merge", "heading-relocated", "caption-relocated", "title-relocated"}
)


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def command(
    level: str, message: str, *, file: str | None = None, lines=None, title: str | None = None
) -> str:
    props = []
    if file is not None:
        props.append(f"file={escape_property(file)}")
    if lines is not None:
        props.append(f"line={lines[0]}")
        props.append(f"endLine={lines[1]}")
    if title is not None:
        props.append(f"title={escape_property(title)}")
    head = f"::{level} {','.join(props)}" if props else f"::{level}"
    return f"{head}::{escape_data(message)}"


def _located(r: PairReport, d: Divergence) -> tuple[str, tuple[int, int], str]:
    """(file, lines, 'other side' text) for an annotation: the web side when it has one."""
    if d.web is not None:
        other = f" (print {r.print.path}:{d.print.lines[0]})" if d.print is not None else ""
        return r.web.path, d.web.lines, other
    assert d.print is not None
    return r.print.path, d.print.lines, ""


def _message(r: PairReport, d: Divergence) -> str:
    file, lines, other = _located(r, d)
    text = d.explanation + other
    if d.web is not None and d.print is not None and d.kind not in WARN_LAYOUT:
        text += f"\nweb: {d.web.text}\nprint: {d.print.text}"
    return text


def annotations(run: RunReport) -> list[str]:
    errors: list[str] = []
    warnings: list[str] = []
    for r in run.pairs:
        if r.verdict == NOT_A_PAIR:
            errors.append(
                command(
                    "error",
                    f"{r.web.path} and {r.print.path} share too little text to be copies of one article",
                    file=r.web.path,
                    title="recon: not a pair",
                )
            )
            continue
        failing = {id(d) for d in r.failing()}
        for d in r.divergences:  # already sorted most important first
            file, lines, _ = _located(r, d)
            title = f"recon: {d.kind}"
            if id(d) in failing:
                errors.append(command("error", _message(r, d), file=file, lines=lines, title=title))
            elif d.category == ARTIFACT or (d.category == LAYOUT and d.kind in WARN_LAYOUT):
                warnings.append(command("warning", _message(r, d), file=file, lines=lines, title=title))
    for path in run.unpaired:
        errors.append(
            command("error", f"{path} pairs with no other file", file=path, title="recon: unpaired")
        )
    return errors + warnings


def render_github(run: RunReport) -> str:
    lines = annotations(run)
    bad = sum(1 for r in run.pairs if r.verdict != "reconciled")
    lines.append(
        f"recon: {len(run.pairs)} pair(s), {len(run.pairs) - bad} reconciled, {bad} not; "
        f"{len(run.unpaired)} unpaired file(s)"
    )
    return "\n".join(lines) + "\n"


def _cell(s: str) -> str:
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def step_summary(run: RunReport) -> str:
    """A Markdown table of every pair: verdict and counts per category."""
    head = "| web copy | print copy | verdict | " + " | ".join(CATEGORIES) + " |"
    rule = "|" + "---|" * (3 + len(CATEGORIES))
    rows = [f"### recon: {len(run.pairs)} pair(s)", "", head, rule]
    for r in run.pairs:
        counts = r.by_category()
        rows.append(
            f"| `{_cell(r.web.path)}` | `{_cell(r.print.path)}` | **{r.verdict}** | "
            + " | ".join(str(sum(counts[c].values())) for c in CATEGORIES)
            + " |"
        )
    for path in run.unpaired:
        rows.append(f"| `{_cell(path)}` | — | **unpaired** | " + " | ".join("" for _ in CATEGORIES) + " |")
    return "\n".join(rows) + "\n\n"


def write_step_summary(run: RunReport) -> None:
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    with open(target, "a", encoding="utf-8") as fh:
        fh.write(step_summary(run))
