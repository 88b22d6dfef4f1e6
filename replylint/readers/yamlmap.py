"""YAML with positions: every scalar's value decoded with a map back to the file.

Built on PyYAML's node marks (`yaml.compose`, pure-Python loader so marks are
character offsets). Plain, single-quoted, double-quoted, literal (`|`) and
folded (`>`) scalars are decoded here with a source map: a copied run of
characters is an exact segment; an escape, a doubled quote, a folded line
break or the indentation swallowed by one is a non-exact segment (a fix over
it is display-only). The decoder's result is checked against PyYAML's value;
where they differ (an unusual scalar form) the scalar is mapped conservatively:
one non-exact segment, so findings point at the scalar's start and fixes there
are display-only.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable

import regex
import yaml

from ..document import Segment, SourceMap
from ..yamlio import loader_class


# Pure-Python safe loader: character-offset marks; YAML 1.2 booleans (shared with config and rulesets).
_Loader = loader_class(fast=False)


@dataclass
class YamlScalar:
    text: str
    source_map: SourceMap
    encode: Callable[[str], str]
    exact: bool


_ESCAPES = {"0": "\0", "a": "\x07", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r", "e": "\x1b",
            " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}
_HEX = {"x": 2, "u": 4, "U": 8}


class _Builder:
    def __init__(self) -> None:
        self.out: list[str] = []
        self.segs: list[Segment] = []
        self.pos = 0

    def copy(self, src: int, chunk: str) -> None:
        if chunk:
            self.out.append(chunk)
            self.segs.append(Segment(self.pos, src, len(chunk), len(chunk)))
            self.pos += len(chunk)

    def put(self, src: int, src_len: int, chunk: str) -> None:
        """`chunk` stands for src_len source characters; never a 1:1 copy."""
        if not chunk:
            return
        if src_len == len(chunk):
            src_len += 1
        self.out.append(chunk)
        self.segs.append(Segment(self.pos, src, len(chunk), src_len))
        self.pos += len(chunk)

    def result(self) -> tuple[str, list[Segment]]:
        return "".join(self.out), self.segs


def _flow(raw: str, start: int, end: int, style: str | None) -> tuple[str, list[Segment]]:
    """Plain or quoted (flow) scalars: escapes, doubled quotes and line folding."""
    b = _Builder()
    i, n = start, end
    run = i
    while i < n:
        c = raw[i]
        if c == "\n" or (c == "\r" and raw[i + 1:i + 2] == "\n"):
            # fold: trailing spaces of this line, the break(s), the next line's indentation
            cut = i
            while cut > run and raw[cut - 1] in " \t":
                cut -= 1
            b.copy(run, raw[run:cut])
            j = i
            breaks = 0
            while j < n and raw[j] in " \t\r\n":
                if raw[j] == "\n":
                    breaks += 1
                j += 1
            b.put(cut, j - cut, " " if breaks == 1 else "\n" * (breaks - 1))
            i = run = j
            continue
        if style == "'" and c == "'" and raw[i + 1:i + 2] == "'":
            b.copy(run, raw[run:i])
            b.put(i, 2, "'")
            i = run = i + 2
            continue
        if style == '"' and c == "\\":
            b.copy(run, raw[run:i])
            e = raw[i + 1:i + 2]
            if e == "\n" or e == "\r":  # escaped line break: joins with nothing
                j = i + 1
                while j < n and raw[j] in "\r\n":
                    j += 1
                while j < n and raw[j] in " \t":
                    j += 1
                b.put(i, j - i, "")
                i = run = j
                continue
            if e in _HEX:
                width = _HEX[e]
                ch = chr(int(raw[i + 2:i + 2 + width], 16))
                b.put(i, 2 + width, ch)
                i = run = i + 2 + width
                continue
            b.put(i, 2, _ESCAPES.get(e, e))
            i = run = i + 2
            continue
        i += 1
    b.copy(run, raw[run:n])
    return b.result()


_HEADER = regex.compile(r"([|>])([+-]?)([1-9]?)([+-]?)[ \t]*(?:#[^\n]*)?\r?\n")


def _block(raw: str, start: int, end: int, parent_indent: int) -> tuple[str, list[Segment]] | None:
    m = _HEADER.match(raw, start)
    if not m:
        return None
    folded = m.group(1) == ">"
    chomp = m.group(2) or m.group(4)
    explicit = int(m.group(3)) if m.group(3) else None
    body = m.end()
    lines: list[tuple[int, int]] = []
    i = body
    while i < end:
        j = raw.find("\n", i, end)
        j = end if j == -1 else j
        lines.append((i, j))
        i = j + 1
    indent = None
    if explicit is not None:
        indent = parent_indent + explicit
    else:
        for s, e in lines:
            text = raw[s:e].rstrip("\r")
            if text.strip():
                indent = len(text) - len(text.lstrip(" "))
                break
    if indent is None:
        return "", []
    b = _Builder()
    content: list[tuple[int, int]] = []  # (start, end) of each line's content; -1 for empty lines
    for s, e in lines:
        line = raw[s:e].rstrip("\r")
        if not line.strip() and len(line) <= indent:
            content.append((-1, s))
        else:
            content.append((s + indent, s + len(line)))
    while content and content[-1][0] == -1:
        content.pop()
    last = max((k for k, c in enumerate(content) if c[0] != -1), default=-1)
    if last == -1:
        return "", []
    if folded and any(c[0] != -1 and raw[c[0]:c[0] + 1] in " \t" for c in content):
        return None  # more-indented lines in a folded scalar: leave to the conservative map
    k = 0
    while k <= last:
        s, e = content[k]
        b.copy(s, raw[s:e])
        if k == last:
            break
        # the break after this line, any empty lines, and the next line's indentation
        empties = 0
        k2 = k + 1
        while content[k2][0] == -1:
            empties += 1
            k2 += 1
        nxt = content[k2][0]
        if folded:
            chunk = " " if empties == 0 else "\n" * empties
        else:
            chunk = "\n" * (empties + 1)
        b.put(e, nxt - e, chunk)
        k = k2
    text, segs = b.result()
    if chomp != "-":
        e = content[last][1]
        b.put(e, 1, "\n")
        text, segs = b.result()
    if chomp == "+":
        return None  # kept trailing lines: rare; conservative map
    return text, segs


def _encoder(style: str | None) -> Callable[[str], str]:
    if style == '"':
        return lambda s: json.dumps(s, ensure_ascii=False)[1:-1]
    if style == "'":
        return lambda s: s.replace("'", "''")
    return lambda s: s


def decode_scalar(raw: str, node: yaml.ScalarNode, parent_indent: int) -> YamlScalar:
    start, end = node.start_mark.index, node.end_mark.index
    style = node.style
    result: tuple[str, list[Segment]] | None
    if style in ("'", '"'):
        result = _flow(raw, start + 1, end - 1, style)
    elif style in ("|", ">"):
        result = _block(raw, start, end, parent_indent)
    else:
        result = _flow(raw, start, end, None)
    if result is not None and result[0] == node.value:
        text, segs = result
        return YamlScalar(text, SourceMap(segs or [Segment(0, start, 0, 0)]), _encoder(style), True)
    value = node.value
    length = max(end - start, 1)
    return YamlScalar(value, SourceMap([Segment(0, start, len(value), length if length != len(value) else length + 1)]),
                      _encoder(style), False)


def compose_with_scalars(raw: str) -> tuple[Any, dict[tuple, YamlScalar]]:
    """Parse one YAML document; return its value and every string scalar's decoded text by path."""
    loader = _Loader(raw)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        value = loader.construct_document(node)
    finally:
        loader.dispose()
    scalars: dict[tuple, YamlScalar] = {}
    key_loader = _Loader("")

    def walk(n: yaml.Node, path: tuple, indent: int, depth: int) -> None:
        if depth > 200:
            return
        if isinstance(n, yaml.ScalarNode):
            if n.tag == "tag:yaml.org,2002:str":
                scalars[path] = decode_scalar(raw, n, indent)
        elif isinstance(n, yaml.SequenceNode):
            for i, item in enumerate(n.value):
                walk(item, path + (i,), item.start_mark.column if not isinstance(item, yaml.ScalarNode) else n.start_mark.column, depth + 1)
        elif isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                key = key_loader.construct_object(k, deep=True) if isinstance(k, yaml.ScalarNode) else None
                if isinstance(key, (str, int)):
                    walk(v, path + (key,), k.start_mark.column, depth + 1)

    walk(node, (), -1, 0)
    return value, scalars
