"""The seed pair's text report, read by a person and checked in (tests/golden/seed-report.txt).

When this fails, the diff below says what changed.  If the change is intended,
read the new report and refresh the file with:

    .venv/bin/recon seeds/ --no-color > tests/golden/seed-report.txt
"""

import difflib
import os

from click.testing import CliRunner

from helpers import ROOT
from jiangbei_recon.cli import recon

GOLDEN = os.path.join(ROOT, "tests", "golden", "seed-report.txt")


def test_seed_text_report_matches_golden(monkeypatch):
    monkeypatch.chdir(ROOT)
    res = CliRunner().invoke(recon, ["seeds/", "--no-color"])
    with open(GOLDEN, encoding="utf-8") as fh:
        expected = fh.read()
    if res.stdout != expected:
        diff = "".join(
            difflib.unified_diff(expected.splitlines(True), res.stdout.splitlines(True), "golden", "now", n=1)
        )
        raise AssertionError("text report changed:\n" + diff)
    assert res.exit_code == 0
