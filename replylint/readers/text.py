"""Plain text: the whole file is one reply."""
from __future__ import annotations

from ..document import Source, SourceMap, TextView
from .base import ReadOptions


def read(source: Source, options: ReadOptions) -> list[TextView]:
    text = source.text
    base = 1 if text.startswith("\ufeff") else 0
    return [TextView(source, text[base:], SourceMap.identity(base), context=options.context, lang=options.lang)]
