"""Baselines: record today's findings, then report only new ones.

`replylint check --write-baseline FILE` writes every finding of the run;
`replylint check --baseline FILE` drops the findings the baseline already
holds. A finding is keyed on what survives unrelated edits, never on its line
or column:

    (path, macro or record, code, matched text, occurrence)

`path` is relative to the baseline file's folder (POSIX separators), so the
baseline works from any working directory and on any machine. `matched` is the
flagged text with whitespace collapsed (document-level findings use the empty
string); case is folded so a phrase that moves to a sentence start keeps its key.
`occurrence` numbers the findings that share the other four parts, in
file order: adding a sentence above a finding changes its line but not its key;
a second copy of the same phrase in the same macro is a new finding.

The file is JSON (sorted, one finding per line) so it diffs well in review.
"""
from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any, Iterable

import regex

from .model import Diagnostic

VERSION = 1
Key = tuple[str, str, str, str, int]


def _rel(path: str, base: Path) -> str:
    if path in ("-", "<stdin>", "<text>"):
        return path
    try:
        return Path(os.path.relpath(Path(path).resolve(), base.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return Path(path).resolve().as_posix()


def _norm(d: Diagnostic) -> str:
    if d.document_level:  # "no apology in this reply": the reply's wording is not the finding
        return ""
    return regex.sub(r"\s+", " ", d.matched).strip().casefold()


def keys(diagnostics: Iterable[Diagnostic], base: Path) -> list[tuple[Key, Diagnostic]]:
    """Each diagnostic with its baseline key (occurrences counted in file order)."""
    seen: Counter = Counter()
    out: list[tuple[Key, Diagnostic]] = []
    for d in sorted(diagnostics, key=lambda d: (d.path, d.offset, d.code)):
        where = d.macro if d.macro is not None else (d.record or "")
        stem = (_rel(d.path, base), str(where), d.code, _norm(d))
        out.append(((*stem, seen[stem]), d))
        seen[stem] += 1
    return out


def _all(results: Iterable[Any]) -> list[Diagnostic]:
    return [d for r in results for d in getattr(r, "diagnostics", [])]


def write_baseline(path: str, results: Iterable[Any]) -> int:
    """Write every finding of `results` (FileResults) to `path`; return how many."""
    base = Path(path).resolve().parent
    entries = [{"path": k[0], "macro": k[1], "code": k[2], "matched": k[3], "occurrence": k[4]} for k, _d in keys(_all(results), base)]
    entries.sort(key=lambda e: (e["path"], e["macro"], e["code"], e["matched"], e["occurrence"]))
    body = ",\n".join("    " + json.dumps(e, ensure_ascii=False, sort_keys=True) for e in entries)
    text = '{\n  "replylint-baseline": %d,\n  "findings": [\n%s\n  ]\n}\n' % (VERSION, body) if entries else \
        '{\n  "replylint-baseline": %d,\n  "findings": []\n}\n' % VERSION
    Path(path).write_text(text, encoding="utf-8")
    return len(entries)


def load(path: str) -> set[Key]:
    """The keys a baseline file holds; ValueError (exit 2) when it cannot be used."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"{path}: baseline not found (create it with --write-baseline {path})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: cannot read baseline: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}:{exc.lineno}: baseline is not valid JSON: {exc.msg}") from None
    if not isinstance(data, dict) or data.get("replylint-baseline") != VERSION or not isinstance(data.get("findings"), list):
        raise ValueError(f"{path}: not a replylint baseline (version {VERSION})")
    out: set[Key] = set()
    for i, e in enumerate(data["findings"]):
        try:
            out.add((str(e["path"]), str(e["macro"]), str(e["code"]), str(e["matched"]), int(e["occurrence"])))
        except (KeyError, TypeError, ValueError):
            raise ValueError(f"{path}: finding #{i + 1} lacks path, macro, code, matched or occurrence") from None
    return out


def filter_with_baseline(path: str, results: Iterable[Any], diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics not recorded in the baseline at `path`, in their original order."""
    known = load(path)
    base = Path(path).resolve().parent
    new = {id(d) for k, d in keys(diagnostics, base) if k not in known}
    return [d for d in diagnostics if id(d) in new]
