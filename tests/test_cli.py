"""The check command as a user runs it: exit codes, options, output, stdin, JSONL."""
from __future__ import annotations

import json

from tests.conftest import run_cli
from tests.helpers import write_ruleset


def test_findings_exit_1_and_text_output(tmp_path):
    write_ruleset(tmp_path)
    (tmp_path / "r.txt").write_text("Hello.\nPlease calm down!!\n", encoding="utf-8")
    p = run_cli("check", "r.txt", cwd=tmp_path)
    assert p.returncode == 1
    assert "r.txt:2:1: TST0301 error Do not tell the customer to calm down." in p.stdout
    assert "r.txt:2:17: TST0801 warning Stacked marks." in p.stdout
    assert "Found 2 findings (1 error, 1 warning) in 1 file." in p.stdout
    assert "\x1b[" not in p.stdout  # no colour when not a terminal


def test_clean_exit_0(tmp_path):
    write_ruleset(tmp_path)
    (tmp_path / "r.txt").write_text("Thanks for writing in.\n", encoding="utf-8")
    p = run_cli("check", "r.txt", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert "All clear" in p.stdout


def test_fail_level_and_exit_zero(tmp_path):
    write_ruleset(tmp_path)
    (tmp_path / "r.txt").write_text("Hi!!\n", encoding="utf-8")
    assert run_cli("check", "r.txt", cwd=tmp_path).returncode == 1
    assert run_cli("check", "--fail-level", "error", "r.txt", cwd=tmp_path).returncode == 0
    assert run_cli("check", "--exit-zero", "--fail-level", "info", "r.txt", cwd=tmp_path).returncode == 0


def test_select_and_ignore_by_code_name_category(tmp_path):
    write_ruleset(tmp_path)
    (tmp_path / "r.txt").write_text("Please calm down!!\n", encoding="utf-8")
    for opt in (["--ignore", "TST0301"], ["--ignore", "test-calm-down"], ["--ignore", "calm-down"]):
        out = json.loads(run_cli("check", "--format", "json", *opt, "r.txt", cwd=tmp_path).stdout)
        assert [d["code"] for d in out] == ["TST0801"], opt
    out = json.loads(run_cli("check", "--format", "json", "--select", "shouting", "--ignore", "RL", "r.txt", cwd=tmp_path).stdout)
    assert [d["code"] for d in out] == ["TST0801"]


def test_json_positions_are_exact(tmp_path):
    write_ruleset(tmp_path)
    text = "Hi \u00e9\u00e9,\nok then, please calm down.\n"
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    out = json.loads(run_cli("check", "--format", "json", "r.txt", cwd=tmp_path).stdout)
    d = out[0]
    assert (d["line"], d["column"], d["end_line"], d["end_column"]) == (2, 10, 2, 26)
    assert text[d["offset"]:d["offset"] + d["length"]] == "please calm down"
    assert d["record"] is None and d["category"] == "calm-down" and d["severity"] == "error"
    assert d["suggestions"][0]["applicability"] == "unsafe"


def test_stdin_and_context(tmp_path):
    write_ruleset(tmp_path)
    (tmp_path / "ctx.txt").write_text("My parcel is late!!", encoding="utf-8")
    p = run_cli("check", "--format", "json", "--context", "ctx.txt", "-", input="Refunded.", cwd=tmp_path)
    out = json.loads(p.stdout)
    assert [(d["code"], d["path"]) for d in out] == [("TST1401", "<stdin>")]
    p = run_cli("check", "--format", "json", "-", input="Done, see you soon.", cwd=tmp_path)
    assert json.loads(p.stdout) == []  # no complaint context, reply mentions no problem


def test_jsonl_batch_names_records_and_points_into_file(tmp_path):
    write_ruleset(tmp_path)
    lines = [
        {"id": "a", "text": "All good."},
        {"id": "b", "text": "Line one\n\"quoted\" then calm down", "context": "x"},
    ]
    raw = "\n".join(json.dumps(r) for r in lines) + "\n"
    (tmp_path / "batch.jsonl").write_text(raw, encoding="utf-8")
    out = json.loads(run_cli("check", "--format", "json", "batch.jsonl", cwd=tmp_path).stdout)
    assert [(d["record"], d["code"]) for d in out] == [("b", "TST0301")]
    d = out[0]
    assert raw[d["offset"]:d["offset"] + d["length"]] == "calm down"
    assert (d["line"], d["column"]) == (2, raw.splitlines()[1].index("calm down") + 1)


def test_directory_walk_skips_hidden_and_unknown(tmp_path):
    write_ruleset(tmp_path)
    (tmp_path / "replies" / ".git").mkdir(parents=True)
    (tmp_path / "replies" / "a.txt").write_text("calm down", encoding="utf-8")
    (tmp_path / "replies" / ".git" / "b.txt").write_text("calm down", encoding="utf-8")
    (tmp_path / "replies" / "c.py").write_text("calm down", encoding="utf-8")
    out = json.loads(run_cli("check", "--format", "json", "replies", cwd=tmp_path).stdout)
    assert [d["path"].replace("\\", "/") for d in out] == ["replies/a.txt"]


def test_usage_errors_exit_2_without_traceback(tmp_path):
    write_ruleset(tmp_path)
    p = run_cli("check", "missing.txt", cwd=tmp_path)
    assert p.returncode == 2
    assert p.stderr.strip() == "replylint: error: missing.txt: no such file or directory"
    p = run_cli("check", "--format", "nope", "x", cwd=tmp_path)
    assert p.returncode == 2 and "unknown format 'nope'" in p.stderr and "Traceback" not in p.stderr
    (tmp_path / "bad.jsonl").write_text('{"id": 1, "text": "ok"}\n{not json\n', encoding="utf-8")
    p = run_cli("check", "bad.jsonl", cwd=tmp_path)
    assert p.returncode == 2 and "bad.jsonl:2:" in p.stderr and "Traceback" not in p.stderr


def test_statistics_and_quiet(tmp_path):
    write_ruleset(tmp_path)
    (tmp_path / "r.txt").write_text("calm down!! calm down!!\n", encoding="utf-8")
    p = run_cli("check", "--statistics", "r.txt", cwd=tmp_path)
    assert "    2  TST0301  test-calm-down [calm-down]" in p.stdout
    p = run_cli("check", "--quiet", "r.txt", cwd=tmp_path)
    assert p.stdout.count("\n") == 4 and "Found" not in p.stdout


def test_color_only_when_forced_and_no_color_env(tmp_path):
    write_ruleset(tmp_path)
    (tmp_path / "r.txt").write_text("calm down\n", encoding="utf-8")
    assert "\x1b[" in run_cli("check", "--color", "r.txt", cwd=tmp_path).stdout
    from replylint.cli import use_color
    import os
    os.environ["NO_COLOR"] = "1"
    try:
        assert use_color(None) is False
    finally:
        del os.environ["NO_COLOR"]


def test_rules_and_explain(tmp_path):
    write_ruleset(tmp_path)
    p = run_cli("rules", cwd=tmp_path)
    assert p.returncode == 0 and "TST0301" in p.stdout and "calm-down" in p.stdout
    p = run_cli("explain", "TST0301", cwd=tmp_path)
    assert p.returncode == 0 and "Why it matters" in p.stdout and "Please calm down" in p.stdout
    p = run_cli("explain", "NOPE99", cwd=tmp_path)
    assert p.returncode == 2 and "no rule named 'NOPE99'" in p.stderr


def test_rules_lists_template_checks_and_explain_knows_them(tmp_path):
    p = run_cli("rules", cwd=tmp_path)
    assert "TPL003   -   info     template           greeting-without-fallback" in p.stdout
    p = run_cli("explain", "TPL001", cwd=tmp_path)
    assert p.returncode == 0 and p.stdout.startswith("TPL001 unbalanced-delimiters  [template, error]")


def test_stdin_filename_picks_reader_config_and_path(tmp_path):
    write_ruleset(tmp_path, config_extra="per-file-ignores:\n  'legacy/*': [shouting]\n")
    md = "# Title\n\n## Refunds\n\nPlease calm down!!\n"
    out = json.loads(run_cli("check", "--format", "json", "--stdin-filename", "legacy/m.md", "-", input=md, cwd=tmp_path).stdout)
    assert [(d["path"], d["macro"], d["code"], d["line"], d["column"]) for d in out] == [("legacy/m.md", "Refunds", "TST0301", 5, 1)]
