"""JSON with positions: every string value located in the raw text, decoded with a source map.

`scan(raw)` walks a JSON document and returns the parsed value plus a
`StringSpan` for every string (keyed by its path), so readers of JSON formats
(JSONL batches, helpdesk macro exports) can lint a string and report exact
file positions, escapes such as \\n and \\" accounted for. `encode` escapes a
fix's replacement for a JSON string.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import regex

from ..document import Segment, SourceMap

_STRING = regex.compile(r'"(?:[^"\\\n]|\\.)*"', regex.DOTALL)
_SIMPLE_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_WS = " \t\r\n"
MAX_DEPTH = 200


class JsonPositionError(ValueError):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


@dataclass(frozen=True, slots=True)
class StringSpan:
    start: int  # offset of the opening quote in the raw text
    end: int  # offset just past the closing quote

    def decode(self, raw: str) -> tuple[str, SourceMap]:
        return decode_string(raw, self.start)


def decode_string(raw: str, quote: int) -> tuple[str, SourceMap]:
    """Decode the JSON string whose opening quote is at `quote`; map view -> raw offsets."""
    out: list[str] = []
    segments: list[Segment] = []
    i = quote + 1
    view_pos = 0
    run_start = i
    n = len(raw)
    while i < n:
        c = raw[i]
        if c == '"':
            break
        if c == "\\":
            if i > run_start:
                segments.append(Segment(view_pos, run_start, i - run_start, i - run_start))
                out.append(raw[run_start:i])
                view_pos += i - run_start
            esc = raw[i + 1:i + 2]
            if esc == "u":
                code = int(raw[i + 2:i + 6], 16)
                width = 6
                if 0xD800 <= code < 0xDC00 and raw[i + 6:i + 8] == "\\u":
                    low = int(raw[i + 8:i + 12], 16)
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    width = 12
                ch = chr(code)
            else:
                ch = _SIMPLE_ESCAPES.get(esc, esc)
                width = 2
            segments.append(Segment(view_pos, i, 1, width))
            out.append(ch)
            view_pos += 1
            i += width
            run_start = i
            continue
        i += 1
    if i > run_start:
        segments.append(Segment(view_pos, run_start, i - run_start, i - run_start))
        out.append(raw[run_start:i])
    if not segments:
        segments.append(Segment(0, quote + 1, 0, 0))
    return "".join(out), SourceMap(segments)


def encode(text: str) -> str:
    """Escape `text` for the inside of a JSON string."""
    return json.dumps(text, ensure_ascii=False)[1:-1]


def scan(raw: str, start: int = 0) -> tuple[Any, dict[tuple, StringSpan]]:
    """Parse JSON at `raw[start:]`; return the value and every string's span by path."""
    value = json.loads(raw[start:]) if start else json.loads(raw)
    spans: dict[tuple, StringSpan] = {}
    _walk(raw, _skip(raw, start), (), spans, 0)
    return value, spans


def _skip(raw: str, i: int) -> int:
    n = len(raw)
    while i < n and raw[i] in _WS:
        i += 1
    return i


def _walk(raw: str, i: int, path: tuple, spans: dict[tuple, StringSpan], depth: int) -> int:
    if depth > MAX_DEPTH:
        raise JsonPositionError(f"JSON nested deeper than {MAX_DEPTH} levels", i)
    c = raw[i:i + 1]
    if c == '"':
        m = _STRING.match(raw, i)
        if m is None:
            raise JsonPositionError("unterminated string", i)
        spans[path] = StringSpan(i, m.end())
        return m.end()
    if c == "{":
        i = _skip(raw, i + 1)
        if raw[i:i + 1] == "}":
            return i + 1
        while True:
            m = _STRING.match(raw, i)
            if m is None:
                raise JsonPositionError("expected a key", i)
            key = json.loads(m.group())
            i = _skip(raw, m.end())
            i = _skip(raw, i + 1)  # the colon
            i = _skip(raw, _walk(raw, i, path + (key,), spans, depth + 1))
            if raw[i:i + 1] == ",":
                i = _skip(raw, i + 1)
                continue
            return i + 1
    if c == "[":
        i = _skip(raw, i + 1)
        if raw[i:i + 1] == "]":
            return i + 1
        index = 0
        while True:
            i = _skip(raw, _walk(raw, i, path + (index,), spans, depth + 1))
            index += 1
            if raw[i:i + 1] == ",":
                i = _skip(raw, i + 1)
                continue
            return i + 1
    m = regex.compile(r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null").match(raw, i)
    if m is None:
        raise JsonPositionError("unexpected character", i)
    return m.end()
