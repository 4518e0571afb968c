"""Robustness: hostile or odd inputs give a clear one-line error (exit 2) or a sound report.

A. inputs that must be refused: exit 2, one stderr line naming the file, no traceback;
B. odd but legal inputs that must give a report (exit 0/1, valid JSON, lines inside the file);
C. guarantees: inputs never written, ``-o`` atomic, byte-identical JSON whatever the
   hash seed, locale or ``--jobs``;
D. a bounded hypothesis fuzz of the library and the CLI;
E. the size limit.

Errors already checked identically in test_cli.py / test_decode.py are not repeated here
(missing two-file path, empty folder, folder with one file, chmod 000 file, ``--max-bytes 100``).
"""

from __future__ import annotations

import builtins
import hashlib
import json
import os
import random
import re
import subprocess
import sys
import tempfile

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import ROOT, read, seed_paths
from jiangbei_recon.api import reconcile_texts
from jiangbei_recon.cli import recon
from jiangbei_recon.load import decode as decode_mod
from jiangbei_recon.load.decode import DEFAULT_MAX_BYTES, is_cjk

WEB_PATH, PRINT_PATH = seed_paths()
WEB = read(WEB_PATH)
PRINT = read(PRINT_PATH)
LINE_END = re.compile(r"\r\n|\r|\n")
LINE_END_B = re.compile(rb"\r\n|\r|\n")
#: never let a developer's or CI's GitHub variable make ``--format github`` write elsewhere
CLEAN_ENV = {"GITHUB_STEP_SUMMARY": None, "NO_COLOR": None, "RECON_DEBUG": None}

UNRELATED_PRINT = (
    "今天上午，市图书馆举办了一场关于古代诗词的讲座，\n"
    "吸引了众多读者前来聆听。主讲人介绍了唐宋时期诗\n"
    "歌的发展脉络，并现场朗诵了多首名篇。\n"
    "\n"
    "讲座结束后，读者们纷纷表示收获很大，希望图书馆\n"
    "以后多举办类似的活动。据了解，今年以来该馆已经\n"
    "举办各类公益讲座三十余场，累计服务读者近万人次。\n"
    "\n"
    "下一步，图书馆还将联合高校开设书法、篆刻等传统\n"
    "文化体验课程，让更多市民走近经典、爱上阅读。\n"
)


# --------------------------------------------------------------------------- helpers


def cli(*args, env=None):
    """Run ``recon`` in-process; click >= 8.2 keeps stderr apart from stdout."""
    return CliRunner().invoke(recon, [str(a) for a in args], env={**CLEAN_ENV, **(env or {})})


def proc(*args, cwd=ROOT, env=None):
    """Run ``python -m jiangbei_recon`` as a real process (real stderr, real exit status)."""
    full = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV}
    full.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "jiangbei_recon", *[str(a) for a in args]],
        cwd=cwd,
        env=full,
        capture_output=True,
        check=False,
        timeout=120,
    )


def write(path, data) -> str:
    path = str(path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def sha(path) -> str:
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def assert_one_line_error(stderr: str, stdout: str, names: str, message: str = "") -> None:
    """Exit-2 contract: exactly one non-empty stderr line, naming the file, no traceback."""
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].strip(), repr(stderr)
    assert stderr.endswith("\n")
    line = lines[0]
    assert line.startswith("recon: error: "), line  # an InputError, not "internal error"
    assert "Traceback" not in stderr and "internal error" not in stderr
    assert names in line, (names, line)
    assert message in line, (message, line)
    assert stdout == "", "nothing on stdout on an input error"


def nows(s: str) -> str:
    return "".join(s.split())


def file_lines(data: bytes, encoding: str) -> list[str]:
    """The file's lines, split on CR/CRLF/LF like the README says, decoded independently."""
    if encoding == "utf-16":
        parts = LINE_END.split(data.decode("utf-16"))
    else:
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        enc = "utf-8" if encoding.startswith("utf-8") else encoding
        parts = [b.decode(enc, errors="replace") for b in LINE_END_B.split(data)]
    if parts and parts[-1] == "":
        parts.pop()
    return parts


def check_document(doc: dict, lines: list[str]) -> None:
    """Every non-blank line in exactly one paragraph; ``raw`` is those lines; nothing lost."""
    pars = sorted(doc["paragraphs"], key=lambda p: p["lines"][0])
    covered: list[int] = []
    for p in pars:
        a, b = p["lines"]
        assert 1 <= a <= b <= len(lines), (doc["path"], p["id"], p["lines"], len(lines))
        covered.extend(range(a, b + 1))
        assert nows(p["raw"]) == nows("\n".join(lines[a - 1 : b])), (doc["path"], p["id"])
    assert len(covered) == len(set(covered)), "paragraphs never share a line"
    non_blank = {i + 1 for i, ln in enumerate(lines) if ln.strip()}
    missing = sorted(non_blank - set(covered))
    assert not missing, f"{doc['path']}: non-blank lines in no paragraph: {missing[:10]}"
    assert "".join(nows(p["raw"]) for p in pars) == nows("\n".join(lines)), "text lost or reordered"


def check_pair(pair: dict, files: dict[str, bytes]) -> None:
    """Paragraph coverage on both sides; every divergence side inside its file and paragraph."""
    nlines = {}
    for side in ("web", "print"):
        doc = pair[side]
        lines = file_lines(files[doc["path"]], doc["encoding"])
        nlines[side] = len(lines)
        check_document(doc, lines)
    by_id = {p["id"]: p for s in ("web", "print") for p in pair[s]["paragraphs"]}
    for d in pair["divergences"]:
        for side in ("web", "print"):
            s = d[side]
            if s is None:
                continue
            a, b = s["lines"]
            assert 1 <= a <= b <= nlines[side], (d["kind"], side, s["lines"], nlines[side])
            raw = by_id[s["paragraph"]]["raw"]
            o1, o2 = s["offsets"]
            assert 0 <= o1 <= o2 <= len(raw), (d["kind"], side, s["offsets"], len(raw))
            assert raw[o1:o2] == s["text"]
    assert sum(pair["summary"].values()) == len(pair["divergences"])


def json_report(args, files: dict[str, bytes]):
    """Run with ``--format json``; the run must give a report; check it against the files."""
    res = cli(*args, "--format", "json")
    assert res.exit_code in (0, 1), (res.exit_code, res.stderr)
    assert "Traceback" not in res.stderr and "error" not in res.stderr
    doc = json.loads(res.stdout)
    assert doc["exit_code"] == res.exit_code
    for pair in doc["pairs"]:
        check_pair(pair, files)
    return res.exit_code, doc


def seed_files(tmp_path, web: str | bytes = WEB, prn: str | bytes = PRINT, sub: str = "") -> tuple:
    base = tmp_path / sub if sub else tmp_path
    w = write(base / "web.txt", web)
    p = write(base / "print.txt", prn)
    return w, p, {w: open(w, "rb").read(), p: open(p, "rb").read()}


def body_lines(text: str) -> list[int]:
    """0-based indices of long body lines (at least 40 characters, mostly CJK)."""
    return [i for i, ln in enumerate(text.split("\n")) if len(ln) >= 40 and sum(map(is_cjk, ln)) > 20]


# --------------------------------------------------------------------------- A. clear errors


def test_real_process_empty_file_is_one_line_error(tmp_path):
    empty = write(tmp_path / "empty.txt", b"")
    out = proc(empty, WEB_PATH)
    assert out.returncode == 2
    assert_one_line_error(out.stderr.decode("utf-8"), out.stdout.decode("utf-8"), empty, "empty file")


def test_real_process_png_is_one_line_error(tmp_path):
    png = write(tmp_path / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    out = proc(WEB_PATH, png, "--format", "json", "-o", tmp_path / "r.json")
    assert out.returncode == 2
    assert_one_line_error(out.stderr.decode("utf-8"), out.stdout.decode("utf-8"), png, "binary file")
    assert not (tmp_path / "r.json").exists()


def test_real_process_directory_without_text_files(tmp_path):
    d = tmp_path / "pics"
    write(d / "a.png", b"\x89PNG\r\n\x1a\n" + bytes(64))
    write(d / "b.jpg", b"\xff\xd8\xff\xe0" + bytes(64))
    write(d / ".hidden.txt", WEB)  # hidden files are skipped
    write(d / ".git" / "x.txt", PRINT)  # so are hidden folders
    out = proc(d)
    assert out.returncode == 2
    assert_one_line_error(out.stderr.decode("utf-8"), out.stdout.decode("utf-8"), str(d), "found 0")


BAD_INPUTS = {
    # NUL bytes inside otherwise Chinese UTF-8 text
    "nul-in-text": ("江北区认真落实服务群众工作要求。" * 20).encode("utf-8")[:90] + b"\x00\x00" + b"abc",
    "png-header": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
    # no NUL, but control characters everywhere: still binary
    "control-chars": ("江北区服务群众" + "\x01\x02\x03\x04\x05\x06\x07\x08" * 4).encode("utf-8") * 20,
    "english-prose": (
        b"The quick brown fox jumps over the lazy dog. Reconciliation needs Chinese text,\n"
        b"and this file is plain English prose with no Han characters at all.\n" * 20
    ),
    "latin1-text": "Caf\xe9 cr\xe8me br\xfbl\xe9e \xe0 la fran\xe7aise. ".encode("latin-1") * 60,
    "high-bytes": bytes(range(128, 256)) * 40,
    # a UTF-8 BOM promises UTF-8: broken UTF-8 after it is an error, not "corruption"
    "bad-utf8-after-bom": b"\xef\xbb\xbf" + "江北区认真落实服务".encode() + b"\xff\xfe\xfd" * 200,
    # a UTF-16 BOM with an odd number of bytes, then a lone surrogate
    "truncated-utf16": b"\xff\xfe" + "江北区认真落实服务群众".encode("utf-16-le") + b"\x41",
    "lone-surrogate-utf16": b"\xff\xfe" + "江北区认真落实服务群众".encode("utf-16-le") + b"\x00\xd8\x41\x00",
    "whitespace-only": b" \t\r\n\xe3\x80\x80\n" * 50,
    "seven-han-characters": "只有七个汉字而已".encode()[:21] + b" and the rest is English." * 10,
}
BAD_MESSAGES = {
    "nul-in-text": "binary file",
    "png-header": "binary file",
    "control-chars": "binary file (control characters)",
    "english-prose": "no Chinese text",
    "latin1-text": "undecodable byte at offset 3",
    "high-bytes": "undecodable byte at offset",
    "bad-utf8-after-bom": "invalid UTF-8 at byte",
    "truncated-utf16": "invalid UTF-16 at byte",
    "lone-surrogate-utf16": "invalid UTF-16 at byte",
    "whitespace-only": "no Chinese text",
    "seven-han-characters": "no Chinese text",
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
@pytest.mark.parametrize("position", ["first", "second"])
def test_bad_file_is_one_line_error(tmp_path, name, position):
    bad = write(tmp_path / f"{name}.txt", BAD_INPUTS[name])
    out = tmp_path / "report.json"
    out.write_text("old report", encoding="utf-8")
    args = [bad, WEB_PATH] if position == "first" else [WEB_PATH, bad]
    res = cli(*args, "--format", "json", "-o", out)
    assert res.exit_code == 2, (res.exit_code, res.stderr)
    assert_one_line_error(res.stderr, res.stdout, bad, BAD_MESSAGES[name])
    assert out.read_text(encoding="utf-8") == "old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([f"{name}.txt", "report.json"])


@pytest.mark.parametrize("name", ["nul-in-text", "english-prose", "high-bytes", "truncated-utf16"])
def test_bad_file_inside_a_directory_is_one_line_error(tmp_path, name):
    seed_files(tmp_path, sub="pair")
    bad = write(tmp_path / "zz" / f"{name}.txt", BAD_INPUTS[name])
    res = cli(tmp_path)
    assert res.exit_code == 2
    assert_one_line_error(res.stderr, res.stdout, bad, BAD_MESSAGES[name])


def test_directory_with_one_file_in_a_subfolder(tmp_path):
    write(tmp_path / "deep" / "er" / "web.txt", WEB)
    write(tmp_path / "notes.md", PRINT)  # not a text-file suffix: not counted
    res = cli(tmp_path)
    assert res.exit_code == 2
    assert_one_line_error(res.stderr, res.stdout, str(tmp_path), "found 1")


@pytest.mark.parametrize("where", ["first", "second", "directory"])
def test_nonexistent_path(tmp_path, where):
    missing = str(tmp_path / "no" / "such.txt")
    args = {"first": [missing, PRINT_PATH], "second": [WEB_PATH, missing], "directory": [missing + "/"]}[
        where
    ]
    res = cli(*args, "--format", "json")
    assert res.exit_code == 2
    assert_one_line_error(res.stderr, res.stdout, missing, "no such file")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_unreadable_file_in_a_directory(tmp_path):
    w, p, _ = seed_files(tmp_path)
    os.chmod(p, 0)
    try:
        res = cli(tmp_path)
    finally:
        os.chmod(p, 0o644)
    assert res.exit_code == 2
    assert_one_line_error(res.stderr, res.stdout, p, "permission denied")


def test_unreadable_file_simulated(tmp_path, monkeypatch):
    """Runs as root too: ``open`` in the decoder raises PermissionError for one file."""
    w, p, _ = seed_files(tmp_path)

    def guarded_open(file, *args, **kwargs):
        if os.path.abspath(str(file)) == os.path.abspath(p):
            raise PermissionError(13, "Permission denied", str(file))
        return builtins.open(file, *args, **kwargs)

    monkeypatch.setattr(decode_mod, "open", guarded_open, raising=False)
    for args in ([w, p], [tmp_path]):
        res = cli(*args, "--format", "json")
        assert res.exit_code == 2
        assert_one_line_error(res.stderr, res.stdout, p, "permission denied")


@pytest.mark.parametrize("limit_over", [1, 1000])
def test_file_bigger_than_max_bytes(tmp_path, limit_over):
    w, p, _ = seed_files(tmp_path)
    small, big = sorted((w, p), key=os.path.getsize)
    limit = os.path.getsize(big) - limit_over
    assert os.path.getsize(small) <= limit
    res = cli(w, p, "--max-bytes", limit)
    assert res.exit_code == 2
    assert_one_line_error(res.stderr, res.stdout, big, f"larger than the limit of {limit} bytes")
    # exactly at the limit is allowed
    assert cli(w, p, "--max-bytes", os.path.getsize(big), "--quiet").exit_code == 0


def test_two_web_copies(tmp_path):
    a = write(tmp_path / "a.txt", WEB)
    b = write(tmp_path / "b.txt", WEB.replace("\n", "\r\n"))
    res = cli(a, b)
    assert res.exit_code == 2
    assert_one_line_error(res.stderr, res.stdout, a, "both files look like web copies")
    assert b in res.stderr
    # the same in a folder of exactly two files
    res = cli(tmp_path)
    assert res.exit_code == 2
    assert_one_line_error(res.stderr, res.stdout, a, "both files look like web copies")


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16"])
def test_identical_print_copies_are_two_of_the_same_side(tmp_path, encoding):
    """Byte-identical (or re-encoded) copies of one file are two print copies: exit 2."""
    a = write(tmp_path / "a.txt", PRINT)
    b = write(tmp_path / "b.txt", PRINT.encode(encoding))
    res = cli(a, b, "--format", "json")
    assert res.exit_code == 2
    assert_one_line_error(res.stderr, res.stdout, a, "both files look like print copies")


def test_identical_copy_next_to_a_pair_is_unpaired(tmp_path):
    """In a bigger folder the extra copy has no mirror: one pair, one unpaired file, exit 1."""
    w, p, files = seed_files(tmp_path)
    extra = write(tmp_path / "print-gb18030.txt", PRINT.encode("gb18030"))
    files[extra] = open(extra, "rb").read()
    code, doc = json_report([tmp_path], files)
    assert code == 1 and len(doc["pairs"]) == 1 and doc["pairs"][0]["verdict"] == "reconciled"
    assert len(doc["unpaired"]) == 1 and doc["unpaired"][0] in (p, extra)


@pytest.mark.parametrize(
    "args",
    [
        ["-o", "DIR"],
        ["--jobs", "0"],
        ["--max-bytes", "0"],
        ["--max-bytes", "lots"],
        ["--format", "pdf"],
        ["--no-such-option"],
    ],
    ids=["output-is-a-directory", "jobs-0", "max-bytes-0", "max-bytes-word", "format-pdf", "unknown-option"],
)
def test_usage_errors_exit_2_without_traceback(tmp_path, args):
    """Usage errors too are one line on stderr (not click's usage block): exit 2, no output."""
    args = [str(tmp_path) if a == "DIR" else a for a in args]
    res = cli(WEB_PATH, PRINT_PATH, *args)
    assert res.exit_code == 2 and res.stdout == ""
    assert res.stderr.startswith("recon: error: ") and len(res.stderr.splitlines()) == 1
    assert "Traceback" not in res.stderr
    assert os.listdir(tmp_path) == []


def test_file_named_twice_through_overlapping_paths(tmp_path):
    w, p, files = seed_files(tmp_path)
    code, doc = json_report([tmp_path, w], files)
    assert len(doc["pairs"]) == 1 and doc["pairs"][0]["verdict"] == "reconciled"
    assert doc["unpaired"] == [] and code == 0


def test_same_file_given_twice_is_named(tmp_path):
    w, p, files = seed_files(tmp_path)
    res = CliRunner().invoke(recon, [str(w), str(w)])
    assert res.exit_code == 2 and "the same file given twice" in res.stderr


def test_same_folder_given_twice(tmp_path):
    w, p, files = seed_files(tmp_path)
    code, doc = json_report([tmp_path, tmp_path], files)
    assert code == 0 and len(doc["pairs"]) == 1


# --------------------------------------------------------------------------- B. reports, not crashes


def test_unrelated_articles_are_not_a_pair(tmp_path):
    w, p, files = seed_files(tmp_path, prn=UNRELATED_PRINT)
    code, doc = json_report([w, p], files)
    assert code == 1
    (pair,) = doc["pairs"]
    assert pair["verdict"] == "not-a-pair" and pair["divergences"] == []
    assert pair["web"]["path"] == w and pair["print"]["path"] == p
    # the text report names the verdict too
    res = cli(w, p, "--quiet")
    assert res.exit_code == 1 and res.stdout.upper().startswith("NOT")


def test_truncated_print_copy_diverges_with_one_sided_text(tmp_path):
    lines = PRINT.split("\n")
    half = "\n".join(lines[: len(lines) // 2]) + "\n"
    w, p, files = seed_files(tmp_path, prn=half)
    code, doc = json_report([w, p], files)
    (pair,) = doc["pairs"]
    assert code == 1 and pair["verdict"] == "diverged"
    assert pair["web_only"], "the lost half stands in the web copy only"
    one_sided = [d for d in pair["divergences"] if d["kind"] == "one-sided"]
    assert one_sided and all(d["category"] == "wording" for d in one_sided)
    assert {d["web"]["paragraph"] for d in one_sided if d["web"]} >= set(pair["web_only"])
    assert all(d["print"] is None for d in one_sided if d["web"])


def _summary(tmp_path, web, prn, sub):
    w, p, files = seed_files(tmp_path, web, prn, sub=sub)
    code, doc = json_report([w, p], files)
    return code, doc["pairs"][0]


@pytest.mark.parametrize(
    "variant",
    ["crlf-both", "cr-only-print", "utf8-bom-web", "print-without-blank-lines", "trailing-blanks"],
)
def test_layout_variants_reconcile_like_the_seeds(tmp_path, variant):
    """Line ends, BOM, blank lines: the same verdict and the same divergence counts."""
    _, ref = _summary(tmp_path, WEB, PRINT, "ref")
    web, prn = WEB, PRINT
    if variant == "crlf-both":
        web, prn = WEB.replace("\n", "\r\n"), PRINT.replace("\n", "\r\n")
    elif variant == "cr-only-print":
        prn = PRINT.replace("\n", "\r")
    elif variant == "utf8-bom-web":
        web = WEB.encode("utf-8-sig")
    elif variant == "print-without-blank-lines":
        prn = "\n".join(ln for ln in PRINT.split("\n") if ln.strip()) + "\n"
    elif variant == "trailing-blanks":
        web, prn = WEB + "\n\n  \n", PRINT + "\n\u3000\n\n"
    code, pair = _summary(tmp_path, web, prn, variant)
    assert pair["verdict"] == ref["verdict"] == "reconciled" and code == 0
    if variant != "print-without-blank-lines":  # no blank lines: fewer column-break cues
        assert pair["summary"] == ref["summary"]
        assert [d["web"] and d["web"]["lines"] for d in pair["divergences"]] == [
            d["web"] and d["web"]["lines"] for d in ref["divergences"]
        ]


def test_web_copy_wrapped_like_print(tmp_path):
    wrapped = []
    for ln in WEB.split("\n"):
        wrapped.extend([ln[i : i + 22] for i in range(0, len(ln), 22)] if len(ln) > 30 else [ln])
    w, p, files = seed_files(tmp_path, web="\n".join(wrapped) + "\n")
    code, doc = json_report([w, p], files)
    (pair,) = doc["pairs"]
    assert pair["web"]["path"] == w and pair["verdict"] in ("reconciled", "diverged")


def test_mixed_encodings_in_one_directory(tmp_path):
    _, ref = _summary(tmp_path, WEB, PRINT, "ref")
    d = tmp_path / "mixed"
    w = write(d / "sub1" / "w.txt", WEB.encode("gb18030"))
    p = write(d / "sub2" / "p.txt", PRINT.encode("utf-16"))
    code, doc = json_report([d], {w: open(w, "rb").read(), p: open(p, "rb").read()})
    (pair,) = doc["pairs"]
    assert code == 0 and pair["verdict"] == "reconciled"
    assert (pair["web"]["encoding"], pair["print"]["encoding"]) == ("gb18030", "utf-16")
    assert pair["summary"] == ref["summary"]


ODD_UNICODE = [
    "e\u0301\u0308",  # combining marks
    "\U0001f600",  # emoji
    "\U0001f468\u200d\U0001f469\u200d\U0001f467",  # ZWJ sequence
    "\U00024f80",  # astral CJK 𤾀
    "\ue000\ue001",  # private use
    "\u200b\ufeff",  # zero-width space, BOM in the middle
    "\u202e\u202c",  # bidi override
    "\u3000",  # ideographic space
    "\ufffd",  # replacement character
]


@pytest.mark.parametrize(
    "odd", ODD_UNICODE + ["".join(ODD_UNICODE)], ids=[f"U+{ord(s[0]):04X}" for s in ODD_UNICODE] + ["all"]
)
def test_odd_unicode_in_web_body(tmp_path, odd):
    lines = WEB.split("\n")
    for i in body_lines(WEB)[::3]:
        k = len(lines[i]) // 2
        lines[i] = lines[i][:k] + odd + lines[i][k:]
    w, p, files = seed_files(tmp_path, web="\n".join(lines) + "\n")
    code, doc = json_report([w, p], files)
    (pair,) = doc["pairs"]
    assert pair["verdict"] in ("reconciled", "diverged")
    raws = "".join(par["raw"] for par in pair["web"]["paragraphs"])
    assert all(piece in raws for piece in odd.split())


def test_very_long_line_in_web_copy(tmp_path):
    han = "".join(c for c in WEB if is_cjk(c))
    rng = random.Random(7)
    long_line = "".join(rng.choice(han) for _ in range(200_000))
    lines = WEB.split("\n")
    at = body_lines(WEB)[len(body_lines(WEB)) // 2]
    lines.insert(at, long_line)
    w, p, files = seed_files(tmp_path, web="\n".join(lines) + "\n")
    code, doc = json_report([w, p], files)
    (pair,) = doc["pairs"]
    assert code == 1 and pair["verdict"] == "diverged"
    owner = [par for par in pair["web"]["paragraphs"] if par["lines"][0] <= at + 1 <= par["lines"][1]]
    assert len(owner) == 1 and owner[0]["id"] in pair["web_only"]


# --------------------------------------------------------------------------- C. guarantees


def test_inputs_opened_read_only_with_every_format(tmp_path):
    w, p, _ = seed_files(tmp_path / "in")
    os.chmod(w, 0o444)
    os.chmod(p, 0o444)
    before = (sha(w), sha(p), os.stat(w).st_mtime_ns, os.stat(p).st_mtime_ns)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    for fmt in ("text", "json", "html", "github"):
        for extra in ([], ["-o", out_dir / f"r.{fmt}"], ["-v"], ["-q"]):
            res = cli(tmp_path / "in", "--format", fmt, *extra)
            assert res.exit_code == 0, (fmt, extra, res.stderr)
    res = cli(w, p, "--write-baseline", out_dir / "base.json")
    assert res.exit_code == 0
    assert cli(w, p, "--baseline", out_dir / "base.json").exit_code == 0
    assert (sha(w), sha(p), os.stat(w).st_mtime_ns, os.stat(p).st_mtime_ns) == before
    assert sorted(os.listdir(tmp_path / "in")) == ["print.txt", "web.txt"]


def _leftovers(directory) -> list[str]:
    return sorted(n for n in os.listdir(directory) if n.startswith(".recon-") or n.endswith(".tmp"))


@pytest.mark.parametrize("case", ["binary", "same-side", "too-big", "bad-fail-on", "bad-baseline"])
def test_output_untouched_when_the_run_errors(tmp_path, case):
    w, p, _ = seed_files(tmp_path / "in")
    out = tmp_path / "out" / "report.json"
    write(out, "previous report\n")
    args = [w, p]
    if case == "binary":
        args = [w, write(tmp_path / "in" / "bin.txt", b"\x00" * 100)]
    elif case == "same-side":
        args = [w, write(tmp_path / "in" / "w2.txt", WEB)]
    elif case == "too-big":
        args += ["--max-bytes", 1000]
    elif case == "bad-fail-on":
        args += ["--fail-on", "typo"]
    elif case == "bad-baseline":
        args += ["--baseline", write(tmp_path / "b.json", "not json")]
    res = cli(*args, "--format", "json", "-o", out)
    assert res.exit_code == 2, res.stderr
    assert len(res.stderr.splitlines()) == 1 and "Traceback" not in res.stderr
    assert out.read_text(encoding="utf-8") == "previous report\n"
    assert os.listdir(out.parent) == ["report.json"]


def test_output_untouched_when_the_write_fails(tmp_path, monkeypatch):
    """The rename fails: the old report stays whole and the temp file is cleaned up."""
    w, p, _ = seed_files(tmp_path / "in")
    out = tmp_path / "out" / "report.json"
    write(out, "previous report\n")

    def failing_replace(src, dst):
        raise OSError(28, "No space left on device", str(dst))

    monkeypatch.setattr(os, "replace", failing_replace)
    res = cli(w, p, "--format", "json", "-o", out)
    monkeypatch.undo()
    assert res.exit_code == 2
    assert len(res.stderr.splitlines()) == 1 and "Traceback" not in res.stderr
    assert out.read_text(encoding="utf-8") == "previous report\n"
    assert _leftovers(out.parent) == [] and os.listdir(out.parent) == ["report.json"]
    # and a working run replaces it whole, leaving nothing else behind (exit 1 writes too)
    res = cli(w, write(tmp_path / "in" / "print.txt", PRINT.replace("优化方案", "改进方案")), "-o", out)
    assert res.exit_code == 1 and res.stdout == ""
    assert "DIVERGED" in out.read_text(encoding="utf-8")
    assert os.listdir(out.parent) == ["report.json"]


def test_output_into_missing_directory_is_one_line_error(tmp_path):
    out = tmp_path / "nowhere" / "r.json"
    res = cli(WEB_PATH, PRINT_PATH, "--format", "json", "-o", out)
    assert res.exit_code == 2
    assert len(res.stderr.splitlines()) == 1 and "Traceback" not in res.stderr
    assert "internal error" not in res.stderr and "nowhere" in res.stderr
    assert not (tmp_path / "nowhere").exists()


def _rewrap(text: str, width: int) -> str:
    """Re-cut every blank-line-separated block of the print copy at ``width`` characters."""
    out = []
    for block in text.split("\n\n"):
        joined = "".join(block.split("\n"))
        out.append("\n".join(joined[i : i + width] for i in range(0, len(joined), width)))
    return "\n\n".join(out) + "\n"


@pytest.fixture(scope="module")
def three_pairs(tmp_path_factory):
    base = tmp_path_factory.mktemp("determinism")
    write(base / "a" / "web.txt", WEB)
    write(base / "a" / "print.txt", PRINT)
    write(base / "稿件 b" / "w.txt", WEB.replace("\n", "\r\n").encode("gb18030"))
    write(base / "稿件 b" / "p.txt", _rewrap(PRINT, 15).replace("优化方案", "改进方案"))
    write(base / "c" / "x.txt", _rewrap(PRINT, 24).encode("utf-16"))
    write(base / "c" / "y.txt", WEB.replace("篮球场", "足球场"))
    return base


def test_json_byte_identical_across_hash_seed_locale_and_jobs(three_pairs):
    runs = {
        "seed0": {"PYTHONHASHSEED": "0"},
        "seed1-jobs2": ({"PYTHONHASHSEED": "1"}, ["--jobs", "2"]),
        "random-C": {"PYTHONHASHSEED": "random", "LC_ALL": "C", "LANG": "C"},
        "C.UTF-8-jobs2": ({"PYTHONHASHSEED": "random", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}, ["-j", "2"]),
        "posix-output": ({"PYTHONHASHSEED": "12345", "LC_ALL": "POSIX", "LANG": ""}, ["-o", "OUT"]),
    }
    outputs = {}
    for name, spec in runs.items():
        env, extra = spec if isinstance(spec, tuple) else (spec, [])
        out_file = three_pairs.parent / f"{three_pairs.name}-{name}.json"
        extra = [str(out_file) if a == "OUT" else a for a in extra]
        res = proc(".", "--format", "json", *extra, cwd=three_pairs, env=env)
        assert res.returncode == 1, (name, res.stderr)
        assert res.stderr == b"", (name, res.stderr)
        outputs[name] = out_file.read_bytes() if "-o" in extra else res.stdout
    first = outputs["seed0"]
    assert all(o == first for o in outputs.values()), [n for n, o in outputs.items() if o != first]
    doc = json.loads(first)
    assert len(doc["pairs"]) == 3 and doc["unpaired"] == []
    assert sorted(p["verdict"] for p in doc["pairs"]) == ["diverged", "diverged", "reconciled"]
    assert "稿件 b/w.txt" in first.decode("utf-8")
    # the in-process run agrees with the real processes
    cwd = os.getcwd()
    try:
        os.chdir(three_pairs)
        assert cli(".", "--format", "json", "--jobs", "3").stdout.encode("utf-8") == first
    finally:
        os.chdir(cwd)


# --------------------------------------------------------------------------- D. fuzz

ODD_CHARS = (
    "\u0301\u0308\U0001f600\U00024f80\ue000\u200b\ufeff\u3000\u00a0\r\t\x0b\x0c\u2028\u0085（）()「」《》"
)
PIECES = "江北区區服务務群众眾。，、“”：；！？（）(xiàn)\n\n 　"


@st.composite
def mutated(draw, base: str) -> str:
    text = base
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["delete", "insert", "replace", "unicode", "duplicate", "shuffle"]))
        n = len(text)
        a = draw(st.integers(0, max(0, n - 1)))
        b = min(n, a + draw(st.integers(0, 400)))
        if op == "delete":
            text = text[:a] + text[b:]
        elif op == "insert":
            text = text[:a] + draw(st.text(min_size=1, max_size=30)) + text[a:]
        elif op == "replace":
            alphabet = st.sampled_from(list(ODD_CHARS + PIECES))
            text = text[:a] + draw(st.text(alphabet=alphabet, max_size=40)) + text[b:]
        elif op == "unicode":
            text = text[:a] + draw(st.text(st.characters(codec="utf-8"), min_size=1, max_size=10)) + text[a:]
        else:
            lines = text.split("\n")
            i = draw(st.integers(0, len(lines) - 1))
            if op == "duplicate":
                lines[i:i] = lines[i : i + draw(st.integers(1, 5))]
            else:
                j = min(len(lines), i + draw(st.integers(2, 20)))
                lines[i:j] = draw(st.permutations(lines[i:j]))
            text = "\n".join(lines)
    return text


TEXT_PAIRS = st.one_of(
    st.tuples(mutated(WEB), st.just(PRINT)),
    st.tuples(st.just(WEB), mutated(PRINT)),
    st.tuples(mutated(WEB), mutated(PRINT)),
    st.tuples(st.just(WEB), st.text(max_size=300)),
    st.tuples(st.text(alphabet=st.sampled_from(list(PIECES)), max_size=400), mutated(PRINT)),
)


@st.composite
def byte_damage(draw, data: bytes) -> bytes:
    """Delete, insert or overwrite a random byte range (may break the encoding)."""
    if not draw(st.booleans()):
        return data
    a = draw(st.integers(0, max(0, len(data) - 1)))
    b = min(len(data), a + draw(st.integers(0, 50)))
    junk = draw(st.binary(max_size=20))
    return data[:a] + junk + data[b:] if draw(st.booleans()) else data[:a] + data[b:]


def check_library_report(report, texts: dict[str, str]) -> None:
    for doc in (report.web, report.print):
        lines = LINE_END.split(texts[doc.path])
        if lines and lines[-1] == "":
            lines.pop()
        check_document(
            {
                "path": doc.path,
                "paragraphs": [{"id": p.id, "lines": list(p.lines), "raw": p.raw} for p in doc.paragraphs],
            },
            lines,
        )
    n = {"web": len(report.web.lines), "print": len(report.print.lines)}
    for d in report.divergences:
        for side in ("web", "print"):
            s = getattr(d, side)
            if s is not None:
                assert 1 <= s.lines[0] <= s.lines[1] <= n[side], (d.kind, side, s.lines, n[side])


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
@given(
    texts=TEXT_PAIRS,
    swap=st.booleans(),
    encodings=st.tuples(*[st.sampled_from(["utf-8", "utf-8", "gb18030", "utf-16", "utf-8-sig"])] * 2),
    data=st.data(),
)
def test_fuzz_library_and_cli(texts, swap, encodings, data):
    web_text, print_text = texts
    # the library: any text gives a report that loses nothing and points inside the files
    report = reconcile_texts(web_text, print_text, "web.txt", "print.txt")
    check_library_report(report, {"web.txt": web_text, "print.txt": print_text})
    assert report.verdict in ("reconciled", "diverged", "not-a-pair")

    # the CLI: bytes on disk, maybe damaged; exit 0/1 with a sound report, or a clean exit 2
    with tempfile.TemporaryDirectory() as tmp:
        paths, files = [], {}
        for name, text, enc in (("a.txt", web_text, encodings[0]), ("b.txt", print_text, encodings[1])):
            raw = data.draw(byte_damage(text.encode(enc, errors="surrogatepass")), label=name)
            path = write(os.path.join(tmp, name), raw)
            paths.append(path)
            files[path] = raw
        if swap:
            paths.reverse()
        res = CliRunner().invoke(recon, [*paths, "--format", "json"], env=CLEAN_ENV)
        assert res.exit_code in (0, 1, 2), (res.exit_code, res.stderr)
        assert "Traceback" not in res.stderr and "internal error" not in res.stderr, res.stderr
        if res.exit_code == 2:
            assert len(res.stderr.splitlines()) == 1 and res.stderr.startswith("recon: error: ")
            assert res.stdout == ""
            return
        doc = json.loads(res.stdout)
        assert doc["exit_code"] == res.exit_code and len(doc["pairs"]) == 1
        check_pair(doc["pairs"][0], files)


# --------------------------------------------------------------------------- E. resource limits


def test_default_limit_refuses_a_file_over_20_mib(tmp_path):
    assert DEFAULT_MAX_BYTES == 20 * 1024 * 1024  # as the README says
    line = ("江北區認真落實服務群眾工作要求" * 1000).encode("utf-8")
    big = tmp_path / "huge.txt"
    with open(big, "wb") as fh:
        while fh.tell() <= DEFAULT_MAX_BYTES:
            fh.write(line)  # one single line, no newline
    res = cli(big, PRINT_PATH)
    assert res.exit_code == 2
    assert_one_line_error(res.stderr, res.stdout, str(big), f"larger than the limit of {DEFAULT_MAX_BYTES}")
    assert "--max-bytes" in res.stderr


def test_one_megabyte_single_line_within_the_limit_finishes(tmp_path):
    han = sorted({c for c in PRINT if is_cjk(c)})  # Simplified: a print copy
    rng = random.Random(11)
    one_line = "".join(rng.choice(han) for _ in range(350_000))  # ~1 MB of UTF-8, no newline
    big = write(tmp_path / "one-line.txt", one_line)
    assert 1_000_000 <= os.path.getsize(big) < DEFAULT_MAX_BYTES
    w = write(tmp_path / "web.txt", WEB)
    code, doc = json_report([w, big], {w: WEB.encode("utf-8"), big: one_line.encode("utf-8")})
    (pair,) = doc["pairs"]
    assert pair["verdict"] in ("not-a-pair", "diverged")
    assert code == 1
