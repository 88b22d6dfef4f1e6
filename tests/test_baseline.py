"""Baselines: record findings, report only new ones, survive unrelated edits."""
from __future__ import annotations

import json

from conftest import run_cli

MACROS = """# Shipping

Please calm down, the parcel is on its way.

# Refunds

The refund is sent. Please calm down.
"""


def _check(tmp_path, *args):
    return run_cli("check", "--select", "calm-down", *args, cwd=tmp_path)


def test_write_then_check_reports_nothing(tmp_path):
    (tmp_path / "m.md").write_text(MACROS)
    first = _check(tmp_path, "--write-baseline", "baseline.json", "m.md")
    assert first.returncode == 0 and first.stdout.count("RL0301") == 2  # recording a baseline succeeds
    data = json.loads((tmp_path / "baseline.json").read_text())
    assert data["replylint-baseline"] == 1
    assert {(f["path"], f["macro"], f["code"], f["matched"], f["occurrence"]) for f in data["findings"]} == {
        ("m.md", "Shipping", "RL0301", "please calm down", 0), ("m.md", "Refunds", "RL0301", "please calm down", 0)}
    again = _check(tmp_path, "--baseline", "baseline.json", "m.md")
    assert again.returncode == 0, again.stdout


def test_unrelated_edits_above_do_not_resurface_findings(tmp_path):
    (tmp_path / "m.md").write_text(MACROS)
    _check(tmp_path, "--write-baseline", "baseline.json", "m.md")
    (tmp_path / "m.md").write_text("---\nowner: support\n---\n\nIntro line.\n\n" + MACROS.replace("the parcel", "your parcel"))
    proc = _check(tmp_path, "--baseline", "baseline.json", "m.md")
    assert proc.returncode == 0, proc.stdout


def test_new_findings_are_reported_with_positions(tmp_path):
    (tmp_path / "m.md").write_text(MACROS)
    _check(tmp_path, "--write-baseline", "baseline.json", "m.md")
    (tmp_path / "m.md").write_text(MACROS + "\n# Delays\n\nCalm down, it ships soon.\n")
    # a second copy in an existing macro is new too
    (tmp_path / "m.md").write_text((tmp_path / "m.md").read_text().replace("The refund is sent.", "Please calm down. The refund is sent."))
    proc = _check(tmp_path, "--baseline", "baseline.json", "m.md")
    assert proc.returncode == 1
    lines = [line for line in proc.stdout.splitlines() if "RL0301" in line]
    assert len(lines) == 2
    assert any(line.startswith("m.md:11:1: (Delays)") for line in lines)
    assert any("(Refunds)" in line for line in lines)


def test_baseline_paths_are_relative_to_the_baseline_file(tmp_path):
    sub = tmp_path / "macros"
    sub.mkdir()
    (sub / "m.md").write_text(MACROS)
    _check(tmp_path, "--write-baseline", "ci/baseline.json" if (tmp_path / "ci").mkdir() is None else "", "macros/m.md")
    data = json.loads((tmp_path / "ci" / "baseline.json").read_text())
    assert {f["path"] for f in data["findings"]} == {"../macros/m.md"}
    proc = run_cli("check", "--select", "calm-down", "--baseline", "../ci/baseline.json", "m.md", cwd=sub)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_bad_baseline_is_a_usage_error(tmp_path):
    (tmp_path / "m.md").write_text(MACROS)
    (tmp_path / "bad.json").write_text("[1, 2")
    proc = _check(tmp_path, "--baseline", "bad.json", "m.md")
    assert proc.returncode == 2 and "baseline" in proc.stderr
    proc = _check(tmp_path, "--baseline", "missing.json", "m.md")
    assert proc.returncode == 2 and "--write-baseline" in proc.stderr
