"""HTML and GitHub reporters: structure, escaping, and a real browser render."""

import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from helpers import SEEDS, copy_seeds, read
from jiangbei_recon.cli import recon
from jiangbei_recon.report.github import escape_data, escape_property


def run(*args, env=None):
    return CliRunner().invoke(recon, list(args), env=env or {}, catch_exceptions=False)


class Elements(HTMLParser):
    """Collects tags, classes and text; fails on a tag left open where it matters."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def classes(self, tag):
        return [set((a.get("class") or "").split()) for t, a in self.tags if t == tag]


def parse(html: str) -> Elements:
    p = Elements()
    p.feed(html)
    p.close()
    return p


def seed_json():
    return json.loads(run(SEEDS, "--format", "json").stdout)["pairs"][0]


# ---- HTML ---------------------------------------------------------------------------------------


def test_html_is_self_contained_and_has_every_part(tmp_path):
    out = tmp_path / "r.html"
    res = run(SEEDS, "--format", "html", "-o", str(out))
    assert res.exit_code == 0 and res.stdout == ""
    html = out.read_text(encoding="utf-8")
    page = parse(html)
    tags = [t for t, _ in page.tags]
    assert "script" not in tags and "link" not in tags and "iframe" not in tags
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", html), "nothing loads from the network"
    assert tags.count("svg") == 1 and "circle" in tags and "style" in tags
    # one dot per aligned (web, print) paragraph pair; moved groups drawn as moved
    pair = seed_json()
    dots = page.classes("circle")
    assert len(dots) == sum(len(g["web"]) * len(g["print"]) for g in pair["alignment"])
    moved = sum(len(g["web"]) * len(g["print"]) for g in pair["alignment"] if g["moved"])
    assert moved > 0 and sum("moved" in c for c in dots) == moved
    # every non-noise divergence highlighted or badged by category and kind
    marks = page.classes("mark")
    for kind in ("mojibake", "quote-direction", "variant-character", "column-break", "script-variant"):
        assert any(f"kind-{kind}" in c for c in marks), kind
    assert all(any(c.startswith("cat-") for c in m) for m in marks if m)
    # legend names the four categories; side-by-side rows name paragraphs with line ranges
    text = "".join(page.text)
    for cat in ("wording", "artifact", "layout", "normalization"):
        assert cat in text
    assert "w1 L1" in text and "reconciled" in text


def test_html_side_by_side_covers_every_paragraph():
    html = run(SEEDS, "--format", "html").stdout
    pair = seed_json()
    text = "".join(parse(html).text)
    for side in ("web", "print"):
        for p in pair[side]["paragraphs"]:
            assert f"{p['id']} L{p['lines'][0]}" in text, p["id"]


def test_html_escapes_input_text(tmp_path):
    web, prn = copy_seeds(str(tmp_path))
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>&amp;'
    lines = read(web).split("\n")
    body = max(range(len(lines)), key=lambda i: len(lines[i]))
    lines[body] = lines[body][:10] + evil + lines[body][10:]
    with open(web, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines))
    res = run(str(tmp_path), "--format", "html")
    assert res.exit_code == 1, "the injected text is a wording divergence"
    html = res.stdout
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&amp;amp;" in html
    page = parse(html)
    assert all(t not in ("script", "img") for t, _ in page.tags)
    assert not any(k.startswith("on") for _, a in page.tags for k in a)


def test_html_is_deterministic():
    assert run(SEEDS, "--format", "html").stdout == run(SEEDS, "--format", "html").stdout


def test_html_not_a_pair_and_unpaired(tmp_path):
    web, prn = copy_seeds(str(tmp_path))
    with open(prn, "w", encoding="utf-8") as fh:
        fh.write("今天天气很好，我们去公园散步。\n\n公园里有很多人在跑步。\n" * 3)
    html = run(web, prn, "--format", "html").stdout
    assert "not-a-pair" in html and "<svg" not in html


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium not installed (Debian: apt install chromium)")
def test_html_renders_in_headless_chromium(tmp_path):
    out = tmp_path / "r.html"
    run(SEEDS, "--format", "html", "-o", str(out))
    png = tmp_path / "r.png"
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--window-size=1200,1600",
    ]
    subprocess.run([CHROMIUM, *flags, f"--screenshot={png}", out.as_uri()], capture_output=True, timeout=120)
    assert png.exists() and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    # the DOM Chromium built holds the parts we wrote (a parse failure would drop them)
    dom = subprocess.run(
        [CHROMIUM, *flags, "--dump-dom", out.as_uri()], capture_output=True, timeout=120, text=True
    ).stdout
    page = parse(dom)
    tags = [t for t, _ in page.tags]
    assert "svg" in tags and tags.count("section") == 1 and "circle" in tags
    assert any("kind-mojibake" in c for c in page.classes("mark"))


# ---- GitHub -------------------------------------------------------------------------------------


def test_github_escaping():
    assert escape_data("50%\r\nx") == "50%25%0D%0Ax"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_github_seed_warnings_only():
    res = run(SEEDS, "--format", "github")
    assert res.exit_code == 0
    lines = res.stdout.splitlines()
    assert not any(line.startswith("::error") for line in lines)
    warnings = [line for line in lines if line.startswith("::warning")]
    assert warnings and all(
        re.match(r"::warning file=[^,]+,line=\d+,endLine=\d+,title=recon%3A ", w) for w in warnings
    )
    assert any("title=recon%3A mojibake" in w for w in warnings)
    assert any("title=recon%3A moved" in w for w in warnings)
    assert all("\n" not in w for w in warnings)
    assert lines[-1].startswith("recon: 1 pair(s), 1 reconciled")


def test_github_errors_first_at_the_edit(tmp_path):
    web, prn = copy_seeds(str(tmp_path))
    text = read(prn).split("\n")
    n = max(range(len(text)), key=lambda i: len(text[i]))
    text[n] = text[n][:5] + "鑫" + text[n][6:]
    with open(prn, "w", encoding="utf-8") as fh:
        fh.write("\n".join(text))
    summary = tmp_path / "summary.md"
    res = run(str(tmp_path), "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert res.exit_code == 1
    lines = res.stdout.splitlines()
    assert lines[0].startswith("::error ") and "title=recon%3A wording" in lines[0]
    assert f"print {prn}:{n + 1}" in lines[0].replace("%3A", ":")
    kinds = [line.split("::", 2)[1].split(" ", 1)[0] for line in lines if line.startswith("::")]
    assert kinds == sorted(kinds, key=lambda k: k != "error"), "errors before warnings"
    md = summary.read_text(encoding="utf-8")
    assert "| web copy | print copy | verdict |" in md and "**diverged**" in md
    # appended, not overwritten
    run(str(tmp_path), "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert summary.read_text(encoding="utf-8").count("| web copy |") == 2


def test_github_no_summary_without_env(tmp_path, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.chdir(tmp_path)
    res = run(SEEDS, "--format", "github")
    assert res.exit_code == 0 and os.listdir(tmp_path) == []


def test_github_unpaired_is_an_error(tmp_path):
    copy_seeds(str(tmp_path))
    stray = tmp_path / "stray.txt"
    stray.write_text(
        "今天天气很好，我们去公园散步。\n公园里有很多人在跑步，孩子们在放风筝。\n", encoding="utf-8"
    )
    res = run(str(tmp_path), "--format", "github")
    assert res.exit_code == 1
    assert any(line.startswith("::error file=") and "unpaired" in line for line in res.stdout.splitlines())
