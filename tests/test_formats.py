"""Machine output: json (with its documented schema), jsonl, sarif, github, junit.

Every format is produced by the real CLI (`python -m replylint check --format X`)
on files in a temporary project whose rules come from a temporary ruleset
folder, and checked against its contract: the JSON Schema in docs/schema/, the
OASIS SARIF 2.1.0 schema vendored in tests/schemas/, the Actions toolkit's
escaping, and a parseable JUnit document.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from conftest import run_cli
from helpers import install_rules
from replylint.formatters import FORMATS, Report
from replylint.formatters import github as github_fmt
from replylint.formatters import json as json_fmt
from replylint.model import Applicability, Diagnostic, Edit, Position, Severity, Suggestion

ROOT = Path(__file__).resolve().parent.parent
FINDINGS_SCHEMA = json.loads((ROOT / "docs" / "schema" / "findings.schema.json").read_text(encoding="utf-8"))
SARIF_SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))

RULES = {
    "calm-down/fmt-calm.yaml": """\
code: FT0301
name: fmt-calm
category: calm-down
kind: phrase
severity: error
message: Do not tell the customer to calm down.
rationale: |
  FORMAT RATIONALE: telling someone how to feel escalates.

  Name the feeling instead.
patterns: ["calm down"]
suggestions:
  - {title: Name the feeling, replacement: "I can see this has been frustrating", applicability: unsafe}
examples:
  bad: ["Please [[calm down]]."]
  good: ["Thanks."]
""",
    "shouting/fmt-bangs.yaml": """\
code: FT0801
name: fmt-bangs
category: shouting
kind: punctuation
severity: warning
message: Stacked exclamation marks read as shouting.
rationale: One mark says the same thing calmly.
patterns: ["!{2,}"]
suggestions:
  - {title: Use one mark, replacement: "!", applicability: safe}
examples:
  bad: ["Done[[!!]]"]
  good: ["Done!"]
""",
    "dismissive-closer/fmt-whatever.yaml": """\
code: FT0701
name: fmt-whatever
category: dismissive-closer
kind: phrase
severity: info
message: '"Whatever" dismisses the customer.'
rationale: It tells the customer their problem does not matter.
patterns: ["whatever"]
suggestions:
  - {title: Say what you will do instead, replacement: "Here is what I will do next", applicability: display-only}
examples:
  bad: ["OK, [[whatever]]."]
  good: ["OK."]
""",
}
REPLY = "Hi Sam \U0001F600 please calm down!!\nIt is whatever, 100% fine: really.\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    install_rules(tmp_path, RULES, "rulesets: [rules]\nselect: [FT]\n")
    (tmp_path / "replies").mkdir()
    (tmp_path / "replies" / "a, b: c.txt").write_text(REPLY, encoding="utf-8")
    (tmp_path / "replies" / "clean.txt").write_text("Thanks for waiting, the refund is on its way.\n", encoding="utf-8")
    (tmp_path / "batch.jsonl").write_text(
        json.dumps({"id": "t-1", "text": "calm down!!"}) + "\n" + json.dumps({"id": "t-2", "text": "All good."}) + "\n", encoding="utf-8")
    return tmp_path


def check(project: Path, fmt: str, *paths: str, input: str | None = None):
    proc = run_cli("check", "--format", fmt, *(paths or ("replies", "batch.jsonl")), cwd=project, input=input)
    assert proc.returncode in (0, 1), proc.stderr
    return proc


# --- json: the contract ------------------------------------------------------------------

def test_json_output_validates_against_the_documented_schema(project: Path) -> None:
    jsonschema.Draft202012Validator.check_schema(FINDINGS_SCHEMA)
    validator = jsonschema.Draft202012Validator(FINDINGS_SCHEMA)
    out = json.loads(check(project, "json").stdout)
    validator.validate(out)
    assert {f["code"] for f in out} == {"FT0301", "FT0801", "FT0701"}
    assert {f["record"] for f in out} == {None, "t-1"}
    # Every key real output carries is documented in the schema (additions must be documented).
    documented = FINDINGS_SCHEMA["$defs"]["finding"]["properties"]
    for finding in out:
        assert set(finding) <= set(documented), set(finding) - set(documented)
        for s in finding["suggestions"]:
            assert set(s) <= set(FINDINGS_SCHEMA["$defs"]["suggestion"]["properties"])
            for e in s.get("edits", []):
                assert set(e) <= set(FINDINGS_SCHEMA["$defs"]["edit"]["properties"])
    # stdin too.
    validator.validate(json.loads(check(project, "json", "-", input=REPLY).stdout))


def test_json_positions_are_characters_after_an_emoji(project: Path) -> None:
    out = json.loads(check(project, "json", "replies").stdout)
    calm = next(f for f in out if f["code"] == "FT0301")
    start = REPLY.index("calm down")
    assert (calm["offset"], calm["length"]) == (start, 9)
    assert (calm["line"], calm["column"], calm["end_line"], calm["end_column"]) == (1, start + 1, 1, start + 10)


def test_json_schema_version_is_documented_and_pinned(project: Path) -> None:
    assert FINDINGS_SCHEMA["x-replylint-schema-version"] == json_fmt.SCHEMA_VERSION == "1"
    assert FINDINGS_SCHEMA["$id"].endswith(":" + json_fmt.SCHEMA_VERSION)
    doc = (ROOT / "docs" / "json-output.md").read_text(encoding="utf-8")
    assert "schema version" in doc.lower() and "findings.schema.json" in doc
    assert check(project, "json-v1").stdout == check(project, "json").stdout


def test_empty_json_is_an_empty_array(project: Path) -> None:
    proc = check(project, "json", "replies/clean.txt")
    assert json.loads(proc.stdout) == [] and proc.returncode == 0


def test_jsonl_is_one_json_finding_a_line(project: Path) -> None:
    lines = check(project, "jsonl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == json.loads(check(project, "json").stdout)
    for line in lines:
        jsonschema.validate([json.loads(line)], FINDINGS_SCHEMA)
    assert check(project, "jsonl", "replies/clean.txt").stdout == ""


# --- sarif ---------------------------------------------------------------------------------

def sarif_validator() -> jsonschema.Draft4Validator:
    return jsonschema.Draft4Validator(SARIF_SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def test_sarif_is_valid_against_the_oasis_schema(project: Path) -> None:
    assert SARIF_SCHEMA["id"].startswith("https://docs.oasis-open.org/sarif/sarif/v2.1.0/")
    log = json.loads(check(project, "sarif").stdout)
    errors = sorted(sarif_validator().iter_errors(log), key=str)
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])
    clean = json.loads(check(project, "sarif", "replies/clean.txt").stdout)
    sarif_validator().validate(clean)
    assert clean["runs"][0]["results"] == [] and clean["runs"][0]["tool"]["driver"]["rules"] == []


def test_sarif_matches_the_json_findings_and_carries_what_github_needs(project: Path) -> None:
    log = json.loads(check(project, "sarif").stdout)
    findings = json.loads(check(project, "json").stdout)
    assert log["version"] == "2.1.0"
    [run] = log["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert driver["name"] == "replylint" and driver["version"]
    rules = driver["rules"]
    assert [r["id"] for r in rules] == sorted({f["code"] for f in findings})
    calm_rule = next(r for r in rules if r["id"] == "FT0301")
    assert "FORMAT RATIONALE" in calm_rule["help"]["text"] and "FORMAT RATIONALE" in calm_rule["help"]["markdown"]
    assert calm_rule["fullDescription"]["text"].startswith("FORMAT RATIONALE")
    assert calm_rule["shortDescription"]["text"] == "Do not tell the customer to calm down."
    assert calm_rule["defaultConfiguration"]["level"] == "error"
    assert "calm-down" in calm_rule["properties"]["tags"]
    results = run["results"]
    assert len(results) == len(findings)
    for res, f in zip(results, findings):
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"] == f["code"]
        assert res["level"] == {"error": "error", "warning": "warning", "info": "note"}[f["severity"]]
        loc = res["locations"][0]["physicalLocation"]
        region = loc["region"]
        assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == (
            f["line"], f["column"], f["end_line"], f["end_column"])
        assert (region["charOffset"], region["charLength"]) == (f["offset"], f["length"])
        assert loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert not loc["artifactLocation"]["uri"].startswith("/")
        assert res["partialFingerprints"]
    assert len({next(iter(r["partialFingerprints"].values())) for r in results}) == len(results)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    # jsonschema checks format "uri" only with an optional package: check RFC 3986 characters here.
    for uri in uris | {run["originalUriBaseIds"]["%SRCROOT%"]["uri"]}:
        assert re.fullmatch(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+", uri), uri
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].startswith("file:///") and run["originalUriBaseIds"]["%SRCROOT%"]["uri"].endswith("/")
    assert "replies/a%2C%20b%3A%20c.txt" in uris and "batch.jsonl" in uris
    # Fixes from safe and unsafe suggestions, labelled; display-only ones are not fixes.
    by_rule = {r["ruleId"]: r for r in results if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] != "batch.jsonl"}
    assert by_rule["FT0801"]["fixes"][0]["properties"]["applicability"] == "safe"
    assert by_rule["FT0301"]["fixes"][0]["properties"]["applicability"] == "unsafe"
    repl = by_rule["FT0801"]["fixes"][0]["artifactChanges"][0]["replacements"][0]
    start = REPLY.index("!!")
    assert repl["insertedContent"] == {"text": "!"}
    assert (repl["deletedRegion"]["charOffset"], repl["deletedRegion"]["charLength"]) == (start, 2)
    if "startLine" in repl["deletedRegion"]:
        assert (repl["deletedRegion"]["startLine"], repl["deletedRegion"]["startColumn"], repl["deletedRegion"]["endColumn"]) == (1, start + 1, start + 3)
    assert "fixes" not in by_rule["FT0701"]
    assert by_rule["FT0701"]["properties"]["suggestions"][0]["applicability"] == "display-only"
    assert run["invocations"][0]["executionSuccessful"] is True


def test_sarif_fingerprints_survive_moving_the_text(project: Path) -> None:
    def prints() -> set[str]:
        log = json.loads(check(project, "sarif", "replies").stdout)
        return {next(iter(r["partialFingerprints"].values())) for r in log["runs"][0]["results"]}

    before = prints()
    f = project / "replies" / "a, b: c.txt"
    f.write_text("New first line.\n\n" + REPLY, encoding="utf-8")
    assert prints() == before


# --- github ----------------------------------------------------------------------------------

ANNOTATION = re.compile(r"^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),title=([^,:]+)::(.*)$")


def test_github_annotations(project: Path) -> None:
    lines = check(project, "github").stdout.splitlines()
    findings = json.loads(check(project, "json").stdout)
    assert len(lines) == len(findings)
    for line, f in zip(lines, findings):
        m = ANNOTATION.match(line)
        assert m, line
        level, path, ln, col, end_ln, end_col, title, message = m.groups()
        assert level == {"error": "error", "warning": "warning", "info": "notice"}[f["severity"]]
        assert (int(ln), int(col), int(end_ln), int(end_col)) == (f["line"], f["column"], f["end_line"], f["end_column"])
        assert title == f"{f['code']} {f['name']}"
        assert "\n" not in message and "%0A" in message  # the fix hint is on its own (escaped) line
    calm = next(line for line in lines if "FT0301" in line)
    assert "file=replies/a%2C b%3A c.txt," in calm  # relative, with , and : escaped in the property
    whatever = next(line for line in lines if "FT0701" in line)
    assert whatever.startswith("::notice ")


def test_github_escaping() -> None:
    assert github_fmt.escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert github_fmt.escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"
    d = Diagnostic(code="RL0101", name="n", category="customer-wrong", severity=Severity.ERROR, message="50% off, really:\nno",
                   offset=0, length=3, start=Position(2, 1), end=Position(3, 2), path="<stdin>")
    line = github_fmt.annotation(d)
    assert line == "::error file=<stdin>,line=2,endLine=3,title=RL0101 n::50%25 off, really:%0Ano [customer-wrong]"


# --- junit ------------------------------------------------------------------------------------

def test_junit_xml(project: Path) -> None:
    root = ET.fromstring(check(project, "junit").stdout)
    findings = json.loads(check(project, "json").stdout)
    assert root.tag == "testsuites"
    assert int(root.get("tests")) == int(root.get("failures")) == len(findings)
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == len(findings)
    failure = cases[0].find("failure")
    assert failure is not None and failure.get("type") in ("error", "warning", "info")
    assert any("FT0301 fmt-calm" in c.get("name") for c in cases)
    clean = ET.fromstring(check(project, "junit", "replies/clean.txt").stdout)
    assert clean.get("tests") == "1" and clean.get("failures") == "0"
    assert clean.find("./testsuite/testcase/failure") is None


def test_every_registered_format_renders_an_empty_and_a_full_report() -> None:
    d = Diagnostic(code="RL0801", name="all-caps", category="shouting", severity=Severity.WARNING, message="Caps.",
                   offset=4, length=3, start=Position(1, 5), end=Position(1, 8), path="x.txt", matched="BAD",
                   suggestions=(Suggestion("Lower it", "bad", Applicability.SAFE, (Edit(4, 3, "bad"),)),))
    import importlib

    for name, module in FORMATS.items():
        render = importlib.import_module(module).render
        assert isinstance(render(Report([])), str)
        assert "RL0801" in render(Report([d], files=1)), name
