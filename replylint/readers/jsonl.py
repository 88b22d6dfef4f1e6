"""JSONL batches: one reply a line, `{"id", "text", "context"?, "lang"?}`.

Positions point into the file: the `text` string is located in its line and
decoded with a source map, so a finding's line/column is where the words are
in the .jsonl file, and a fix is written back JSON-escaped.
"""
from __future__ import annotations

import json
from typing import Iterator

from ..document import Segment, Source, SourceMap, TextView
from .base import InputError, ReadOptions
from .jsonmap import JsonPositionError, encode, scan


def read(source: Source, options: ReadOptions) -> Iterator[TextView]:
    """Yield one view per record, lazily, so a large batch is linted in bounded memory."""
    text = source.text
    offset = 1 if text.startswith("\ufeff") else 0
    number = 0
    while offset < len(text):
        number += 1
        nl = text.find("\n", offset)
        end = len(text) if nl == -1 else nl + 1
        line = text[offset:end]  # only "\n" ends a record: U+2028 may sit inside a JSON string
        line_start = offset
        offset = end
        stripped = line.strip()
        if not stripped:
            continue
        try:
            record, spans = scan(line)
        except RecursionError:
            raise InputError(f"line {number} is nested too deeply to read", number) from None
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
        yield TextView(source, decoded, shifted, record=str(rid), context=context if context is not None else options.context,
                       lang=lang if isinstance(lang, str) else None, encode=encode)
