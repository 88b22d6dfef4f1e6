"""Config discovery and validation; ruleset validation errors cite file and line."""
from __future__ import annotations

import json

import pytest

from replylint.config import ConfigError, load_file
from replylint.ruleset import RulesetError, load
from tests.conftest import run_cli
from tests.helpers import BANG_RULE, CALM_RULE, write_ruleset


def test_config_found_from_file_upward(tmp_path):
    write_ruleset(tmp_path, CALM_RULE, BANG_RULE, config_extra="severity: {TST0801: error}\n")
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    (sub / "r.txt").write_text("Hi!!", encoding="utf-8")
    out = json.loads(run_cli("check", "--format", "json", str(sub / "r.txt")).stdout)
    assert [(d["code"], d["severity"]) for d in out] == [("TST0801", "error")]


def test_pyproject_section(tmp_path):
    write_ruleset(tmp_path)
    (tmp_path / ".replylint.yaml").unlink()
    (tmp_path / "pyproject.toml").write_text('[project]\nname="x"\n\n[tool.replylint]\nrulesets = ["myrules"]\nselect = ["TST08"]\n', encoding="utf-8")
    (tmp_path / "r.txt").write_text("calm down!!", encoding="utf-8")
    out = json.loads(run_cli("check", "--format", "json", "r.txt", cwd=tmp_path).stdout)
    assert [d["code"] for d in out] == ["TST0801"]


def test_per_file_ignores(tmp_path):
    write_ruleset(tmp_path, CALM_RULE, BANG_RULE, config_extra="per-file-ignores:\n  'legacy/*.txt': [shouting]\n")
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "r.txt").write_text("calm down!!", encoding="utf-8")
    (tmp_path / "new.txt").write_text("calm down!!", encoding="utf-8")
    out = json.loads(run_cli("check", "--format", "json", "legacy", "new.txt", cwd=tmp_path).stdout)
    assert sorted((d["path"], d["code"]) for d in out) == [("legacy/r.txt", "TST0301"), ("new.txt", "TST0301"), ("new.txt", "TST0801")]


def test_extra_acronyms_and_terms(tmp_path):
    rule = BANG_RULE.replace("kind: punctuation", "kind: phrase").replace('patterns: ["!{2,}"]', 'patterns: ["guaranteed"]').replace("[[!!]]", " [[guaranteed]]")
    write_ruleset(tmp_path, rule, config_extra="terms: [Guaranteed Delivery]\n")
    (tmp_path / "r.txt").write_text("Pick Guaranteed Delivery at checkout. It is guaranteed.", encoding="utf-8")
    out = json.loads(run_cli("check", "--format", "json", "r.txt", cwd=tmp_path).stdout)
    assert [(d["column"], d["length"]) for d in out] == [(45, 10)]


@pytest.mark.parametrize("body,line,message", [
    ("select: [a]\nfail-level: loud\n", 2, "unknown severity 'loud'"),
    ("select: [a]\nbogus: 1\n", 2, "unknown setting 'bogus'"),
    ("select: [a\n", 2, "invalid YAML"),
    ("ignore: {a: 1}\n", 1, "'ignore' must be a list of strings"),
])
def test_broken_config_cites_file_and_line(tmp_path, body, line, message):
    cfg = tmp_path / ".replylint.yaml"
    cfg.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_file(cfg)
    assert str(err.value).startswith(f"{cfg}:{line}: ") and message in str(err.value)
    (tmp_path / "r.txt").write_text("x", encoding="utf-8")
    p = run_cli("check", "r.txt", cwd=tmp_path)
    assert p.returncode == 2 and p.stderr.startswith(f"replylint: error: {cfg}:{line}: ") and "Traceback" not in p.stderr


def _rule_dir(tmp_path, body: str, name: str = "rule.yaml"):
    d = tmp_path / "rs" / "en" / "x"
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_text(body, encoding="utf-8")
    return d / name


@pytest.mark.parametrize("mutate,line,message", [
    (lambda r: r.replace("severity: error", "severity: error\ncolour: red"), 6, "unknown key 'colour'"),
    (lambda r: r.replace('patterns: ["(?:please\\\\s+)?calm\\\\s+down"]', 'patterns: ["calm (down"]'), 8, "bad regular expression"),
    (lambda r: r.replace("category: calm-down", "category: rudeness"), 3, "unknown category 'rudeness'"),
    (lambda r: r.replace("kind: phrase", "kind: magic"), 4, "unknown rule kind 'magic'"),
    (lambda r: r.replace("code: TST0301", "code: tst"), 1, "rule code 'tst'"),
])
def test_ruleset_errors_cite_file_and_line(tmp_path, mutate, line, message):
    path = _rule_dir(tmp_path, mutate(CALM_RULE))
    with pytest.raises(RulesetError) as err:
        load([tmp_path / "rs"])
    assert str(err.value).startswith(f"{path}:{line}: "), str(err.value)
    assert message in str(err.value)


def test_duplicate_codes_and_names(tmp_path):
    _rule_dir(tmp_path, CALM_RULE, "a.yaml")
    second = _rule_dir(tmp_path, CALM_RULE.replace("name: test-calm-down", "name: other"), "b.yaml")
    with pytest.raises(RulesetError, match="duplicate rule code TST0301") as err:
        load([tmp_path / "rs"])
    assert str(err.value).startswith(str(second))
    second.write_text(CALM_RULE.replace("TST0301", "TST0302"), encoding="utf-8")
    with pytest.raises(RulesetError, match="duplicate rule name test-calm-down"):
        load([tmp_path / "rs"])


def test_broken_ruleset_via_cli_is_exit_2(tmp_path):
    write_ruleset(tmp_path, CALM_RULE.replace("kind: phrase", "kind: magic"))
    (tmp_path / "r.txt").write_text("x", encoding="utf-8")
    p = run_cli("check", "r.txt", cwd=tmp_path)
    assert p.returncode == 2 and "unknown rule kind 'magic'" in p.stderr and "rule.yaml:4:" in p.stderr


def test_catastrophic_pattern_is_a_clear_error(tmp_path):
    evil = CALM_RULE.replace('patterns: ["(?:please\\\\s+)?calm\\\\s+down"]', 'patterns: ["(?:a|aa)+b"]').replace("[[Please calm down]].", "[[aab]]")
    write_ruleset(tmp_path, evil)
    (tmp_path / "r.txt").write_text("a" * 30000 + "c", encoding="utf-8")
    (tmp_path / "ok.txt").write_text("fine", encoding="utf-8")
    p = run_cli("check", "r.txt", "ok.txt", cwd=tmp_path)
    assert p.returncode == 2
    assert "rule TST0301 (test-calm-down) took too long" in p.stderr and "rule.yaml" in p.stderr
    assert "All clear: no findings in 2 files." in p.stdout
