"""``recon``: a thin click layer over ``jiangbei_recon.api``.

Exit codes: 0 every pair reconciled, 1 a pair diverged or a file is unpaired,
2 usage or input error (one line on stderr, nothing written to ``-o``).
"""

from __future__ import annotations

import os
import sys
import tempfile

import click

from jiangbei_recon import __version__
from jiangbei_recon.errors import ExitStatus, InputError

FORMATS = ("text", "json", "html", "github")


def write_atomically(path: str, data: str) -> None:
    """Write ``data`` to ``path`` via a temp file + rename: never a half-written report."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".recon-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(data)
        os.chmod(tmp, _file_mode(path))
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _file_mode(path: str) -> int:
    """Mode for the report: the old file's if it exists, else what ``open`` would give
    (mkstemp's private 0600 would surprise whoever reads the report next)."""
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def use_color(flag: bool | None, stream) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if flag is not None:
        return flag
    return hasattr(stream, "isatty") and stream.isatty()


class OneLineErrors(click.Command):
    """click prints usage errors as a usage block; a CI log wants one line, exit 2."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            click.echo(f"recon: error: {exc.format_message()} (see 'recon --help')", err=True)
            sys.exit(ExitStatus.INPUT_ERROR)
        except click.ClickException as exc:
            click.echo(f"recon: error: {exc.format_message()}", err=True)
            sys.exit(ExitStatus.INPUT_ERROR)
        except click.Abort:
            click.echo("recon: error: aborted", err=True)
            sys.exit(ExitStatus.INPUT_ERROR)
        sys.exit(rv if isinstance(rv, int) else 0)


@click.command(cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Report format."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the report to FILE (atomically).",
)
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour the text report (default: only on a terminal; never with NO_COLOR).",
)
@click.option("-q", "--quiet", is_flag=True, help="Text report: only the verdict line per pair.")
@click.option(
    "-v", "--verbose", is_flag=True, help="Text report: list normalization and all layout items too."
)
@click.option(
    "--fail-on",
    default="wording",
    show_default=True,
    metavar="CATEGORY_OR_KIND[,..]",
    help="Divergences that make a pair 'diverged'.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=20 * 1024 * 1024,
    show_default=True,
    help="Refuse input files larger than this.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Processes to use for many pairs.",
)
@click.option(
    "--baseline", "baseline", type=click.Path(dir_okay=False), help="Accept the divergences recorded in FILE."
)
@click.option(
    "--write-baseline",
    "write_to",
    type=click.Path(dir_okay=False),
    help="Record the current divergences in FILE.",
)
@click.version_option(__version__, prog_name="recon")
def recon(paths, fmt, output, color, quiet, verbose, fail_on, max_bytes, jobs, baseline, write_to):
    """Reconcile web (Traditional) and print (Simplified) copies of Chinese news articles.

    PATHS is a directory (pairs are found by content, sub-folders included) or
    exactly two files.
    """
    from jiangbei_recon.api import parse_fail_on, reconcile_paths

    try:
        accepted = None
        if baseline:
            from jiangbei_recon.baseline import load_baseline

            accepted = load_baseline(baseline)
        run = reconcile_paths(
            list(paths),
            fail_on=parse_fail_on(fail_on),
            max_bytes=max_bytes,
            jobs=jobs,
            progress=progress_bar(sys.stderr),
            # workers may render their pair's JSON themselves unless a baseline
            # still has to change the reports
            prerender="json" if fmt == "json" and not (baseline or write_to) else None,
        )
        if accepted is not None:
            from jiangbei_recon.baseline import apply_baseline

            apply_baseline(run, accepted)
        if write_to:
            from jiangbei_recon.baseline import apply_baseline, write_baseline

            n = write_baseline(run, write_to)
            click.echo(f"recon: recorded {n} divergence(s) in {write_to}", err=True)
            apply_baseline(run, load_baseline_set(run))
        code = run.exit_code
        colored = (
            use_color(color, sys.stdout) if not output else bool(color and not os.environ.get("NO_COLOR"))
        )
        text = render(run, fmt, color=colored, verbose=verbose, quiet=quiet)
        if output:
            write_atomically(output, text)
        else:
            # click strips escapes off a non-terminal unless told: --color means colour
            click.echo(text, nl=False, color=colored)
        if fmt == "github":
            from jiangbei_recon.report.github import write_step_summary

            write_step_summary(run)
    except InputError as exc:
        click.echo(f"recon: error: {exc}", err=True)
        sys.exit(ExitStatus.INPUT_ERROR)
    except OSError as exc:
        click.echo(f"recon: error: {exc.filename or ''}: {exc.strerror or exc}", err=True)
        sys.exit(ExitStatus.INPUT_ERROR)
    except Exception as exc:  # a bug must not pass for "diverged" (exit 1)
        if os.environ.get("RECON_DEBUG"):
            raise
        click.echo(
            f"recon: internal error: {type(exc).__name__}: {exc} (set RECON_DEBUG=1 for a traceback)",
            err=True,
        )
        sys.exit(ExitStatus.INPUT_ERROR)
    sys.exit(code)


PROGRESS_MIN_PAIRS = 5  # a bar for a run this short would only flicker


def progress_bar(stream):
    """A one-line progress bar on stderr, only when stderr is a terminal."""
    if not (hasattr(stream, "isatty") and stream.isatty()):
        return None

    def show(done: int, total: int) -> None:
        if total < PROGRESS_MIN_PAIRS:
            return
        width = 30
        filled = width * done // total
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} pairs")
        if done == total:
            stream.write("\r" + " " * (width + 30) + "\r")
        stream.flush()

    return show


def load_baseline_set(run) -> set[str]:
    """Everything just recorded: a run that writes a baseline accepts it."""
    from jiangbei_recon.baseline import _key, fingerprint

    return {_key(fingerprint(r, d)) for r in run.pairs for d in r.divergences}


def render(run, fmt: str, *, color: bool = False, verbose: bool = False, quiet: bool = False) -> str:
    if fmt == "json":
        from jiangbei_recon.report.json_report import render_json

        return render_json(run)
    if fmt == "html":
        from jiangbei_recon.report.html import render_html

        return render_html(run)
    if fmt == "github":
        from jiangbei_recon.report.github import render_github

        return render_github(run)
    from jiangbei_recon.report.text import render_text

    return render_text(run, color=color, verbose=verbose, quiet=quiet)


def main() -> None:
    recon(prog_name="recon")
