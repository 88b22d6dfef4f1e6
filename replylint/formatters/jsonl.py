"""JSON Lines: one finding object a line, the same objects as `--format json`.

For streaming consumers (`jq -c`, log shippers, editors that read line by line).
Nothing is printed when there are no findings.
"""
from __future__ import annotations

import json

from . import Report
from .json import finding


def render(report: Report) -> str:
    return "".join(json.dumps(finding(d), ensure_ascii=False) + "\n" for d in report.diagnostics)
