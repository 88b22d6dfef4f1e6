"""The JSON output: an array of finding objects (the contract editors and tools use).

Documented in docs/json-output.md with its JSON Schema (docs/schema/findings.schema.json).
"""
from __future__ import annotations

import json
from typing import Any

from ..model import Diagnostic
from . import Report

SCHEMA_VERSION = "1"


def finding(d: Diagnostic) -> dict[str, Any]:
    return {
        "path": d.path,
        "record": d.record,
        "macro": d.macro,
        "code": d.code,
        "name": d.name,
        "category": d.category,
        "severity": str(d.severity),
        "message": d.message,
        "line": d.start.line,
        "column": d.start.column,
        "end_line": d.end.line,
        "end_column": d.end.column,
        "offset": d.offset,
        "length": d.length,
        "suggestions": [
            {
                "title": s.title,
                "replacement": s.replacement,
                "applicability": str(s.applicability),
                "edits": [{"offset": e.offset, "length": e.length, "replacement": e.replacement} for e in s.edits],
            }
            for s in d.suggestions
        ],
    }


def render(report: Report) -> str:
    return json.dumps([finding(d) for d in report.diagnostics], ensure_ascii=False, indent=2) + "\n"
