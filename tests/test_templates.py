"""Template grammars (never prose, never altered) and the TPL diagnostics of macro files."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from replylint.api import lint, lint_source
from replylint.config import Config
from replylint.document import Source
from replylint.readers import ReadOptions
from replylint.templates import find_placeholders


def md(text: str, **cfg):
    diags, _ = lint_source(Source("m.md", text), options=ReadOptions(), config=Config(**cfg))
    return [(d.code, d.matched) for d in diags if d.code.startswith("TPL")]


@pytest.mark.parametrize("token", [
    "{{ticket.requester.first_name}}", "{{#if name}}", "{% if ticket.status == 'solved' %}",
    "{%customer.firstName,fallback=there%}", '{{first_name | fallback: "there"}}', "{{{raw_html}}}",
    "{NAME}", "[ADD NAME HERE]", "<ISSUE_NUMBER>", "KEY_WORD_CUSTOMER_FIRSTNAME", "+XXXXXXX",
])
def test_every_grammar_is_a_placeholder(token):
    spans = list(find_placeholders(f"Hi {token} there"))
    assert any(s == 3 and e == 3 + len(token) for s, e, _g in spans), spans


def test_placeholders_are_never_flagged_or_fixed():
    text = "PLEASE CALM DOWN is not said here. Hi {{PLEASE_CALM_DOWN}} [PLEASE CALM DOWN] <PLEASE_CALM_DOWN>."
    diags = lint(text, lang="en")
    for d in diags:
        for s in d.suggestions:
            for e in s.edits:
                touched = text[e.offset:e.end]
                assert "{{" not in touched and "[" not in touched and "<" not in touched


def test_unbalanced_delimiters():
    assert md("# M\n\nHello {{ ticket.id and {% if x %}done{% endif %}\n") == [("TPL001", "{{")]
    assert md("# M\n\nHello ticket.id }} done\n") == [("TPL001", "}}")]
    assert md("# M\n\nHello {%customer.firstName,fallback=there%} and {{ a }}\n") == []


def test_unclosed_blocks():
    assert md("# M\n\n{% if a %}Hi{% endif %} {% for x in y %}z\n") == [("TPL002", "{% for x in y %}")]
    assert md("# M\n\n{{#if a}}Hi{{/each}}\n") == [("TPL002", "{{#if a}}"), ("TPL002", "{{/each}}")]


@pytest.mark.parametrize("greeting, flagged", [
    ("Hi {{first_name}},", True),
    ("Hello {{ customer.name }}!", True),
    ("Hi {{first_name | default: 'there'}},", False),
    ('Hi {{first_name | fallback: "there"}},', False),
    ("Hi {%customer.firstName,fallback=there%},", False),
    ("Hi {%customer.firstName%},", True),
    ("{% if first_name %}Hi {{first_name}},{% else %}Hi there,{% endif %}", False),
    ("Hi {NAME},", False),  # an agent fill-in, not a variable
    ("Thanks {{first_name}} for waiting,", False),  # not a greeting
])
def test_greeting_without_fallback(greeting, flagged):
    got = md(f"# M\n\n{greeting}\n\nThanks.\n")
    assert (("TPL003" in [c for c, _ in got])) is flagged, got


def test_placeholder_names_outside_the_configured_list():
    text = "# M\n\nHi {{ticket.requester.first_name}}, {{ticket.secret_thing}} and {NAME}.\n"
    assert md(text) == [("TPL003", "{{ticket.requester.first_name}}")]  # no list configured: no TPL004
    got = md(text, placeholders=["ticket.requester.*", "NAME"], ignore=["TPL003"])
    assert got == [("TPL004", "{{ticket.secret_thing}}")]


def test_fill_in_only_in_ready_macros():
    assert md("# M\n\nDear [CUSTOMER NAME], issue #<ISSUE_NUMBER>.\n") == []
    ready = "# M\n<!-- replylint-ready -->\nDear [CUSTOMER NAME], issue #<ISSUE_NUMBER>, {NAME}.\n"
    assert md(ready) == [("TPL005", "[CUSTOMER NAME]"), ("TPL005", "<ISSUE_NUMBER>"), ("TPL005", "{NAME}")]


def test_template_rules_obey_ignore_select_and_severity():
    text = "# M\n\nHi {{first_name}},\n"
    assert md(text, ignore=["template"]) == []
    assert md(text, select=["calm-down"]) == []
    diags, _ = lint_source(Source("m.md", text), options=ReadOptions(), config=Config(severity={"TPL003": "error"}))
    assert [str(d.severity) for d in diags if d.code == "TPL003"] == ["error"]


def test_template_checks_are_off_for_plain_and_jsonl_replies(tmp_path):
    assert [d for d in lint("Hi {{first_name}}, thanks {{ oops", lang="en") if d.code.startswith("TPL")] == []
    batch = tmp_path / "b.jsonl"
    batch.write_text(json.dumps({"id": "1", "text": "Hi {{first_name}}, thanks {{ oops"}) + "\n")
    (tmp_path / "r.txt").write_text("Hi {{first_name}}, thanks {{ oops\n")
    proc = subprocess.run([sys.executable, "-m", "replylint", "check", "--format", "json", "--exit-zero", str(batch), str(tmp_path / "r.txt")],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert not [f for f in json.loads(proc.stdout) if f["category"] == "template"]

