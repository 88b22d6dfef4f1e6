"""Human output: `path:line:column: CODE message [category]`, the best fix, a summary."""
from __future__ import annotations

from collections import Counter

from ..model import Diagnostic, Severity
from . import Report

_COLORS = {Severity.ERROR: "\x1b[1;31m", Severity.WARNING: "\x1b[1;33m", Severity.INFO: "\x1b[1;36m"}
_DIM, _BOLD, _RESET = "\x1b[2m", "\x1b[1m", "\x1b[0m"


def _line(d: Diagnostic, color: bool) -> str:
    where = f"{d.path}:{d.start.line}:{d.start.column}:"
    if d.record is not None:
        where += f" [{d.record}]"
    if d.macro:
        where += f" ({d.macro})"
    code = f"{d.code} {d.severity}"
    if color:
        where = f"{_BOLD}{where}{_RESET}"
        code = f"{_COLORS[d.severity]}{code}{_RESET}"
    quoted = f" \u201c{d.matched}\u201d" if d.matched and not d.document_level and len(d.matched) <= 80 else ""
    out = f"{where} {code} {d.message}{quoted} [{d.category}]"
    if d.suggestions:
        s = d.suggestions[0]
        hint = f"  fix ({s.applicability}): {s.title}"
        out += "\n" + (f"{_DIM}{hint}{_RESET}" if color else hint)
    return out


def _fix_summary(report: Report) -> str:
    """What --fix did (or --diff would do), and what more a fix option could do."""
    fixed = getattr(report, "fixed", 0)
    out = ""
    if getattr(report, "diff", False):
        if fixed:
            out += f" Would fix {fixed} with --fix (the diff above)."
    elif fixed:
        left = len(report.diagnostics)
        out += f" Fixed {fixed}; {left} remain{'s' if left == 1 else ''}."
    safe = unsafe = 0
    for d in report.diagnostics:
        tiers = {str(s.applicability) for s in d.suggestions if s.edits}
        if "safe" in tiers:
            safe += 1
        elif "unsafe" in tiers:
            unsafe += 1
    if not getattr(report, "diff", False) and (safe or unsafe):
        hints = ([f"{safe} fixable with --fix"] if safe else []) + ([f"{unsafe} more with --fix --unsafe-fixes"] if unsafe else [])
        out += f" ({'; '.join(hints)})"
    return out


def render(report: Report) -> str:
    lines: list[str] = []
    if not report.quiet:
        lines.extend(_line(d, report.color) for d in report.diagnostics)
    else:
        lines.extend(_line(d, report.color).split("\n")[0] for d in report.diagnostics)
    if report.statistics and report.diagnostics:
        counts = Counter((d.code, d.name, d.category) for d in report.diagnostics)
        lines.append("")
        for (code, name, category), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"{n:5d}  {code:8} {name} [{category}]")
    if not report.quiet:
        n = len(report.diagnostics)
        sev = Counter(d.severity for d in report.diagnostics)
        parts = [f"{sev[s]} {s}{'s' if sev[s] != 1 else ''}" for s in (Severity.ERROR, Severity.WARNING, Severity.INFO) if sev[s]]
        summary = f"Found {n} finding{'s' if n != 1 else ''}" + (f" ({', '.join(parts)})" if parts else "") + f" in {report.files} file{'s' if report.files != 1 else ''}."
        if n == 0:
            summary = f"All clear: no findings in {report.files} file{'s' if report.files != 1 else ''}."
        summary += _fix_summary(report)
        if lines:
            lines.append("")
        lines.append(summary)
    return "\n".join(lines) + ("\n" if lines else "")
