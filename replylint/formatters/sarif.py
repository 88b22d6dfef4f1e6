"""SARIF 2.1.0: one run, every rule that fired described, every finding a result.

Valid against the OASIS SARIF 2.1.0 schema (checked in the test suite) and shaped
for GitHub code scanning: `tool.driver.rules` carry the rule's message as the
short description, its rationale as the full description and help, its default
level and category tags; results carry `ruleId`/`ruleIndex`, a level, a region
with 1-based lines and columns counted in Unicode code points (declared with
`run.columnKind`), stable `partialFingerprints`, and `fixes` built from the
safe and unsafe suggestions (display-only ones are listed in the result's
properties, never as fixes).
"""
from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..model import Applicability, Diagnostic, Severity
from . import Report
from .github import display_path

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
PROBLEM_SEVERITY = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "recommendation"}
FINGERPRINT_KEY = "replylintFinding/v1"


def _version() -> str:
    from .. import __version__

    return __version__


def _rules_by_code(diagnostics: list[Diagnostic]) -> dict[str, Any]:
    """The Rule behind each code, from the config that applies to each file (best effort)."""
    from ..api import get_ruleset
    from ..config import ConfigError, discover
    from ..ruleset import RulesetError

    found: dict[str, Any] = {}
    wanted = {d.code for d in diagnostics}
    targets = sorted({d.path for d in diagnostics if not d.path.startswith("<")}) or [os.getcwd()]
    if any(d.path.startswith("<") for d in diagnostics):
        targets.append(os.getcwd())
    seen_dirs: set[tuple[str, ...]] = set()
    for target in targets:
        try:
            cfg = discover(target)
            dirs = tuple(str(p) for p in cfg.ruleset_dirs())
            if dirs in seen_dirs:
                continue
            seen_dirs.add(dirs)
            for rule in get_ruleset(cfg).rules():
                if rule.code in wanted:
                    found.setdefault(rule.code, rule)
        except (ConfigError, RulesetError, OSError):
            continue
        if wanted <= found.keys():
            break
    return found


def _location(path: str) -> dict[str, Any]:
    """Relative to the checkout (`%SRCROOT%`, the working directory) when inside it; else a file URI."""
    if path.startswith("<"):
        return {"uri": quote(path.strip("<>"), safe="")}
    shown = display_path(path)
    if Path(shown).is_absolute():
        return {"uri": Path(shown).as_uri()}
    return {"uri": quote(shown, safe="/"), "uriBaseId": "%SRCROOT%"}


def _text(s: str) -> dict[str, str]:
    return {"text": s}


def _descriptor(code: str, sample: Diagnostic, rule: Any | None) -> dict[str, Any]:
    rationale = (getattr(rule, "rationale", "") or "").strip()
    message = getattr(rule, "message", None) or sample.message
    default = getattr(rule, "severity", sample.severity)
    help_lines = [message]
    md_lines = [f"**{code} {sample.name}** ({sample.category})", "", message]
    if rationale:
        help_lines += ["", rationale]
        md_lines += ["", "### Why it matters", "", rationale]
    fixes = [f"({s.applicability}) {s.title}" + (f": \u201c{s.replacement}\u201d" if s.replacement else "")
             for s in getattr(rule, "suggestions", ())]
    if fixes:
        help_lines += ["", "Fix:"] + [f"  {f}" for f in fixes]
        md_lines += ["", "### Fix", ""] + [f"- {f}" for f in fixes]
    help_lines += ["", f"Run `replylint explain {code}` for examples."]
    md_lines += ["", f"Run `replylint explain {code}` for examples."]
    return {
        "id": code,
        "name": sample.name,
        "shortDescription": _text(message),
        "fullDescription": _text(rationale.split("\n\n")[0].replace("\n", " ") if rationale else message),
        "help": {"text": "\n".join(help_lines), "markdown": "\n".join(md_lines)},
        "defaultConfiguration": {"level": LEVELS[Severity(default)]},
        "properties": {
            "tags": ["replylint", sample.category],
            "category": sample.category,
            "precision": "high",
            "problem.severity": PROBLEM_SEVERITY[Severity(default)],
        },
    }


def _region(d: Diagnostic) -> dict[str, Any]:
    region: dict[str, Any] = {
        "startLine": d.start.line,
        "startColumn": d.start.column,
        "endLine": d.end.line,
        "endColumn": d.end.column,
        "charOffset": d.offset,
        "charLength": d.length,
    }
    if d.matched and not d.document_level:
        region["snippet"] = _text(d.matched)
    return region


def _fingerprint(d: Diagnostic, occurrence: int) -> str:
    key = "\x1f".join([d.code, display_path(d.path), d.record or "", d.macro or "", " ".join(d.matched.lower().split()), str(occurrence)])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _edit_region(e: Any) -> dict[str, Any]:
    region: dict[str, Any] = {}
    start, end = getattr(e, "start_pos", None), getattr(e, "end_pos", None)
    if start is not None and end is not None:
        region.update(startLine=start.line, startColumn=start.column, endLine=end.line, endColumn=end.column)
    region.update(charOffset=e.offset, charLength=e.length)
    return region


def _fixes(d: Diagnostic, location: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for s in d.suggestions:
        if s.applicability is Applicability.DISPLAY_ONLY or not s.edits:
            continue
        out.append({
            "description": _text(f"{s.title} ({s.applicability})"),
            "artifactChanges": [{
                "artifactLocation": location,
                "replacements": [{"deletedRegion": _edit_region(e), "insertedContent": _text(e.replacement)} for e in s.edits],
            }],
            "properties": {"applicability": str(s.applicability)},
        })
    return out


def build(report: Report) -> dict[str, Any]:
    diags = report.diagnostics
    rules = _rules_by_code(diags)
    order: list[str] = []
    samples: dict[str, Diagnostic] = {}
    for d in diags:
        if d.code not in samples:
            samples[d.code] = d
            order.append(d.code)
    order.sort()
    index = {code: i for i, code in enumerate(order)}
    seen: Counter[tuple] = Counter()
    results = []
    for d in diags:
        location = _location(d.path)
        key = (d.code, d.path, d.record, d.macro, " ".join(d.matched.lower().split()))
        occurrence = seen[key]
        seen[key] += 1
        quoted = f" \u201c{d.matched}\u201d" if d.matched and not d.document_level and len(d.matched) <= 80 else ""
        result: dict[str, Any] = {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": LEVELS[d.severity],
            "message": _text(f"{d.message}{quoted}"),
            "locations": [{"physicalLocation": {"artifactLocation": location, "region": _region(d)}}],
            "partialFingerprints": {FINGERPRINT_KEY: _fingerprint(d, occurrence)},
        }
        fixes = _fixes(d, location)
        if fixes:
            result["fixes"] = fixes
        props: dict[str, Any] = {"name": d.name, "category": d.category}
        if d.record is not None:
            props["record"] = d.record
        if d.macro:
            props["macro"] = d.macro
        shown = [{"title": s.title, "replacement": s.replacement, "applicability": str(s.applicability)} for s in d.suggestions]
        if shown:
            props["suggestions"] = shown
        result["properties"] = props
        results.append(result)
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "replylint",
            "version": _version(),
            "semanticVersion": _version(),
            "rules": [_descriptor(code, samples[code], rules.get(code)) for code in order],
        }},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": Path(os.getcwd()).resolve().as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": results,
        "invocations": [{
            "executionSuccessful": not report.errors,
            "toolExecutionNotifications": (
                [{"level": "error", "message": _text(e)} for e in report.errors]
                + [{"level": "note", "message": _text(n)} for n in report.notes]
            ),
        }],
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(report: Report) -> str:
    return json.dumps(build(report), ensure_ascii=False, indent=2) + "\n"
