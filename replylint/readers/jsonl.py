"""JSONL batches: one reply a line, `{"id", "text", "context"?, "lang"?}`.

Positions point into the file: the `text` string is located in its line and
decoded with a source map, so a finding's line/column is where the words are
in the .jsonl file, and a fix is written back JSON-escaped.
"""
from __future__ import annotations

import json

from ..document import Segment, Source, SourceMap, TextView
from .base import InputError, ReadOptions
from .jsonmap import JsonPositionError, encode, scan


def read(source: Source, options: ReadOptions) -> list[TextView]:
    views: list[TextView] = []
    text = source.text
    offset = 1 if text.startswith("\ufeff") else 0
    for number, line in enumerate(text[offset:].splitlines(keepends=True), start=1):
        line_start = offset
        offset += len(line)
        stripped = line.strip()
        if not stripped:
            continue
        try:
            record, spans = scan(line)
        except (json.JSONDecodeError, JsonPositionError) as exc:
            raise InputError(f"line {number} is not valid JSON: {exc}", number) from None
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise InputError(f"line {number}: a record must be an object with a \"text\" string", number)
        rid = record.get("id", number)
        context = record.get("context")
        if context is not None and not isinstance(context, str):
            raise InputError(f"line {number}: \"context\" must be a string", number)
        lang = record.get("lang") or options.lang
        decoded, smap = spans[("text",)].decode(line)
        shifted = SourceMap([Segment(s.view_start, s.source_start + line_start, s.view_length, s.source_length) for s in smap.segments])
        views.append(TextView(source, decoded, shifted, record=str(rid), context=context if context is not None else options.context,
                              lang=lang if isinstance(lang, str) else None, encode=encode))
    return views
