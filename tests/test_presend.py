"""The pre-send verdict: `replylint.presend()`, its policy, and the `replylint presend` CLI gate.

The tests use their own small rules (a temp ruleset folder selected with
`select: [TPS]`), so they do not change when the shipped rules do.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import replylint
from conftest import run_cli
from helpers import install_rules
from replylint.config import ConfigError, load_file
from replylint.formatters.json import finding
from replylint.presend import DEFAULT_BLOCK, DEFAULT_WARN, Policy, presend, verdict_json

RULES = {
    # calm-down blocks by category, whatever its severity
    "calm-down/tps-calm.yaml": """
code: TPS01
name: tps-calm
category: calm-down
kind: phrase
severity: warning
message: Calm down.
rationale: test rule
patterns: ["calm down"]
suggestions: [{title: Name the feeling, replacement: "I can see how frustrating this has been", applicability: unsafe}]
examples: {bad: ["[[Calm down]]."], good: ["Fine."]}
""",
    "threatening/tps-legal.yaml": """
code: TPS02
name: tps-legal
category: threatening
kind: phrase
severity: warning
message: Threat.
rationale: test rule
patterns: ["legal action"]
examples: {bad: ["We will take [[legal action]]."], good: ["Fine."]}
""",
    "hostile-language/tps-ridiculous.yaml": """
code: TPS03
name: tps-ridiculous
category: hostile-language
kind: phrase
severity: info
message: Insult.
rationale: test rule
patterns: ["ridiculous request"]
examples: {bad: ["That is a [[ridiculous request]]."], good: ["Fine."]}
""",
    # error severity blocks, whatever its category
    "over-promise/tps-guaranteed.yaml": """
code: TPS04
name: tps-guaranteed
category: over-promise
kind: phrase
severity: error
message: Over-promise.
rationale: test rule
patterns: ["guaranteed"]
examples: {bad: ["It is [[guaranteed]]."], good: ["Fine."]}
""",
    # warning severity warns; its safe fix is applied to fixed_text
    "shouting/tps-marks.yaml": """
code: TPS05
name: tps-marks
category: shouting
kind: punctuation
severity: warning
message: Stacked marks.
rationale: test rule
patterns: ["!{2,}"]
suggestions: [{title: Use one mark, replacement: "!", applicability: safe}]
examples: {bad: ["Done[[!!]]"], good: ["Done!"]}
""",
    # info severity is reported and allowed
    "rushing/tps-quick.yaml": """
code: TPS06
name: tps-quick
category: rushing
kind: phrase
severity: info
message: Rushing.
rationale: test rule
patterns: ["make it quick"]
examples: {bad: ["[[Make it quick]]."], good: ["Fine."]}
""",
    # a document rule: only when the reply answers a complaint (the context decides)
    "missing-apology/tps-apology.yaml": """
code: TPS07
name: tps-apology
category: missing-apology
kind: required
severity: warning
message: No apology.
rationale: test rule
when: complaint
position: start
insert: "I'm sorry for the trouble."
satisfied_by: ["sorry"]
examples: {bad: [{text: "Done.", context: "My parcel is broken and I'm furious!!"}], good: ["Sorry, done."]}
""",
}

COMPLAINT = "My parcel arrived broken and I'm furious. This is unacceptable!!"


def make_project(root: Path, presend_yaml: str = "") -> Path:
    """A folder with `.replylint.yaml` selecting only the TPS rules; returns the config path."""
    install_rules(root, RULES, "rulesets: [rules]\nselect: [TPS]\nlang: en\n" + presend_yaml)
    return root / ".replylint.yaml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


@pytest.fixture
def cfg(project: Path):
    return load_file(project)


def codes(v) -> list[tuple[str, str]]:
    return [(d.code, a) for d, a in zip(v.findings, v.finding_actions)]


# --- the default policy ---------------------------------------------------------------

def test_default_policy_is_documented_one():
    assert Policy() == Policy.default()
    assert DEFAULT_BLOCK == ("threatening", "hostile-language", "calm-down", "error")
    assert DEFAULT_WARN == ("warning",)


@pytest.mark.parametrize("text, action, expected", [
    ("Please calm down, it is on its way.", "block", [("TPS01", "block")]),
    ("We will take legal action.", "block", [("TPS02", "block")]),
    ("That is a ridiculous request.", "block", [("TPS03", "block")]),
    ("Delivery is guaranteed.", "block", [("TPS04", "block")]),
    ("It is on its way!!", "warn", [("TPS05", "warn")]),
    ("Sure, make it quick.", "allow", [("TPS06", "allow")]),
    ("Your parcel is on its way.", "allow", []),
    ("Make it quick!! Calm down.", "block", [("TPS06", "allow"), ("TPS05", "warn"), ("TPS01", "block")]),
])
def test_default_policy(cfg, text, action, expected):
    v = presend(text, config=cfg)
    assert v.action == action
    assert codes(v) == expected
    assert v.blocked == (action == "block")


def test_clean_reply_is_allowed_with_nothing_to_fix(cfg):
    v = presend("Your parcel is on its way.", config=cfg)
    assert (v.action, v.findings, v.fixed_text, v.fixes_applied, v.reasons) == ("allow", (), "Your parcel is on its way.", 0, ())
    assert v.summary() == "allow: ok to send (no findings)"


def test_default_config_blocks_calm_down_with_shipped_rules():
    v = replylint.presend("Please calm down.")
    assert v.action == "block"
    assert "calm-down" in {d.category for d in v.reasons}


def test_fixed_text_has_safe_fixes_only(cfg):
    v = presend("Calm down!! It ships today!!!", config=cfg)
    assert v.action == "block"
    assert v.fixed_text == "Calm down! It ships today!"  # the unsafe calm-down rewrite is not applied
    assert v.fixes_applied == 2
    assert [d.code for d in v.reasons] == ["TPS01"]
    assert v.summary().startswith("block: do not send this reply (1 blocking finding: TPS01 calm-down")


def test_positions_are_into_the_original_text(cfg):
    text = "Hi!!\nPlease calm down."
    v = presend(text, config=cfg)
    calm = [d for d in v.findings if d.code == "TPS01"][0]
    assert text[calm.offset:calm.offset + calm.length].lower() == "calm down"
    assert (calm.start.line, calm.start.column) == (2, 8)


def test_context_decides_document_findings(cfg):
    reply = "Your order ships today."
    assert presend(reply, config=cfg).action == "allow"
    v = presend(reply, context=COMPLAINT, config=cfg)
    assert codes(v) == [("TPS07", "warn")] and v.action == "warn"
    assert presend("Sorry! " + reply, context=COMPLAINT, config=cfg).action == "allow"


def test_language_without_ruleset_is_allowed_with_a_note(cfg):
    v = presend("Bitte beruhigen Sie sich.", lang="xx", config=cfg)
    assert v.action == "allow" and v.findings == ()
    assert v.notes == ("not linted: no ruleset for language 'xx'",)


# --- policies ---------------------------------------------------------------------------

def test_policy_argument_mapping_and_object(cfg):
    text = "It is on its way!! Make it quick."
    assert presend(text, config=cfg, policy={"block": ["shouting"]}).action == "block"
    assert presend(text, config=cfg, policy={"block": [], "warn": []}).action == "allow"
    v = presend(text, config=cfg, policy=Policy(block=("TPS06",), warn=()))
    assert codes(v) == [("TPS05", "allow"), ("TPS06", "block")]


@pytest.mark.parametrize("key", ["TPS05", "tps", "TPS0", "tps-marks", "shouting", "warning", "ALL"])
def test_policy_keys_codes_prefixes_names_categories_severities(cfg, key):
    assert presend("Done!!", config=cfg, policy={"block": [key]}).action == "block"


def test_severity_key_is_exact(cfg):
    # `warning` does not include error findings: each severity is named on its own
    assert presend("Guaranteed.", config=cfg, policy={"block": ["warning"], "warn": []}).action == "allow"


def test_policy_from_config(tmp_path):
    cfg = load_file(make_project(tmp_path, "presend:\n  block: [shouting]\n  warn: [info]\n"))
    assert cfg.presend == {"block": ["shouting"], "warn": ["info"]}
    assert presend("Done!!", config=cfg).action == "block"
    assert presend("Make it quick.", config=cfg).action == "warn"
    # an omitted list keeps its default; calm-down is no longer in `block`, and TPS01 is a warning
    assert Policy.from_config(cfg) == Policy(block=("shouting",), warn=("info",))
    assert presend("Calm down.", config=cfg).action == "allow"


def test_omitted_policy_list_keeps_default(tmp_path):
    cfg = load_file(make_project(tmp_path, "presend:\n  warn: [info]\n"))
    assert Policy.from_config(cfg) == Policy(block=DEFAULT_BLOCK, warn=("info",))


@pytest.mark.parametrize("yaml_text, message", [
    ("presend:\n  deny: [shouting]\n", "unknown presend setting 'deny'"),
    ("presend:\n  block: {a: 1}\n", "presend 'block' must be a list"),
    ("presend: [shouting]\n", "'presend' must be a mapping"),
])
def test_config_presend_shape_is_validated(tmp_path, yaml_text, message):
    path = make_project(tmp_path, yaml_text)
    with pytest.raises(ConfigError) as exc:
        load_file(path)
    assert message in str(exc.value)
    assert exc.value.line == 4  # the `presend:` line


def test_policy_key_that_names_nothing_is_an_error(tmp_path):
    cfg = load_file(make_project(tmp_path, "presend:\n  block: [threating]\n"))
    with pytest.raises(ConfigError) as exc:
        presend("Hello.", config=cfg)
    assert "'threating' name no category, rule, code or severity" in str(exc.value)
    assert exc.value.line == 5


# --- JSON -------------------------------------------------------------------------------

def test_verdict_json_uses_the_json_output_finding_objects(cfg):
    text = "Calm down!! Make it quick."
    v = presend(text, config=cfg)
    data = verdict_json(v)
    assert data["findings"] == [finding(d) for d in replylint.lint(text, config=cfg)]
    assert data["action"] == "block" and data["finding_actions"] == ["block", "warn", "allow"]
    assert data["fixed_text"] == "Calm down! Make it quick." and data["fixes_applied"] == 1
    assert json.loads(json.dumps(data)) == data


# --- the CLI gate -------------------------------------------------------------------------

def gate(project: Path, text: str, *args: str):
    return run_cli("presend", *args, input=text, cwd=project.parent)


def test_cli_exit_codes(project):
    assert gate(project, "Your parcel is on its way.").returncode == 0
    assert gate(project, "It is on its way!!").returncode == 0  # warn still sends
    assert gate(project, "Please calm down.").returncode == 1


def test_cli_text_output(project):
    r = gate(project, "Please calm down!!")
    assert r.returncode == 1, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "BLOCK: do not send this reply (1 blocking finding: TPS01 calm-down)"
    assert any(line.startswith("  [block] <text>:1:8: TPS01 warning Calm down.") for line in lines)
    assert any(line.startswith("  [warn] <text>:1:17: TPS05 warning Stacked marks.") for line in lines)
    assert r.stderr == ""


def test_cli_json_output(project):
    r = gate(project, "Calm down!!", "--format", "json")
    assert r.returncode == 1
    data = json.loads(r.stdout)
    assert data["action"] == "block"
    assert [f["code"] for f in data["findings"]] == ["TPS01", "TPS05"]
    assert data["fixed_text"] == "Calm down!"


def test_cli_context_file(project, tmp_path):
    ctx = tmp_path / "customer.txt"
    ctx.write_text(COMPLAINT, encoding="utf-8")
    r = gate(project, "Your order ships today.", "--context", str(ctx), "--format", "json")
    assert r.returncode == 0
    assert [f["code"] for f in json.loads(r.stdout)["findings"]] == ["TPS07"]
    assert json.loads(r.stdout)["action"] == "warn"


def test_cli_policy_overrides_and_fixed_output(project, tmp_path):
    out = tmp_path / "fixed.txt"
    r = gate(project, "Done!!", "--block", "shouting", "--fixed-output", str(out))
    assert r.returncode == 1
    assert out.read_text(encoding="utf-8") == "Done!"
    assert gate(project, "Please calm down.", "--block", "threatening", "--warn", "").returncode == 0


@pytest.mark.parametrize("args, message", [
    (("--context", "missing.txt"), "missing.txt: cannot read the context"),
    (("--config", "nope.yaml"), "nope.yaml:1: cannot read config"),
    (("--block", "threating"), "'threating' name no category, rule, code or severity"),
])
def test_cli_errors_exit_2(project, args, message):
    r = gate(project, "Hello.", *args)
    assert r.returncode == 2
    assert message in r.stderr
    assert "Traceback" not in r.stderr


def test_cli_bad_config_and_bad_input_exit_2(tmp_path):
    path = make_project(tmp_path, "presend:\n  deny: [x]\n")
    r = run_cli("presend", input="Hello.", cwd=path.parent)
    assert r.returncode == 2 and "unknown presend setting 'deny'" in r.stderr
    path.write_text("rulesets: [rules]\nselect: [TPS]\n", encoding="utf-8")
    r = run_cli("presend", input=b"\xff\xfe\xfa", cwd=path.parent)
    assert r.returncode == 2 and b"not UTF-8" in r.stderr
