"""Benchmarks for jiangbei-recon: `make bench` (or `.venv/bin/python tests/benchmarks/bench.py`).

Prints one plain-text table; writes nothing else unless ``--json FILE`` is given.

Every measurement that reports a peak RSS runs in a fresh process, so peaks never mix:
in-process library measurements run this script again as ``--worker MODE`` and report
``resource.getrusage(RUSAGE_SELF).ru_maxrss``; CLI measurements start ``recon`` directly and
read the child's own rusage from ``os.wait4`` (for ``--jobs 2`` that is the largest single
process of the tree, not the sum).  Times are medians of several repetitions.

Options: ``--quick`` (fewer repetitions, 100 pairs instead of 1,000, no 100x document),
``--json FILE`` (machine-readable results).
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(HERE)
ROOT = os.path.dirname(TESTS)
SEEDS = os.path.join(ROOT, "seeds")
PY = sys.executable
RECON = [PY, "-m", "jiangbei_recon"]
for _p in (HERE, TESTS):
    if _p not in sys.path:
        sys.path.insert(0, _p)

COLLATEX_TIMEOUT = 120.0
#: sentence tokens for CollateX: text up to and including sentence-ending punctuation
SENTENCE = re.compile(r"[^。！？!?；;]+[。！？!?；;”’」』]*|[。！？!?；;”’」』]+")


# --------------------------------------------------------------------------- helpers


def maxrss_mb(ru=None) -> float:
    ru = ru or resource.getrusage(resource.RUSAGE_SELF)
    kb = ru.ru_maxrss
    if sys.platform == "darwin":  # bytes there
        kb /= 1024
    return kb / 1024


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def run_worker(mode: str, args: dict, timeout: float | None = None) -> dict:
    """Run ``bench.py --worker MODE`` in a fresh interpreter; its last stdout line is JSON."""
    cmd = [PY, os.path.abspath(__file__), "--worker", mode, json.dumps(args)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"timeout": True}
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        return {"error": " | ".join(tail) or f"exit {proc.returncode}"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_process(cmd: list[str], stdout_path: str | None = None, env=None) -> tuple[float, float, int]:
    """(wall seconds, peak RSS MB of the child (tree max), exit code) of one new process."""
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    try:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL, cwd=ROOT, env=env)
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped: keep Popen quiet
    finally:
        if stdout_path:
            out.close()
    return wall, maxrss_mb(ru), proc.returncode


def fmt_time(s) -> str:
    if s is None or s != s:
        return "-"
    if s < 1:
        return f"{s * 1000:.1f} ms"
    return f"{s:.2f} s"


def fmt_mb(mb) -> str:
    return "-" if mb is None else f"{mb:.0f} MB"


# --------------------------------------------------------------------------- generated inputs


def _pairgen():
    """``tests/pairgen.make_pair`` if importable and working, else None."""
    try:
        from pairgen import make_pair

        g = make_pair(0)
        assert g.web_text and g.print_text
        return make_pair
    except Exception:
        return None


def long_pair(make_pair, mult: int, base_scale: int) -> tuple[str, str, str]:
    """(web text, print text, source) about ``mult`` times the seed pair."""
    if make_pair is not None:
        try:
            g = make_pair(
                1000 + mult,
                scale=base_scale * mult,
                move_section=True,
                column_breaks=2 * mult,
                annotations=0.3,
                mojibake=2 * mult,
            )
            return g.web_text, g.print_text, f"pairgen scale={base_scale * mult}"
        except Exception:
            pass
    from fallback_pairs import long_pair as fallback

    w, p = fallback(mult)
    return w, p, f"seed x{mult} (tagged)"


def small_pair(make_pair, i: int) -> tuple[str, str]:
    if make_pair is not None:
        try:
            g = make_pair(
                i,
                move_section=i % 2 == 0,
                column_breaks=i % 3,
                annotations=0.2 if i % 4 == 0 else 0.0,
                mojibake=1 if i % 5 == 0 else 0,
            )
            return g.web_text, g.print_text
        except Exception:
            pass
    from fallback_pairs import small_pair as fallback

    return fallback(i)


def write_text(path: str, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


# --------------------------------------------------------------------------- workers (fresh process)


def _load_pair(web_path: str, print_path: str):
    from jiangbei_recon.load import load_document
    from jiangbei_recon.model import WEB

    a, b = load_document(web_path), load_document(print_path)
    return (a, b) if a.side == WEB or b.side != WEB else (b, a)


def worker_warm(a: dict) -> dict:
    import_rss = maxrss_mb()
    from jiangbei_recon.api import reconcile_paths, reconcile_texts

    after_import = maxrss_mb()
    with open(a["web"], encoding="utf-8") as f1, open(a["print"], encoding="utf-8") as f2:
        wt, pt = f1.read(), f2.read()
    for _ in range(a["warmup"]):
        run = reconcile_paths([a["web"], a["print"]])
    paths, texts = [], []
    for _ in range(a["reps"]):
        t0 = time.perf_counter()
        run = reconcile_paths([a["web"], a["print"]])
        paths.append(time.perf_counter() - t0)
    for _ in range(a["reps"]):
        t0 = time.perf_counter()
        reconcile_texts(wt, pt, a["web"], a["print"])
        texts.append(time.perf_counter() - t0)
    return {
        "paths": paths,
        "texts": texts,
        "verdict": run.pairs[0].verdict,
        "rss_start": import_rss,
        "rss_import": after_import,
        "maxrss": maxrss_mb(),
    }


def worker_stages(a: dict) -> dict:
    import jiangbei_recon.load as load_mod
    import jiangbei_recon.load.printseg as printseg_mod
    from jiangbei_recon.align import align
    from jiangbei_recon.classify import classify
    from jiangbei_recon.load.decode import decode_bytes, read_bytes
    from jiangbei_recon.model import WEB, PairReport, RunReport
    from jiangbei_recon.report.json_report import render_json
    from jiangbei_recon.report.text import render_text

    acc = {"detect": 0.0, "normalize": 0.0}

    def timed(name, fn):
        def wrapper(*args, **kw):
            t0 = time.perf_counter()
            try:
                return fn(*args, **kw)
            finally:
                acc[name] += time.perf_counter() - t0

        return wrapper

    # load/__init__._build calls these module globals: time them from inside
    load_mod.detect_side = timed("detect", load_mod.detect_side)
    load_mod.normalize = timed("normalize", load_mod.normalize)
    printseg_mod.normalize = timed("normalize", printseg_mod.normalize)

    stages = {
        k: []
        for k in (
            "decode",
            "detect",
            "segment",
            "normalize",
            "align",
            "classify",
            "render_json",
            "render_text",
        )
    }
    total = []
    for rep in range(a["warmup"] + a["reps"]):
        t = {}
        t0 = time.perf_counter()
        decoded = [decode_bytes(read_bytes(p), p) for p in (a["web"], a["print"])]
        t["decode"] = time.perf_counter() - t0
        acc["detect"] = acc["normalize"] = 0.0
        t0 = time.perf_counter()
        docs = [
            load_mod._build(p, d.text, d.lines, d.encoding) for p, d in zip((a["web"], a["print"]), decoded)
        ]
        build = time.perf_counter() - t0
        t["detect"], t["normalize"] = acc["detect"], acc["normalize"]
        t["segment"] = build - acc["detect"] - acc["normalize"]
        web, prn = docs if docs[0].side == WEB else docs[::-1]
        t0 = time.perf_counter()
        alignment = align(web, prn)
        t["align"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        divergences = classify(web, prn, alignment)
        t["classify"] = time.perf_counter() - t0
        report = PairReport(
            web, prn, alignment.groups, alignment.web_only, alignment.print_only, divergences, "reconciled"
        )
        run = RunReport([report], [])
        t0 = time.perf_counter()
        js = render_json(run)
        t["render_json"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        tx = render_text(run)
        t["render_text"] = time.perf_counter() - t0
        if rep >= a["warmup"]:
            for k, v in t.items():
                stages[k].append(v)
            total.append(sum(t.values()))
    return {"stages": stages, "total": total, "json_bytes": len(js.encode()), "text_bytes": len(tx.encode())}


def worker_pipeline(a: dict) -> dict:
    """load both files + reconcile_documents + render_json, ``reps`` times (long documents)."""
    from jiangbei_recon.api import reconcile_documents
    from jiangbei_recon.model import RunReport
    from jiangbei_recon.report.json_report import render_json

    rss_import = maxrss_mb()
    times, load_t, recon_t, render_t = [], [], [], []
    report = None
    for rep in range(a["warmup"] + a["reps"]):
        report = web = prn = None  # the last rep's report must not live on into this one's peak
        t0 = time.perf_counter()
        web, prn = _load_pair(a["web"], a["print"])
        t1 = time.perf_counter()
        report = reconcile_documents(web, prn)
        t2 = time.perf_counter()
        render_json(RunReport([report], []))
        t3 = time.perf_counter()
        if rep >= a["warmup"]:
            times.append(t3 - t0)
            load_t.append(t1 - t0)
            recon_t.append(t2 - t1)
            render_t.append(t3 - t2)
    return {
        "times": times,
        "load": load_t,
        "reconcile": recon_t,
        "render": render_t,
        "verdict": report.verdict,
        "web_pars": len(report.web.paragraphs),
        "print_pars": len(report.print.paragraphs),
        "divergences": len(report.divergences),
        "rss_import": rss_import,
        "maxrss": maxrss_mb(),
    }


def _keys(doc) -> list[str]:
    from jiangbei_recon.model import CHROME_ROLES

    return [p.key for p in doc.paragraphs if p.role not in CHROME_ROLES]


def worker_compare(a: dict) -> dict:
    """difflib.SequenceMatcher vs the tool's aligner, both on the tool's normalized keys."""
    import difflib

    from jiangbei_recon.align import align
    from jiangbei_recon.model import CHROME_ROLES

    web, prn = _load_pair(a["web"], a["print"])
    wkeys, pkeys = "".join(_keys(web)), "".join(_keys(prn))
    dl_times, covered = [], 0
    for _ in range(a["reps"]):
        t0 = time.perf_counter()
        sm = difflib.SequenceMatcher(None, wkeys, pkeys, autojunk=False)
        blocks = sm.get_matching_blocks()
        dl_times.append(time.perf_counter() - t0)
        covered = sum(b.size for b in blocks)
    al_times, share_print, aligned_share = [], 0.0, 0.0
    for _ in range(a["reps"]):
        web, prn = _load_pair(a["web"], a["print"])  # align settles segmentation in place
        t0 = time.perf_counter()
        alignment = align(web, prn)
        al_times.append(time.perf_counter() - t0)
        in_groups = {pid for g in alignment.groups for pid in g.print}
        pars = [p for p in prn.paragraphs if p.role not in CHROME_ROLES]
        total = sum(len(p.key) for p in pars)
        share_print = sum(len(p.key) for p in pars if p.id in in_groups) / total if total else 0.0
        aligned_share = alignment.aligned_share
    return {
        "difflib_times": dl_times,
        "difflib_covered": covered / len(pkeys) if pkeys else 0.0,
        "print_chars": len(pkeys),
        "web_chars": len(wkeys),
        "align_times": al_times,
        "tool_print_share": share_print,
        "tool_aligned_share": aligned_share,
    }


def worker_collatex(a: dict) -> dict:
    from collatex import Collation, collate

    web, prn = _load_pair(a["web"], a["print"])
    wtext, ptext = "".join(_keys(web)), "".join(_keys(prn))
    if a["mode"] == "char":
        wtok, ptok = list(wtext), list(ptext)
    else:
        wtok, ptok = SENTENCE.findall(wtext), SENTENCE.findall(ptext)
    col = Collation()
    col.add_witness({"id": "web", "tokens": [{"t": t} for t in wtok]})
    col.add_witness({"id": "print", "tokens": [{"t": t} for t in ptok]})
    t0 = time.perf_counter()
    table = json.loads(collate(col, output="json", segmentation=False))
    elapsed = time.perf_counter() - t0
    rows = dict(zip(table["witnesses"], table["table"]))
    matched = 0
    for wcell, pcell in zip(rows["web"], rows["print"]):
        if wcell and pcell:
            wt = "".join(t["t"] for t in wcell)
            pt = "".join(t["t"] for t in pcell)
            if wt == pt:
                matched += len(pt)
    return {
        "time": elapsed,
        "tokens": [len(wtok), len(ptok)],
        "print_share": matched / len(ptext) if ptext else 0.0,
        "maxrss": maxrss_mb(),
    }


def worker_setup(a: dict) -> dict:
    """Seed paths (told apart by content), pairgen availability and the scale of a 1x pair."""
    from fallback_pairs import seed_texts

    web, prn, web_text, print_text = seed_texts()
    make_pair = _pairgen()
    base_scale = 1
    if make_pair is not None:
        base_scale = max(1, round(len(print_text) / len(make_pair(1000).print_text)))
    return {
        "web": web,
        "print": prn,
        "chars": [len(web_text), len(print_text)],
        "pairgen": make_pair is not None,
        "base_scale": base_scale,
    }


def worker_gen_long(a: dict) -> dict:
    make_pair = _pairgen() if a["pairgen"] else None
    w, p, source = long_pair(make_pair, a["mult"], a["base_scale"])
    write_text(a["web"], w)
    write_text(a["print"], p)
    return {"chars": [len(w), len(p)], "source": source}


def worker_gen_many(a: dict) -> dict:
    make_pair = _pairgen() if a["pairgen"] else None
    rng = random.Random(7)
    chars = 0
    for i in range(a["n"]):
        w, p = small_pair(make_pair, i)
        chars += len(w) + len(p)
        for text in (w, p):
            write_text(os.path.join(a["dir"], f"{rng.getrandbits(48):012x}.txt"), text)
    return {"chars": chars}


def worker_summarize(a: dict) -> dict:
    with open(a["path"], encoding="utf-8") as fh:
        data = json.load(fh)
    verdicts: dict[str, int] = {}
    for pr in data["pairs"]:
        verdicts[pr["verdict"]] = verdicts.get(pr["verdict"], 0) + 1
    return {"pairs": len(data["pairs"]), "unpaired": len(data["unpaired"]), "verdicts": verdicts}


WORKERS = {
    "setup": worker_setup,
    "gen-long": worker_gen_long,
    "gen-many": worker_gen_many,
    "summarize": worker_summarize,
    "warm": worker_warm,
    "stages": worker_stages,
    "pipeline": worker_pipeline,
    "compare": worker_compare,
    "collatex": worker_collatex,
}


# --------------------------------------------------------------------------- the benchmarks


class Table:
    def __init__(self):
        self.rows: list[dict] = []

    def add(self, name, time_s=None, target=None, ok=None, rss=None, note="", **extra):
        row = {"name": name, "time_s": time_s, "target": target, "ok": ok, "rss_mb": rss, "note": note}
        row.update(extra)
        self.rows.append(row)
        return row

    def section(self, title):
        self.rows.append({"section": title})

    def render(self) -> str:
        head = ("benchmark", "time", "target", "peak RSS", "notes")
        body: list[tuple | str] = []
        for r in self.rows:
            if "section" in r:
                body.append(r["section"])
                continue
            t = r.get("time_text") or fmt_time(r["time_s"])
            target = r["target"] or ""
            if r["ok"] is not None and target:
                target += "  ok" if r["ok"] else "  MISS"
            body.append(("  " + r["name"], t, target, fmt_mb(r["rss_mb"]) if r["rss_mb"] else "", r["note"]))
        cells = [head] + [b for b in body if isinstance(b, tuple)]
        widths = [max(len(row[i]) for row in cells) for i in range(4)]
        fmt = "  ".join(f"{{:{w}}}" for w in widths) + "  {}"
        lines = [fmt.format(*head).rstrip(), "-" * (sum(widths) + 2 * 4 + 40)]
        for b in body:
            lines.append(b if isinstance(b, str) else fmt.format(*b).rstrip())
        return "\n".join(lines)


def bench_seed(table: Table, web: str, prn: str, quick: bool, results: dict) -> None:
    table.section("1. seed pair, in-process, warm (library)")
    reps = 10 if quick else 30
    r = run_worker("warm", {"web": web, "print": prn, "reps": reps, "warmup": 3})
    results["warm"] = r
    if "error" in r:
        table.add("reconcile_paths(two files)", note="error: " + r["error"])
        return
    t = median(r["paths"])
    table.add(
        "reconcile_paths([web, print])",
        t,
        "< 50 ms",
        t < 0.050,
        r["maxrss"],
        f"median of {reps} after 3 warm-up; verdict {r['verdict']}; RSS after imports {r['rss_import']:.0f} MB",
    )
    table.add(
        "reconcile_texts(web, print)",
        median(r["texts"]),
        note="texts in memory: no pairing signatures, no file I/O",
    )


def bench_stages(table: Table, web: str, prn: str, quick: bool, results: dict) -> None:
    table.section("2. per-stage breakdown, seed pair (median per stage)")
    reps = 10 if quick else 30
    r = run_worker("stages", {"web": web, "print": prn, "reps": reps, "warmup": 3})
    results["stages"] = r
    if "error" in r:
        table.add("stages", note="error: " + r["error"])
        return
    total = median(r["total"])
    labels = {
        "decode": "decode (read + decode_bytes, x2)",
        "detect": "detect_side (x2)",
        "segment": "segment (Web/PrintSegmenter, x2)",
        "normalize": "normalize (keys, x2)",
        "align": "align",
        "classify": "classify",
        "render_json": "render_json",
        "render_text": "render_text",
    }
    for k, label in labels.items():
        m = median(r["stages"][k])
        note = f"{100 * m / total:.0f}% of total"
        if k == "render_json":
            note += f"; {r['json_bytes'] // 1024} KiB"
        if k == "render_text":
            note += f"; {r['text_bytes'] // 1024} KiB"
        table.add(label, m, note=note)
    table.add("total (sum of stages)", total, note=f"median of {reps} per-rep sums")


def bench_cli(table: Table, quick: bool, results: dict) -> None:
    table.section("3. cold CLI (new process each run)")
    n = 5
    recon_bin = os.path.join(os.path.dirname(PY), "recon")
    cmd = [recon_bin] if os.path.exists(recon_bin) else RECON
    run_process(cmd + ["seeds/", "--format", "json"])  # file cache warm; not counted
    walls, rss, codes = [], [], []
    for _ in range(n):
        w, m, c = run_process(cmd + ["seeds/", "--format", "json"])
        walls.append(w)
        rss.append(m)
        codes.append(c)
    t = median(walls)
    results["cli"] = {"walls": walls, "rss": rss, "exit_codes": codes}
    table.add(
        "recon seeds/ --format json",
        t,
        "< 0.5 s",
        t < 0.5,
        max(rss),
        f"median of {n}; exit {sorted(set(codes))}",
    )
    # import time: python -c "import X" minus python -c pass, and -X importtime
    base = [run_process([PY, "-c", "pass"])[0] for _ in range(n)]
    for module in ("jiangbei_recon.cli", "jiangbei_recon.api"):
        walls = [run_process([PY, "-c", f"import {module}"])[0] for _ in range(n)]
        cum = []
        for _ in range(n):
            proc = subprocess.run(
                [PY, "-X", "importtime", "-c", f"import {module}"], capture_output=True, text=True, cwd=ROOT
            )
            cum.append(_importtime_top(proc.stderr, module))
        diff = median(walls) - median(base)
        results.setdefault("imports", {})[module] = {"walls": walls, "base": base, "importtime_us": cum}
        extra = " (+ opencc, rapidfuzz)" if module.endswith("api") else " (click; api is lazy)"
        table.add(
            f"import {module}",
            diff,
            note=f"wall minus `python -c pass` ({fmt_time(median(base))}); "
            f"-X importtime top-level cumulative {median(cum) / 1000:.1f} ms{extra}",
        )


def _importtime_top(stderr: str, module: str) -> float:
    """Sum of cumulative µs of the top-level entries ``import module`` caused.

    ``-X importtime`` prints one line per module, children indented under their parent;
    top-level lines (no indentation) after interpreter start-up are the ones this import caused.
    """
    rows = []
    for line in stderr.splitlines():
        m = re.match(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|( *)(\S+)", line)
        if m:
            rows.append((int(m.group(2)), len(m.group(3)), m.group(4)))
    # the start-up imports (site, encodings...) come first; ours start at the first line
    # belonging to the requested package's tree
    top = module.split(".")[0]
    start = 0
    for i, (_, _, name) in enumerate(rows):
        if name == top or name.startswith(top + "."):
            # walk back to the first line of this top-level entry's subtree
            j = i
            while j > 0 and rows[j - 1][1] > 1:
                j -= 1
            start = j
            break
    return float(sum(cum for cum, indent, _ in rows[start:] if indent <= 1))


def bench_long(table: Table, setup: dict, quick: bool, tmp: str, results: dict) -> None:
    table.section("4. long documents (fresh process per size: load x2 + reconcile_documents + render_json)")
    base_scale = setup["base_scale"]
    sizes = (1, 10) if quick else (1, 10, 100)
    reps = {1: 5 if quick else 15, 10: 3 if quick else 5, 100: 3}
    got = {}
    for mult in sizes:
        d = os.path.join(tmp, f"long{mult}")
        os.makedirs(d)
        wp, pp = os.path.join(d, "web.txt"), os.path.join(d, "print.txt")
        gen = run_worker(
            "gen-long",
            {
                "pairgen": setup["pairgen"],
                "mult": mult,
                "base_scale": base_scale,
                "web": wp,
                "print": pp,
            },
        )
        if "error" in gen:
            table.add(f"{mult}x", note="generator error: " + gen["error"])
            continue
        r = run_worker(
            "pipeline", {"web": wp, "print": pp, "reps": reps[mult], "warmup": 1 if mult < 100 else 0}
        )
        r.update(gen)
        results.setdefault("long", {})[f"{mult}x"] = r
        if "error" in r or "timeout" in r:
            table.add(f"{mult}x", note="error: " + r.get("error", "timeout"))
            continue
        t = median(r["times"])
        got[mult] = t
        table.add(
            f"{mult}x seed size",
            t,
            "RSS < 500MB",
            r["maxrss"] < 500,
            r["maxrss"],
            f"{r['source']}: {r['chars'][0] // 1000}k+{r['chars'][1] // 1000}k chars, "
            f"{r['web_pars']}+{r['print_pars']} pars; load {fmt_time(median(r['load']))}, "
            f"align+classify {fmt_time(median(r['reconcile']))}, json {fmt_time(median(r['render']))}; "
            f"{r['verdict']}; median of {reps[mult]}",
        )
    if 1 in got and 10 in got:
        table.add("t(10x)/t(1x)", time_text=f"{got[10] / got[1]:.1f}x", note="linear would be 10x")
    if 1 in got and 100 in got:
        ratio = got[100] / got[1]
        results["long_ratio_100"] = ratio
        table.add(
            "t(100x)/t(1x)",
            time_text=f"{ratio:.1f}x",
            target="<= 150x",
            ok=ratio <= 150,
            note="linear would be 100x",
        )


def bench_many(table: Table, setup: dict, quick: bool, tmp: str, results: dict) -> None:
    n = 100 if quick else 1000
    table.section(f"5. many pairs: {n} generated small pairs in one folder, CLI")
    d = os.path.join(tmp, "many")
    os.makedirs(d)
    gen = run_worker("gen-many", {"pairgen": setup["pairgen"], "n": n, "dir": d})
    if "error" in gen:
        table.add("generate pairs", note="error: " + gen["error"])
        return
    chars = gen["chars"]
    outs = {}
    for jobs in (1, 2):
        out = outs[jobs] = os.path.join(tmp, f"many-j{jobs}.json")
        wall, rss, code = run_process(RECON + [d, "--format", "json", "--jobs", str(jobs)], out)
        info = {"wall": wall, "rss": rss, "exit": code, "bytes": os.path.getsize(out)}
        summary = run_worker("summarize", {"path": out})
        if "error" in summary:
            note = f"exit {code}; output not a JSON report ({info['bytes']} bytes)"
        else:
            info.update(summary)
            note = (
                f"{info['pairs']} pairs found, {info['unpaired']} unpaired; "
                + ", ".join(f"{v} {k}" for k, v in sorted(info["verdicts"].items()))
                + f"; exit {code}; {1000 * wall / n:.1f} ms/pair"
            )
        results.setdefault("many", {})[f"jobs{jobs}"] = info
        table.add(f"recon DIR --format json --jobs {jobs}", wall, rss=rss, note=note + "; single run")
    m = results["many"]
    same = filecmp.cmp(outs[1], outs[2], shallow=False)
    results["many"].update(n=n, chars=chars, identical=same, speedup=m["jobs1"]["wall"] / m["jobs2"]["wall"])
    table.add(
        "speed-up jobs 2 vs 1",
        time_text=f"{results['many']['speedup']:.2f}x",
        note=f"outputs byte-identical: {'yes' if same else 'NO'} ({m['jobs1']['bytes'] // 1024 // 1024} MiB); "
        f"{os.cpu_count()} CPUs; inputs {chars // 1000}k chars",
    )


def bench_compare(table: Table, web: str, prn: str, quick: bool, results: dict) -> None:
    table.section("6. comparison on the same normalized keys (seed pair; % = print key chars matched)")
    r = run_worker("compare", {"web": web, "print": prn, "reps": 3 if quick else 5})
    results["compare"] = r
    if "error" in r:
        table.add("compare", note="error: " + r["error"])
        return
    table.add(
        "difflib.SequenceMatcher(autojunk=False)",
        median(r["difflib_times"]),
        note=f"{100 * r['difflib_covered']:.1f}% aligned (matching blocks; "
        f"{r['web_chars']}+{r['print_chars']} chars, order-preserving)",
    )
    table.add(
        "jiangbei_recon align()",
        median(r["align_times"]),
        note=f"{100 * r['tool_print_share']:.1f}% aligned (print chars in aligned groups; "
        f"aligned_share {100 * r['tool_aligned_share']:.1f}% = min over sides, body only)",
    )
    try:
        import collatex  # noqa: F401
    except ImportError:
        table.add("CollateX", note="skipped: collatex not installed (pip install collatex Levenshtein)")
        return
    modes = ["sentence"] if quick else ["sentence", "char"]
    for mode in modes:
        r = run_worker("collatex", {"web": web, "print": prn, "mode": mode}, timeout=COLLATEX_TIMEOUT)
        results.setdefault("collatex", {})[mode] = r
        label = f"CollateX, {mode} tokens"
        if r.get("timeout"):
            table.add(label, time_text=f"timeout >{COLLATEX_TIMEOUT:.0f} s", note="killed (subprocess limit)")
        elif "error" in r:
            table.add(label, note="error: " + r["error"])
        else:
            table.add(
                label,
                r["time"],
                rss=r["maxrss"],
                note=f"{100 * r['print_share']:.1f}% aligned (exactly equal tokens in a column; "
                f"{r['tokens'][0]}+{r['tokens'][1]} tokens)",
            )
    if quick:
        table.add("CollateX, char tokens", note="skipped in --quick (quadratic: ~2 min or timeout)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer repetitions, 100 pairs, no 100x document")
    ap.add_argument("--json", metavar="FILE", help="also write machine-readable results to FILE")
    ap.add_argument("--worker", nargs=2, metavar=("MODE", "ARGS"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        mode, payload = args.worker
        print(json.dumps(WORKERS[mode](json.loads(payload))))
        return 0

    t_start = time.perf_counter()
    load_start = os.getloadavg()[0]
    from jiangbei_recon import __version__

    setup = run_worker("setup", {})
    if "error" in setup:
        print(f"bench: setup failed: {setup['error']}", file=sys.stderr)
        return 2
    web, prn = setup["web"], setup["print"]
    results: dict = {
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "version": __version__,
        "quick": args.quick,
        "generator": "tests/pairgen.py" if setup["pairgen"] else "fallback (seed-derived)",
        "seed_chars": setup["chars"],
        "base_scale": setup["base_scale"],
    }
    table = Table()
    tmp = tempfile.mkdtemp(prefix="recon-bench-")
    try:
        bench_seed(table, web, prn, args.quick, results)
        bench_stages(table, web, prn, args.quick, results)
        bench_cli(table, args.quick, results)
        bench_long(table, setup, args.quick, tmp, results)
        bench_many(table, setup, args.quick, tmp, results)
        bench_compare(table, web, prn, args.quick, results)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    results["elapsed_s"] = time.perf_counter() - t_start
    results["parent_maxrss_mb"] = maxrss_mb()
    results["loadavg_start"] = load_start
    results["rows"] = [r for r in table.rows if "section" not in r]

    header = (
        f"jiangbei-recon {__version__} benchmarks{' (--quick)' if args.quick else ''}\n"
        f"CPUs: {os.cpu_count()}  Python: {platform.python_implementation()} {platform.python_version()}  "
        f"platform: {platform.platform()}\n"
        f"seed pair: {os.path.relpath(web, ROOT)} (web), {os.path.relpath(prn, ROOT)} (print); "
        f"generated inputs: {results['generator']}\n"
        f"load average at start {load_start:.2f} (anything else running skews the times); bench parent peak "
        f"RSS {results['parent_maxrss_mb']:.0f} MB (a child's peak RSS cannot read below it: Linux keeps "
        f"ru_maxrss across fork+exec)\n"
    )
    print(header)
    print(table.render())
    print(f"\ntotal bench time {results['elapsed_s']:.0f} s")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(results, fh, ensure_ascii=False, indent=2, sort_keys=True)
            fh.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
