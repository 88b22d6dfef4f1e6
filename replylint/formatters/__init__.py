"""Output formats: name -> module with `render(report) -> str`.

Modules are imported only when their format is asked for, to keep start-up fast.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from types import ModuleType

from ..model import Diagnostic

FORMATS: dict[str, str] = {
    "text": "replylint.formatters.text",
    "json": "replylint.formatters.json",
    "json-v1": "replylint.formatters.json",  # pinned: the same output as `json` while its schema version is 1
    "jsonl": "replylint.formatters.jsonl",
    "sarif": "replylint.formatters.sarif",
    "github": "replylint.formatters.github",
    "junit": "replylint.formatters.junit",
}


@dataclass(slots=True)
class Report:
    """Everything a formatter may show about one run."""

    diagnostics: list[Diagnostic]
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    files: int = 0
    statistics: bool = False
    quiet: bool = False
    color: bool = False
    fixed: int = 0  # findings fixed by --fix (with diff=True: that --fix would fix)
    diff: bool = False  # --diff: nothing was written
    show_fixes: bool = False


def get(name: str) -> ModuleType:
    return importlib.import_module(FORMATS[name])
