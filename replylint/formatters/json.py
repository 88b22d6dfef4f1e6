"""The JSON output: an array of finding objects (the contract editors and tools use).

Documented in docs/json-output.md with its JSON Schema (docs/schema/findings.schema.json).
"""
from __future__ import annotations

import json
from typing import Any

from ..model import Diagnostic, Edit
from . import Report

SCHEMA_VERSION = "1"


def _edit(e: Edit) -> dict[str, Any]:
    """One edit: replace source characters [offset, offset+length) (code points) with `replacement`.

    `line`/`column` and `end_line`/`end_column` are the same range, 1-based,
    the end exclusive; `replacement` is already escaped for the file (JSON, HTML).
    """
    out: dict[str, Any] = {"offset": e.offset, "length": e.length, "replacement": e.replacement}
    if e.start_pos is not None and e.end_pos is not None:
        out.update(line=e.start_pos.line, column=e.start_pos.column, end_line=e.end_pos.line, end_column=e.end_pos.column)
    return out


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
                "edits": [_edit(e) for e in s.edits],
            }
            for s in d.suggestions
        ],
    }


def render(report: Report) -> str:
    return json.dumps([finding(d) for d in report.diagnostics], ensure_ascii=False, indent=2) + "\n"
