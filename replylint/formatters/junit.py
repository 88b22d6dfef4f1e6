"""JUnit XML for CI dashboards (Jenkins, GitLab, Azure DevOps, CircleCI...).

One `<testsuite>` per file with findings, one failing `<testcase>` per finding
(classname = the file, name = `CODE name at line:column`, `<failure type=severity>`);
input errors become an `<error>` test case. A clean run is one passing test case,
so a dashboard shows green rather than "no tests".
"""
from __future__ import annotations

from collections import OrderedDict
from xml.etree import ElementTree as ET

from ..model import Diagnostic
from . import Report


def _details(d: Diagnostic) -> str:
    lines = [f"{d.path}:{d.start.line}:{d.start.column}: {d.code} {d.severity} {d.message} [{d.category}]"]
    if d.record is not None:
        lines.append(f"record: {d.record}")
    if d.macro:
        lines.append(f"macro: {d.macro}")
    if d.matched and not d.document_level:
        lines.append(f"text: {d.matched}")
    for s in d.suggestions:
        lines.append(f"fix ({s.applicability}): {s.title}" + (f": {s.replacement}" if s.replacement else ""))
    return "\n".join(lines)


def build(report: Report) -> ET.Element:
    by_file: "OrderedDict[str, list[Diagnostic]]" = OrderedDict()
    for d in report.diagnostics:
        by_file.setdefault(d.path, []).append(d)
    root = ET.Element("testsuites", name="replylint")
    total = failures = errors = 0
    for path, diags in by_file.items():
        suite = ET.SubElement(root, "testsuite", name=path, tests=str(len(diags)), failures=str(len(diags)), errors="0", skipped="0")
        for d in diags:
            where = f"{d.start.line}:{d.start.column}" + (f" [{d.record}]" if d.record is not None else "") + (f" ({d.macro})" if d.macro else "")
            case = ET.SubElement(suite, "testcase", classname=path, name=f"{d.code} {d.name} at {where}", file=path, line=str(d.start.line))
            failure = ET.SubElement(case, "failure", message=d.message, type=str(d.severity))
            failure.text = _details(d)
        total += len(diags)
        failures += len(diags)
    if report.errors:
        suite = ET.SubElement(root, "testsuite", name="replylint input", tests=str(len(report.errors)), failures="0",
                              errors=str(len(report.errors)), skipped="0")
        for i, message in enumerate(report.errors, start=1):
            case = ET.SubElement(suite, "testcase", classname="replylint", name=f"input error {i}")
            ET.SubElement(case, "error", message=message, type="input-error").text = message
        total += len(report.errors)
        errors += len(report.errors)
    if total == 0:
        suite = ET.SubElement(root, "testsuite", name="replylint", tests="1", failures="0", errors="0", skipped="0")
        ET.SubElement(suite, "testcase", classname="replylint", name=f"no findings in {report.files} file{'s' if report.files != 1 else ''}")
        total = 1
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", str(errors))
    return root


def render(report: Report) -> str:
    root = build(report)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
