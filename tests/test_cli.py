"""The CLI through click's CliRunner: formats, flags, exit codes 0/1/2."""

import hashlib
import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from helpers import ROOT, SEEDS, copy_seeds, read, seed_paths
from jiangbei_recon.cli import recon


def run(*args, env=None):
    return CliRunner().invoke(recon, list(args), env=env or {}, catch_exceptions=False)


def test_seed_directory_reconciles():
    res = run(SEEDS)
    assert res.exit_code == 0, res.output
    assert "RECONCILED" in res.stdout and "mojibake" in res.stdout


def test_two_files_any_order_and_options_after_paths():
    web, prn = seed_paths()
    a = run(prn, web, "--format", "json")
    b = run("--format", "json", web, prn)
    assert a.exit_code == b.exit_code == 0
    assert json.loads(a.stdout)["pairs"][0]["web"]["path"] == web
    assert a.stdout == b.stdout


def test_json_contract():
    res = run(SEEDS, "--format", "json")
    doc = json.loads(res.stdout)
    assert doc["schema"] == "jiangbei-recon/1" and doc["exit_code"] == 0 and doc["unpaired"] == []
    pair = doc["pairs"][0]
    assert set(pair) == {
        "web",
        "print",
        "alignment",
        "web_only",
        "print_only",
        "divergences",
        "summary",
        "verdict",
    }
    assert pair["web"]["script"] == "traditional" and pair["print"]["script"] == "simplified"
    for side in ("web", "print"):
        pars = pair[side]["paragraphs"]
        assert [p["id"] for p in pars] == [f"{side[0]}{i + 1}" for i in range(len(pars))]
        lines = [n for p in pars for n in range(p["lines"][0], p["lines"][1] + 1)]
        assert len(lines) == len(set(lines)), "paragraphs never share a line"
    for g in pair["alignment"]:
        assert 0.0 <= g["score"] <= 1.0 and isinstance(g["moved"], bool)
    by_id = {p["id"]: p for s in ("web", "print") for p in pair[s]["paragraphs"]}
    for d in pair["divergences"]:
        assert set(d) >= {"kind", "category", "web", "print", "explanation"}
        for side in ("web", "print"):
            s = d[side]
            if s is None:
                continue
            raw = by_id[s["paragraph"]]["raw"]
            assert raw[s["offsets"][0] : s["offsets"][1]] == s["text"]
            par_lines = by_id[s["paragraph"]]["lines"]
            if d["kind"] != "moved":
                assert par_lines[0] <= s["lines"][0] <= s["lines"][1] <= par_lines[1]
    assert sum(pair["summary"].values()) == len(pair["divergences"])


def test_json_is_byte_identical_across_hash_seeds():
    outs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        outs.append(
            subprocess.run(
                [sys.executable, "-m", "jiangbei_recon", "seeds/", "--format", "json"],
                cwd=ROOT,
                env=env,
                capture_output=True,
                check=False,
            ).stdout
        )
    assert outs[0] == outs[1] and outs[0]


def test_injected_edit_exits_1(tmp_path):
    web, prn = copy_seeds(str(tmp_path))
    text = read(prn)
    i = text.index("，", 200)
    with open(prn, "w", encoding="utf-8") as fh:
        fh.write(text[: i - 1] + "鑫" + text[i:])
    res = run(str(tmp_path))
    assert res.exit_code == 1 and "DIVERGED" in res.stdout and "wording" in res.stdout


def test_quiet_prints_one_line_per_pair():
    res = run(SEEDS, "--quiet")
    assert res.stdout.strip().count("\n") == 0 and res.stdout.startswith("RECONCILED")


def test_no_color_env_and_flag():
    assert "\x1b[" in run(SEEDS, "--color").stdout
    assert "\x1b[" not in run(SEEDS, "--color", env={"NO_COLOR": "1"}).stdout
    assert "\x1b[" not in run(SEEDS).stdout  # not a terminal


def test_output_file_written_atomically(tmp_path):
    out = tmp_path / "r.json"
    res = run(SEEDS, "--format", "json", "-o", str(out))
    assert res.exit_code == 0 and res.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["schema"] == "jiangbei-recon/1"
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]


def test_output_untouched_on_error(tmp_path):
    out = tmp_path / "r.json"
    out.write_text("old", encoding="utf-8")
    res = run(str(tmp_path / "missing"), "-o", str(out))
    assert res.exit_code == 2 and out.read_text(encoding="utf-8") == "old"


def _error(args):
    res = CliRunner().invoke(recon, args)
    assert res.exit_code == 2, res.output
    assert res.stderr.count("\n") == 1 and "Traceback" not in res.stderr
    return res.stderr


def test_input_errors_exit_2(tmp_path):
    assert "no such file" in _error([str(tmp_path / "nope")])
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "at least two" in _error([str(empty)])
    one = tmp_path / "one"
    one.mkdir()
    web, prn = seed_paths()
    (one / "a.txt").write_bytes(open(web, "rb").read())
    assert "at least two" in _error([str(one)])
    e = tmp_path / "e.txt"
    e.write_bytes(b"")
    assert "empty file" in _error([str(e), web])
    b = tmp_path / "b.txt"
    b.write_bytes(b"\x00\x01\x02PNG" * 50)
    assert "binary" in _error([str(b), web])
    assert "both files look like web copies" in _error([web, str(one / "a.txt")])
    assert "exactly two files" in _error([web])
    big = _error([web, prn, "--max-bytes", "100"])
    assert "larger than the limit" in big


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read anything")
def test_unreadable_file(tmp_path):
    web, prn = copy_seeds(str(tmp_path))
    os.chmod(web, 0)
    assert "permission denied" in _error([web, prn])


def test_inputs_never_modified(tmp_path):
    web, prn = copy_seeds(str(tmp_path))
    before = [hashlib.sha256(open(p, "rb").read()).hexdigest() for p in (web, prn)]
    run(str(tmp_path), "--format", "json", "-o", str(tmp_path / "out.json"))
    after = [hashlib.sha256(open(p, "rb").read()).hexdigest() for p in (web, prn)]
    assert before == after


def test_fail_on_changes_verdict():
    res = run(SEEDS, "--fail-on", "wording,mojibake", "--quiet")
    assert res.exit_code == 1 and res.stdout.startswith("DIVERGED")
    assert "unknown category" in _error([SEEDS, "--fail-on", "nonsense"])


def test_unpaired_file_makes_exit_1(tmp_path):
    copy_seeds(str(tmp_path))
    (tmp_path / "stray.txt").write_text(
        "天气预报说明天有雨，请大家出门带伞，注意交通安全。\n" * 5, encoding="utf-8"
    )
    res = run(str(tmp_path), "--format", "json")
    doc = json.loads(res.stdout)
    assert res.exit_code == 1 and doc["unpaired"] == [str(tmp_path / "stray.txt")]


def test_python_dash_m_and_version():
    out = subprocess.run(
        [sys.executable, "-m", "jiangbei_recon", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.startswith("recon, version")


def test_baseline_round_trip(tmp_path):
    pair = tmp_path / "pair"
    web, prn = copy_seeds(str(pair))
    text = read(prn)
    i = text.index("，", 300)
    with open(prn, "w", encoding="utf-8") as fh:
        fh.write(text[: i - 1] + "鑫" + text[i:])
    base = tmp_path / "baseline.json"
    assert run(str(pair)).exit_code == 1
    res = run(str(pair), "--write-baseline", str(base))
    assert res.exit_code == 0 and base.exists()
    assert run(str(pair), "--baseline", str(base)).exit_code == 0
    # an unrelated edit elsewhere shifts lines but keeps the accepted one accepted ...
    text = read(prn)
    with open(prn, "w", encoding="utf-8") as fh:
        fh.write("\n\n" + text)
    assert run(str(pair), "--baseline", str(base)).exit_code == 0
    # ... and a new edit still fails
    j = text.index("，", 1500)
    with open(prn, "w", encoding="utf-8") as fh:
        fh.write(text[: j - 1] + "淼" + text[j:])
    res = run(str(pair), "--baseline", str(base), "--format", "json")
    assert res.exit_code == 1
    doc = json.loads(res.stdout)
    flags = [d.get("baseline", False) for d in doc["pairs"][0]["divergences"] if d["kind"] == "wording"]
    assert sorted(flags) == [False, True]


def test_bad_baseline_is_input_error(tmp_path):
    bad = tmp_path / "b.json"
    bad.write_text("{}", encoding="utf-8")
    assert "not a jiangbei-recon-baseline/1 file" in _error([SEEDS, "--baseline", str(bad)])


def test_jobs_2_output_equals_jobs_1(tmp_path):
    base_web, base_prn = seed_paths()
    for k, (old, new) in enumerate([("", ""), ("优化方案", "改进方案"), ("篮球场", "足球场")]):
        d = tmp_path / f"pair{k}"
        web, prn = copy_seeds(str(d))
        if old:
            text = read(prn).replace(old, new)
            with open(prn, "w", encoding="utf-8") as fh:
                fh.write(text)
    a = run(str(tmp_path), "--format", "json", "--jobs", "1")
    b = run(str(tmp_path), "--format", "json", "--jobs", "2")
    assert a.exit_code == b.exit_code == 1
    assert a.stdout == b.stdout
    assert len(json.loads(a.stdout)["pairs"]) == 3


def test_progress_bar_only_on_a_terminal():
    import io

    from jiangbei_recon.cli import progress_bar

    assert progress_bar(io.StringIO()) is None

    class Tty(io.StringIO):
        def isatty(self):
            return True

    s = Tty()
    show = progress_bar(s)
    for i in range(1, 11):
        show(i, 10)
    assert "10/10 pairs" in s.getvalue()


def test_verbose_lists_normalization_items():
    short, long = run(SEEDS).stdout, run(SEEDS, "--verbose").stdout
    assert "counted, not listed" in short and "counted, not listed" not in long
    assert "pinyin-annotation" in long and long.count("\n") > short.count("\n") + 500
    assert "\x1b[" not in run(SEEDS, "--no-color", "-v").stdout


def test_alignment_map_columns_line_up_in_display_cells():
    from jiangbei_recon.report.text import cell_width

    lines = run(SEEDS).stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("alignment map"))
    rows = [line for line in lines[start + 1 :] if "⇄" in line][:40]
    # the score column starts at the same display cell in every row, CJK text or not
    cols = {cell_width(row[: row.index("⇄")]) for row in rows}
    assert len(rows) > 10 and len(cols) == 1
