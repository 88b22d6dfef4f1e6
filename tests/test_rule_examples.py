"""Every example of every rule is a test: exact spans on bad ones, nothing on good ones.

A `bad` example marks the expected span(s) with [[...]]; the rule must report
exactly those spans (a document rule: exactly one finding at the marked span,
if marked). A `good` example must get no finding from that rule. Where a bad
example gives `fixed`, applying the rule's first suggestion gives that text.
"""
from __future__ import annotations

import pytest

from replylint.api import get_linter
from replylint.config import Config
from replylint.document import Source, SourceMap, TextView
from replylint.ruleset import load, parse_marked

RULESET = load()
CASES = []
for rule in RULESET.rules():
    for i, ex in enumerate(rule.bad):
        CASES.append(pytest.param(rule, ex, True, id=f"{rule.code}-{rule.name}-bad{i}"))
    for i, ex in enumerate(rule.good):
        CASES.append(pytest.param(rule, ex, False, id=f"{rule.code}-{rule.name}-good{i}"))


def findings(rule, text: str, context: str | None):
    linter = get_linter(Config(select=[rule.code]))
    view = TextView(Source("<example>", text), text, SourceMap.identity(), context=context, lang=rule.lang)
    return [d for d in linter.lint_view(view) if d.code == rule.code]


@pytest.mark.parametrize("rule,example,bad", CASES)
def test_rule_example(rule, example, bad):
    text, spans = parse_marked(example.text)
    got = findings(rule, text, example.context)
    where = f"{rule.path}:{example.line}"
    if not bad:
        assert got == [], f"{where}: good example flagged: {[d.matched for d in got]}"
        return
    assert got, f"{where}: bad example not flagged: {text!r}"
    if spans:
        assert sorted((d.offset, d.offset + d.length) for d in got) == sorted(spans), (
            f"{where}: spans {[text[d.offset:d.offset + d.length] for d in got]} != {[text[s:e] for s, e in spans]}")
    if example.fixed is not None:
        assert got[0].suggestions, f"{where}: no suggestion to produce the fixed text"
        edits = sorted((e for d in got for e in d.suggestions[0].edits), key=lambda e: e.offset, reverse=True)
        fixed = text
        for e in edits:
            fixed = fixed[:e.offset] + e.replacement + fixed[e.offset + e.length:]
        assert fixed == example.fixed, f"{where}: fixed text differs"


def test_every_category_has_english_rules():
    from replylint.categories import CATEGORIES
    have = {r.category for r in RULESET.rules() if r.lang == "en"}
    assert sorted(set(CATEGORIES) - have) == []
