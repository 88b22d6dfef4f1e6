"""Readers by file type: which reader turns a file into TextViews.

`reader_for(path)` picks by extension; unknown text files are read as plain
text. Formats register here (one module each under `replylint/readers/`).
"""
from __future__ import annotations

import importlib
from pathlib import Path

from ..document import Source, TextView
from .base import InputError, ReadOptions, Reader

# extension -> "module:function" under replylint.readers, imported on first use
# (the HTML, e-mail and YAML readers pull in modules a plain-text run never needs).
READERS: dict[str, str] = {
    ".txt": "text:read",
    ".text": "text:read",
    ".jsonl": "jsonl:read",
    ".ndjson": "jsonl:read",
    ".md": "markdown:read",
    ".markdown": "markdown:read",
    ".html": "html:read",
    ".htm": "html:read",
    ".eml": "eml:read",
    ".json": "macrofile:read_json",
    ".yaml": "macrofile:read_yaml",
    ".yml": "macrofile:read_yaml",
}
# File types `replylint check DIR` picks up when walking a folder.
DEFAULT_EXTENSIONS: tuple[str, ...] = (".txt", ".text", ".jsonl", ".ndjson", ".md", ".markdown", ".html", ".htm", ".eml",
                                       ".json", ".yaml", ".yml")
# Readers whose views are macros (template checks on, comment directives honoured): see replylint.macrolint.
MACRO_EXTENSIONS: tuple[str, ...] = (".md", ".markdown", ".html", ".htm", ".json", ".yaml", ".yml")


def reader_for(path: str) -> Reader:
    module, func = READERS.get(Path(path).suffix.lower(), "text:read").split(":")
    return getattr(importlib.import_module(f"{__name__}.{module}"), func)


def read(source: Source, options: ReadOptions) -> list[TextView]:
    return reader_for(source.path)(source, options)


__all__ = ["READERS", "DEFAULT_EXTENSIONS", "MACRO_EXTENSIONS", "InputError", "ReadOptions", "Reader", "read", "reader_for", "Source", "TextView"]
