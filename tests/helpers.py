"""Test helpers: a small private ruleset so tests do not depend on the shipped rules."""
from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Mapping

CALM_RULE = """\
code: TST0301
name: test-calm-down
category: calm-down
kind: phrase
severity: error
message: Do not tell the customer to calm down.
rationale: Test rule.
patterns: ["(?:please\\\\s+)?calm\\\\s+down"]
suggestions:
  - title: Name the feeling
    replacement: "I can see how frustrating this has been"
    applicability: unsafe
examples:
  bad: ["[[Please calm down]]."]
  good: ["I understand."]
"""

BANG_RULE = """\
code: TST0801
name: test-bangs
category: shouting
kind: punctuation
severity: warning
message: Stacked marks.
rationale: Test rule.
patterns: ["!{2,}"]
examples:
  bad: ["Hi[[!!]]"]
  good: ["Hi!"]
"""

APOLOGY_RULE = """\
code: TST1401
name: test-missing-apology
category: missing-apology
kind: required
severity: info
message: No apology.
rationale: Test rule.
satisfied_by: ["sorry"]
insert: "I'm sorry for the trouble."
examples:
  bad: [{text: "[[Refunded.]]", context: "My order is late!!"}]
  good: [{text: "Sorry, refunded.", context: "My order is late!!"}]
"""


def install_rules(root: Path, rules: Mapping[str, str], config: str, folder: str = "rules", lang: str = "en",
                  language_yaml: str | None = None) -> Path:
    """Write `rules` ({relative path: YAML}) under root/folder/lang/ and `config` as root/.replylint.yaml.

    Tests use their own small rules this way, so they do not change when the shipped rules do.
    """
    lang_dir = root / folder / lang
    lang_dir.mkdir(parents=True, exist_ok=True)
    if language_yaml is not None:
        (lang_dir / "language.yaml").write_text(language_yaml.lstrip(), encoding="utf-8")
    for rel, body in rules.items():
        p = lang_dir / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(body.lstrip(), encoding="utf-8")
    (root / ".replylint.yaml").write_text(config, encoding="utf-8")
    return root


def write_ruleset(root: Path, *rules: str, config_extra: str = "") -> Path:
    """Write rules under root/myrules/en/... and a .replylint.yaml selecting only TST rules."""
    for i, rule in enumerate(rules or (CALM_RULE, BANG_RULE, APOLOGY_RULE)):
        d = root / "myrules" / "en" / f"r{i}"
        d.mkdir(parents=True, exist_ok=True)
        (d / "rule.yaml").write_text(rule, encoding="utf-8")
    (root / ".replylint.yaml").write_text("rulesets: [myrules]\nselect: [TST]\n" + textwrap.dedent(config_extra), encoding="utf-8")
    return root
