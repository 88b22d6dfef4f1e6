"""Shared helpers for the reader tests: lint a fixture and list its findings."""
from __future__ import annotations

from pathlib import Path

from replylint.api import lint_source
from replylint.config import Config
from replylint.document import Source
from replylint.model import Applicability
from replylint.readers import ReadOptions

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "macros"


def findings(name: str, *, select=("calm-down", "template"), macro_fields=(), text: str | None = None, **cfg):
    path = FIXTURES / name
    raw = text if text is not None else path.read_text(encoding="utf-8")
    diags, _notes = lint_source(Source(str(path), raw), options=ReadOptions(macro_fields=tuple(macro_fields)),
                                config=Config(select=list(select), **cfg))
    return raw, diags


def where(diags):
    """(line, column, code, macro) of every finding, in order."""
    return [(d.start.line, d.start.column, d.code, d.macro) for d in diags]


def assert_spans_exact(raw: str, diags):
    """Every finding whose fix is not display-only covers exactly its matched text in the file."""
    for d in diags:
        if d.suggestions and d.suggestions[0].applicability != Applicability.DISPLAY_ONLY:
            assert raw[d.offset:d.offset + d.length] == d.matched, d
            for e in d.suggestions[0].edits:
                assert d.offset <= e.offset and e.end <= d.offset + d.length + 2, (d, e)
