"""Library API: what the CLI calls, and what a notebook can call.

>>> from jiangbei_recon.api import reconcile_paths
>>> run = reconcile_paths(["seeds/"])          # doctest: +SKIP
>>> run.pairs[0].verdict                       # doctest: +SKIP
'reconciled'
"""

from __future__ import annotations

from jiangbei_recon.align import NOT_A_PAIR_SHARE, align
from jiangbei_recon.classify import classify
from jiangbei_recon.gcpause import without_gc
from jiangbei_recon.load import DEFAULT_MAX_BYTES, load_document, load_text
from jiangbei_recon.model import (
    CATEGORIES,
    DIVERGED,
    KINDS,
    NOT_A_PAIR,
    RECONCILED,
    WEB,
    Document,
    PairReport,
    RunReport,
)

DEFAULT_FAIL_ON = ("wording",)
#: within a category, kinds in the order of ``KINDS`` (most telling first: moved before column-break)
KIND_ORDER = {k: i for i, k in enumerate(KINDS)}


def parse_fail_on(spec: str | None) -> tuple[str, ...]:
    from jiangbei_recon.errors import InputError

    if not spec:
        return DEFAULT_FAIL_ON
    items = tuple(sorted({s.strip() for s in spec.split(",") if s.strip()}))
    unknown = [s for s in items if s not in KINDS and s not in CATEGORIES]
    if unknown:
        raise InputError(f"--fail-on: unknown category or kind {', '.join(unknown)}")
    return items


@without_gc
def reconcile_documents(web: Document, prn: Document, *, fail_on=DEFAULT_FAIL_ON) -> PairReport:
    """Align and classify two loaded documents (``web`` must be the web copy)."""
    alignment = align(web, prn)
    if alignment.aligned_share < NOT_A_PAIR_SHARE:
        return PairReport(web, prn, [], [], [], [], NOT_A_PAIR, tuple(fail_on))
    divergences = classify(web, prn, alignment)
    divergences.sort(key=_order_key)
    report = PairReport(
        web,
        prn,
        alignment.groups,
        alignment.web_only,
        alignment.print_only,
        divergences,
        RECONCILED,
        tuple(fail_on),
    )
    report.verdict = DIVERGED if report.failing() else RECONCILED
    return report


def _order_key(d):
    side = d.web or d.print
    other = d.print or d.web
    return (
        CATEGORIES.index(d.category),
        KIND_ORDER[d.kind],
        side.lines[0] if side else 0,
        side.offsets[0] if side else 0,
        other.lines[0] if other else 0,
        other.offsets[0] if other else 0,
    )


def reconcile_texts(
    web_text: str,
    print_text: str,
    web_path: str = "web.txt",
    print_path: str = "print.txt",
    fail_on=DEFAULT_FAIL_ON,
) -> PairReport:
    """Reconcile two texts already in memory (tests, notebooks)."""
    a, b = load_text(web_text, web_path), load_text(print_text, print_path)
    web, prn = (a, b) if a.side == WEB or b.side != WEB else (b, a)
    return reconcile_documents(web, prn, fail_on=fail_on)


def reconcile_paths(
    paths: list[str],
    *,
    fail_on=DEFAULT_FAIL_ON,
    max_bytes: int = DEFAULT_MAX_BYTES,
    jobs: int = 1,
    progress=None,
    prerender: str | None = None,
) -> RunReport:
    """Reconcile two files, or every pair found in the given directories.

    ``progress``, when given, is called as ``progress(done, total)`` after each pair.
    ``prerender="json"`` (with ``jobs > 1``) has each worker render its pair's part
    of the JSON report and send back only that and the verdict: the parent's serial
    share shrinks to joining strings.  Such reports serve ``render_json`` only.
    """
    from jiangbei_recon.pairing import discover

    plan = discover(paths, max_bytes=max_bytes, jobs=jobs)
    if plan.loaded:  # the one pair of two files, loaded while telling the sides apart
        ((web_path, print_path),) = plan.pairs
        reports = [reconcile_documents(plan.loaded[web_path], plan.loaded[print_path], fail_on=fail_on)]
    else:
        reports = _run_pairs(plan.pairs, fail_on, max_bytes, jobs, progress, prerender)
    return RunReport(reports, plan.unpaired)


def _one(args) -> PairReport:
    web_path, print_path, fail_on, max_bytes = args
    return reconcile_documents(
        load_document(web_path, max_bytes=max_bytes),
        load_document(print_path, max_bytes=max_bytes),
        fail_on=fail_on,
    )


def _one_for_parent(args) -> PairReport:
    """``_one`` in a worker process: the report travels back pickled, so drop what
    only the pipeline needed (file lines, per-character offset maps) - they are
    most of its bytes, and unpickling them in the parent is serial work.  With
    ``prerender``, render the pair here and send back little more than that."""
    *pair_args, prerender = args
    report = _one(tuple(pair_args))
    if prerender == "json":
        from jiangbei_recon.report.json_report import pair_fragment

        report.rendered["json"] = pair_fragment(report)
        report.alignment, report.divergences = [], []
        for doc in (report.web, report.print):
            doc.paragraphs = []
    for doc in (report.web, report.print):
        doc.lines = []
        for p in doc.paragraphs:
            p.key_map = []
    return report


def _run_pairs(pairs, fail_on, max_bytes, jobs, progress=None, prerender=None) -> list[PairReport]:
    """Reports in the order of ``pairs`` whatever ``jobs`` is (pool.map keeps order)."""
    work = [(w, p, fail_on, max_bytes) for w, p in pairs]
    out: list[PairReport] = []
    if jobs > 1 and len(work) > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=jobs) as pool:
            chunk = max(1, len(work) // (jobs * 8))
            for report in pool.map(_one_for_parent, [(*w, prerender) for w in work], chunksize=chunk):
                out.append(report)
                if progress:
                    progress(len(out), len(work))
        return out
    for w in work:
        out.append(_one(w))
        if progress:
            progress(len(out), len(work))
    return out


__all__ = [
    "reconcile_paths",
    "reconcile_documents",
    "reconcile_texts",
    "load_document",
    "DIVERGED",
    "RECONCILED",
    "NOT_A_PAIR",
]
