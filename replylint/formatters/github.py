"""GitHub Actions workflow commands: one `::error|warning|notice ...::message` line a finding.

GitHub turns each line into an annotation on the pull request's diff. Paths are
made relative to the working directory (the checkout) when they are inside it.
Escaping follows the Actions toolkit: in the message `%`, CR and LF are
percent-encoded; in property values `:` and `,` are too.
"""
from __future__ import annotations

import os
from pathlib import Path

from ..model import Diagnostic, Severity
from . import Report

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def display_path(path: str, cwd: str | None = None) -> str:
    """`path` relative to `cwd` (POSIX separators) when it lies inside it; else as given."""
    if path.startswith("<") and path.endswith(">"):
        return path
    base = Path(cwd or os.getcwd()).resolve()
    try:
        return Path(path).resolve().relative_to(base).as_posix()
    except (ValueError, OSError):
        return Path(path).as_posix()


def annotation(d: Diagnostic, cwd: str | None = None) -> str:
    props = [f"file={escape_property(display_path(d.path, cwd))}", f"line={d.start.line}"]
    if d.end.line == d.start.line:
        props.append(f"col={d.start.column}")
    props.append(f"endLine={d.end.line}")
    if d.end.line == d.start.line:
        props.append(f"endColumn={d.end.column}")
    props.append(f"title={escape_property(f'{d.code} {d.name}')}")
    where = f" (record {d.record})" if d.record is not None else ""
    where += f" (macro {d.macro})" if d.macro else ""
    message = f"{d.message}{where} [{d.category}]"
    if d.suggestions:
        s = d.suggestions[0]
        message += f"\nfix ({s.applicability}): {s.title}"
        if s.replacement and s.replacement != s.title:
            message += f": \u201c{s.replacement}\u201d"
    return f"::{LEVELS[d.severity]} {','.join(props)}::{escape_data(message)}"


def render(report: Report) -> str:
    return "".join(annotation(d) + "\n" for d in report.diagnostics)
