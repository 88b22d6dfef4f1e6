"""The fix guarantees, each through the real CLI (`python -m replylint check --fix ...`).

The tests use their own small rules (a temp ruleset folder selected with
`select: [TFX]`), so they do not change when the shipped rules do.
"""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from conftest import run_cli
from helpers import install_rules

RULES = {
    "shouting/tfx-marks.yaml": """
code: TFX01
name: tfx-marks
category: shouting
kind: punctuation
severity: warning
message: Stacked marks.
rationale: test rule
patterns: ["!{2,}"]
examples: {bad: ["Done[[!!]]"], good: ["Done!"]}
""",
    "shouting/tfx-caps.yaml": """
code: TFX02
name: tfx-caps
category: shouting
kind: capitals
severity: warning
message: Caps.
rationale: test rule
min_words: 2
suggestions: [{title: Use sentence case, replacement: "", applicability: safe}]
examples: {bad: ["[[READ THIS NOW]] please"], good: ["Read this"]}
""",
    "calm-down/tfx-calm.yaml": """
code: TFX03
name: tfx-calm
category: calm-down
kind: phrase
severity: error
message: Calm down.
rationale: test rule
patterns: ["calm down"]
suggestions: [{title: Name the feeling, replacement: "I can see how frustrating this has been", applicability: unsafe}]
examples: {bad: ["[[Calm down]]."], good: ["Fine."]}
""",
    "argumentative/tfx-as-i-said.yaml": """
code: TFX04
name: tfx-as-i-said
category: argumentative
kind: phrase
severity: warning
message: Reproach.
rationale: test rule
patterns: ["as I (?:said|mentioned)"]
suggestions: [{title: Drop it, replacement: "", applicability: safe}]
examples: {bad: ["[[As I said]], done."], good: ["Done."]}
""",
    "dismissive-closer/tfx-really-really.yaml": """
code: TFX05
name: tfx-really-really
category: dismissive-closer
kind: phrase
severity: warning
message: Doubled word.
rationale: test rule
patterns: ["really really"]
suggestions: [{title: Once, replacement: "really", applicability: safe}]
examples: {bad: ["[[really really]] good"], good: ["good"]}
""",
    "dismissive-closer/tfx-really-good.yaml": """
code: TFX06
name: tfx-really-good
category: dismissive-closer
kind: phrase
severity: warning
message: Weak intensifier.
rationale: test rule
patterns: ["really good"]
suggestions: [{title: Say great, replacement: "great", applicability: safe}]
examples: {bad: ["[[really good]]"], good: ["good"]}
""",
    "missing-apology/tfx-apology.yaml": """
code: TFX07
name: tfx-apology
category: missing-apology
kind: required
severity: warning
message: No apology.
rationale: test rule
when: always
position: start
insert: "I'm sorry for the trouble."
satisfied_by: ["sorry"]
examples: {bad: ["Done."], good: ["Sorry, done."]}
""",
    "hostile-language/tfx-no-way.yaml": """
code: TFX08
name: tfx-no-way
category: hostile-language
kind: phrase
severity: warning
message: Flat refusal.
rationale: test rule
patterns: ["no way"]
suggestions: [{title: Offer a plan, replacement: "we'll find a \\"plan B\\"", applicability: safe}]
examples: {bad: ["[[No way]]."], good: ["Maybe."]}
""",
    "not-my-job/tfx-ask-them.yaml": """
code: TFX11
name: tfx-ask-them
category: not-my-job
kind: phrase
severity: warning
message: Passing the customer on.
rationale: test rule (its match spans whatever word stands between)
patterns: ['ask\\s+\\w+\\s+instead']
suggestions: [{title: Do it for them, replacement: "let me ask them for you", applicability: safe}]
examples: {bad: ["[[Ask Jo instead]]."], good: ["I'll ask."]}
""",
    "cutting-off/tfx-ping.yaml": """
code: TFX09
name: tfx-ping
category: cutting-off
kind: phrase
severity: warning
message: Ping.
rationale: test rule (its fix and TFX10's undo each other)
patterns: ["zing"]
suggestions: [{title: Zong, replacement: "zong", applicability: safe}]
examples: {bad: ["[[zing]]"], good: ["ok"]}
""",
    "cutting-off/tfx-pong.yaml": """
code: TFX10
name: tfx-pong
category: cutting-off
kind: phrase
severity: warning
message: Pong.
rationale: test rule
patterns: ["zong"]
suggestions: [{title: Zing, replacement: "zing", applicability: safe}]
examples: {bad: ["[[zong]]"], good: ["ok"]}
""",
}


# A language of our own ("tx", English words), so that changes to the shipped
# English lexicon (acronyms, greetings) cannot change what these tests see.
LANGUAGE = r"""
name: Test English
acronyms: [FAQ, ID]
greeting: ['(?:hi|hello|dear)\b[^\n]{0,60}']
signoff: ['(?:best|kind regards|thanks|cheers)[ \t]*[,!.]?']
complaint:
  reply: ['refund|label|done']
"""


def make_project(tmp: Path, select: list[str]) -> Path:
    return install_rules(tmp, RULES, f"rulesets: [myrules]\nlang: tx\nselect: [{', '.join(select)}]\n",
                         folder="myrules", lang="tx", language_yaml=LANGUAGE)


@pytest.fixture
def project(tmp_path):
    """A folder with the test rules; select the safe and unsafe span rules by default."""
    return make_project(tmp_path, ["TFX01", "TFX02", "TFX03", "TFX04", "TFX08"])


def write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def check(cwd: Path, *args: str):
    return run_cli("check", "--no-color", *args, cwd=cwd)


# --- the tiers -------------------------------------------------------------------


def test_fix_applies_safe_fixes_exactly(project):
    f = write(project / "r.txt", "Hi Sam,\n\nAs I said, the refund is done!! PLEASE CHECK YOUR BANK.\n")
    r = check(project, "--fix", "r.txt")
    assert f.read_text(encoding="utf-8") == "Hi Sam,\n\nThe refund is done! Please check your bank.\n"
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Fixed 3; 0 remain" in r.stdout


def test_unsafe_fixes_only_with_the_flag(project):
    f = write(project / "r.txt", "Calm down. The refund is done.\n")
    r = check(project, "--fix", "r.txt")
    assert f.read_text(encoding="utf-8") == "Calm down. The refund is done.\n"
    assert r.returncode == 1 and "1 more with --fix --unsafe-fixes" in r.stdout
    r = check(project, "--fix", "--unsafe-fixes", "r.txt")
    assert f.read_text(encoding="utf-8") == "I can see how frustrating this has been. The refund is done.\n"
    assert r.returncode == 0, r.stdout + r.stderr


def test_display_only_is_never_applied(tmp_path):
    project = make_project(tmp_path, ["TFX07"])
    before = "Hi Sam,\n\nThe refund is done.\n"
    f = write(project / "r.txt", before)
    r = check(project, "--fix", "--unsafe-fixes", "r.txt")
    assert f.read_text(encoding="utf-8") == before
    assert r.returncode == 1 and "TFX07" in r.stdout


# --- stability ------------------------------------------------------------------------


def test_second_fix_run_changes_nothing(project):
    f = write(project / "r.txt", "As I said, the refund is done!!! READ THE EMAIL WE SENT. Calm down.\n")
    check(project, "--fix", "--unsafe-fixes", "r.txt")
    once = f.read_bytes()
    mtime = f.stat().st_mtime_ns
    r = check(project, "--fix", "--unsafe-fixes", "r.txt")
    assert f.read_bytes() == once
    assert f.stat().st_mtime_ns == mtime  # not even rewritten
    assert "Fixed" not in r.stdout and r.returncode == 0


def test_overlapping_edits_skipped_then_relinted(tmp_path):
    project = make_project(tmp_path, ["TFX05", "TFX06"])
    f = write(project / "r.txt", "That is really really good news.\n")
    r = check(project, "--format", "json", "r.txt")
    found = {d["code"] for d in json.loads(r.stdout)}
    assert found == {"TFX05", "TFX06"}  # two overlapping edits in one pass
    r = check(project, "--fix", "r.txt")
    # pass 1 applies the first (really really -> really) and skips the overlapping one;
    # pass 2 re-lints and applies the other (really good -> great).
    assert f.read_text(encoding="utf-8") == "That is great news.\n"
    assert "Fixed 2; 0 remain" in r.stdout and r.returncode == 0


def test_fixes_that_undo_each_other_stop_at_the_bound(tmp_path):
    project = make_project(tmp_path, ["TFX09", "TFX10"])
    write(project / "r.txt", "zing\n")
    r = check(project, "--fix", "r.txt")
    assert r.returncode == 2
    assert "did not settle after 10 passes" in r.stderr


# --- bytes outside the edits -------------------------------------------------------------


@pytest.mark.parametrize("before,after", [
    pytest.param(b"\xef\xbb\xbfDone!! Thanks", b"\xef\xbb\xbfDone! Thanks", id="bom-no-final-newline"),
    pytest.param(b"Hi Sam,\r\n\r\nDone!!\r\nAs I said, it works.\r\n", b"Hi Sam,\r\n\r\nDone!\r\nIt works.\r\n", id="crlf"),
    pytest.param(b"Hi Sam,\n\nDone!!\nAs I said, it works.", b"Hi Sam,\n\nDone!\nIt works.", id="lf-no-final-newline"),
    pytest.param("Hi Zoë,\r\n\r\nDone!! \u2014 café\u2019s open\r\n\r\n".encode("utf-8"),
                 "Hi Zoë,\r\n\r\nDone! \u2014 café\u2019s open\r\n\r\n".encode("utf-8"), id="utf8-crlf-trailing-blank"),
    pytest.param(b"Done!!\n\n\n  \n", b"Done!\n\n\n  \n", id="trailing-blank-lines"),
])
def test_bytes_outside_edits_untouched(project, before, after):
    f = write(project / "r.txt", before)
    r = check(project, "--fix", "r.txt")
    assert f.read_bytes() == after, r.stdout + r.stderr


def test_atomic_write_keeps_permissions(project):
    f = write(project / "r.txt", "Done!!\n")
    os.chmod(f, 0o640)
    inode = f.stat().st_ino
    r = check(project, "--fix", "r.txt")
    assert f.read_text(encoding="utf-8") == "Done!\n", r.stderr
    assert stat.S_IMODE(f.stat().st_mode) == 0o640
    assert f.stat().st_ino != inode  # replaced by rename, not rewritten in place
    assert sorted(p.name for p in project.iterdir() if p.is_file()) == [".replylint.yaml", "r.txt"]  # no temp file left


def test_symlink_is_kept_and_target_fixed(project):
    target = write(project / "real.txt", "Done!!\n")
    link = project / "link.txt"
    link.symlink_to(target.name)
    check(project, "--fix", "link.txt")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "Done!\n"


# --- placeholders --------------------------------------------------------------------------


def test_placeholders_stay_byte_identical(tmp_path):
    project = make_project(tmp_path, ["TFX01", "TFX02", "TFX03", "TFX04", "TFX11"])
    text = ("Hi {{ticket.requester.first_name}},\n\n"
            "PLEASE WAIT {{TICKET.ID}} FOR US!! Ask {{agent.name}} instead. "
            "As I said, {%customer.firstName,fallback=there%}, the label is in [ORDER NUMBER].\n")
    f = write(project / "r.txt", text)
    r = check(project, "--format", "json", "r.txt")
    ask = [d for d in json.loads(r.stdout) if d["code"] == "TFX11"]
    # The match spans a placeholder: the rule says safe, the engine makes it display-only.
    assert len(ask) == 1 and [s["applicability"] for s in ask[0]["suggestions"]] == ["display-only"]
    check(project, "--fix", "--unsafe-fixes", "r.txt")
    out = f.read_text(encoding="utf-8")
    assert out == ("Hi {{ticket.requester.first_name}},\n\n"
                   "Please wait {{TICKET.ID}} for us! Ask {{agent.name}} instead. "
                   "{%customer.firstName,fallback=there%}, the label is in [ORDER NUMBER].\n")


# --- JSONL ---------------------------------------------------------------------------------


def test_jsonl_edit_escaped_correctly(project):
    rec1 = {"id": "a1", "text": "Hi \"Sam\",\nNo way.\tThe tracking says \"delivered\"!!\nBye"}
    rec2 = {"id": "a2", "text": "Fine \\ ok."}
    raw = json.dumps(rec1, ensure_ascii=False) + "\n" + json.dumps(rec2) + "\n"
    f = write(project / "batch.jsonl", raw)
    r = check(project, "--fix", "batch.jsonl")
    assert r.returncode == 0, r.stdout + r.stderr
    lines = f.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["text"] == "Hi \"Sam\",\nWe'll find a \"plan B\".\tThe tracking says \"delivered\"!\nBye"
    assert lines[0] == ('{"id": "a1", "text": "Hi \\"Sam\\",\\nWe\'ll find a \\"plan B\\".\\tThe tracking says '
                        '\\"delivered\\"!\\nBye"}')
    assert lines[1] == json.dumps(rec2)  # untouched record, byte for byte


# --- --diff and the exit status ------------------------------------------------------------------


def test_diff_prints_unified_diff_and_writes_nothing(project):
    before = "Hi Sam,\n\nAs I said, the refund is done!!\nCalm down.\n"
    f = write(project / "r.txt", before)
    mtime = f.stat().st_mtime_ns
    r = check(project, "--diff", "r.txt")
    assert f.read_text(encoding="utf-8") == before and f.stat().st_mtime_ns == mtime
    assert r.stdout == ("--- r.txt\n+++ r.txt\n@@ -1,4 +1,4 @@\n Hi Sam,\n \n"
                        "-As I said, the refund is done!!\n+The refund is done!\n Calm down.\n")
    assert r.returncode == 1  # the findings are still in the file
    assert "Would fix 2 with --fix" in r.stderr


def test_diff_with_unsafe_fixes_and_no_final_newline(project):
    f = write(project / "r.txt", "Calm down. Done!!")
    r = check(project, "--diff", "--unsafe-fixes", "r.txt")
    assert f.read_text(encoding="utf-8") == "Calm down. Done!!"
    assert r.stdout == ("--- r.txt\n+++ r.txt\n@@ -1 +1 @@\n-Calm down. Done!!\n\\ No newline at end of file\n"
                        "+I can see how frustrating this has been. Done!\n\\ No newline at end of file\n")


def test_diff_applies_with_patch(project, tmp_path):
    import shutil
    import subprocess
    if shutil.which("patch") is None:
        pytest.skip("no patch(1)")
    before = "Hi Sam,\r\n\r\nAs I said, the refund is done!!\r\nBye"
    f = write(project / "r.txt", before)
    diff = run_cli("check", "--diff", "r.txt", input=b"", cwd=project).stdout  # bytes: CRs kept
    assert b"-As I said, the refund is done!!\r\n+The refund is done!\r\n" in diff
    subprocess.run(["patch", "-s", "-p0", "--binary"], input=diff, cwd=project, check=True)
    assert f.read_bytes() == b"Hi Sam,\r\n\r\nThe refund is done!\r\nBye"


def test_exit_status_reflects_remaining(project):
    write(project / "safe.txt", "Done!!\n")
    write(project / "unsafe.txt", "Calm down.\n")
    assert check(project, "--fix", "safe.txt").returncode == 0
    r = check(project, "--fix", "unsafe.txt")
    assert r.returncode == 1 and "TFX03" in r.stdout
    assert check(project, "--fix", "--unsafe-fixes", "unsafe.txt").returncode == 0


def test_stdin_fix_prints_fixed_text(project):
    r = run_cli("check", "--fix", "-", input="As I said, done!!\n", cwd=project)
    assert r.stdout == "Done!\n"
    assert r.returncode == 0


# --- JSON output: edits an editor can apply -----------------------------------------------------


def test_json_edits_apply_and_carry_line_column(project):
    text = "Hi Sam,\r\n\r\nThe refund, as I said, is done!!\nPLEASE CHECK YOUR BANK.\n"
    write(project / "r.txt", text)
    findings = json.loads(check(project, "--format", "json", "r.txt").stdout)
    edits = [e for d in findings for s in d["suggestions"][:1] if s["applicability"] == "safe" for e in s["edits"]]
    assert len(edits) == 3
    lines = text.split("\n")
    starts = [sum(len(l) + 1 for l in lines[:i]) for i in range(len(lines))]
    for e in edits:
        assert starts[e["line"] - 1] + e["column"] - 1 == e["offset"]
        assert starts[e["end_line"] - 1] + e["end_column"] - 1 == e["offset"] + e["length"]
    fixed = text
    for e in sorted(edits, key=lambda e: -e["offset"]):
        fixed = fixed[:e["offset"]] + e["replacement"] + fixed[e["offset"] + e["length"]:]
    assert fixed == "Hi Sam,\r\n\r\nThe refund is done!\nPlease check your bank.\n"


# --- the library -------------------------------------------------------------------------------


def test_library_fix(project):
    from replylint import FixResult, fix, load_config

    cfg = load_config(project / ".replylint.yaml")
    res = fix("As I said, the refund is done!! Calm down.", config=cfg)
    assert isinstance(res, FixResult)
    assert res.text == "The refund is done! Calm down."
    assert sorted(d.code for d in res.applied) == ["TFX01", "TFX04"]
    assert [d.code for d in res.remaining] == ["TFX03"]
    assert fix("Calm down.", config=cfg, unsafe=True).text == "I can see how frustrating this has been."


# --- grammatical rewrites --------------------------------------------------------------------------


@pytest.mark.parametrize("before,after", [
    ("As I said, the refund is done.", "The refund is done."),
    ("The refund, as I said, is done.", "The refund is done."),
    ("The refund is done, as I said.", "The refund is done."),
    ("Hi Sam, as I said, the refund is done.", "Hi Sam, the refund is done."),
    ("The refund is done. As I said.\nBye", "The refund is done.\nBye"),
    ("Done. As I mentioned - the label is attached.", "Done. The label is attached."),
    ("Hi Sam,\n\n- as I said, the label is attached", "Hi Sam,\n\n- The label is attached"),
    ("It's done (e.g. as I said).", "It's done (e.g.)."),
    ("Hi Sam, THANK YOU SAM FOR WAITING.", "Hi Sam, thank you Sam for waiting."),
    ("PLEASE NOTE. THE OFFICE IS CLOSED.", "Please note. The office is closed."),
    ("Calm down.", "I can see how frustrating this has been."),
    ("Hi Sam, calm down, it's fine.", "Hi Sam, I can see how frustrating this has been, it's fine."),
])
def test_rewrites_stay_grammatical(project, before, after):
    from replylint import fix, load_config

    assert fix(before, config=load_config(project / ".replylint.yaml"), unsafe=True).text == after


@pytest.mark.parametrize("before,after", [
    ("The refund is done.", "I'm sorry for the trouble. The refund is done."),
    ("Hi Sam,\n\nThe refund is done.\n\nBest,\nJo", "Hi Sam,\n\nI'm sorry for the trouble. The refund is done.\n\nBest,\nJo"),
    ("Hi {{ticket.requester.first_name}},\n\nThe refund is done.",
     "Hi {{ticket.requester.first_name}},\n\nI'm sorry for the trouble. The refund is done."),
    ("Hi Sam, the refund is done. It takes 3 days.", "Hi Sam, I'm sorry for the trouble. The refund is done. It takes 3 days."),
    ("Hi Sam,\n\n- Refund done.\n- Label sent.", "Hi Sam,\n\nI'm sorry for the trouble.\n\n- Refund done.\n- Label sent."),
])
def test_insertion_goes_after_the_greeting(tmp_path, before, after):
    from replylint import lint, load_config

    project = make_project(tmp_path, ["TFX07"])
    [d] = lint(before, config=load_config(project / ".replylint.yaml"))
    [s] = d.suggestions
    assert str(s.applicability) == "display-only"
    [e] = s.edits
    assert before[:e.offset] + e.replacement + before[e.offset + e.length:] == after
