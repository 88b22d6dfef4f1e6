"""JSON and YAML macro files: each reply string becomes a view named after its macro.

The container is parsed with positions (`jsonmap` for JSON, PyYAML node marks
for YAML), the fields holding reply text are picked by `macros.reply_fields`,
and each string is decoded with a source map, so a finding points at the exact
line and column inside the file, escapes (`\\n`, `\\"`, `''`) accounted for.
HTML bodies (`comment_value_html`, `body_html`, Help Scout text) go through
the HTML reader on top of the string's map.
"""
from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any, Callable

import yaml

from ..document import Source, SourceMap
from . import html as html_reader
from .base import InputError, MacroView, ReadOptions
from .jsonmap import JsonPositionError, encode as json_encode, scan
from .macros import reply_fields
from .yamlmap import YamlScalar, compose_with_scalars


def _views(source: Source, value: Any, decode: Callable[[tuple], tuple[str, SourceMap, Callable[[str], str]]],
           options: ReadOptions) -> list[MacroView]:
    views: list[MacroView] = []
    for f in reply_fields(value, options.macro_fields):
        text, smap, enc = decode(f.path)
        if f.html:
            view = html_reader.view_from_html(source, text, smap, options, macro=f.title, encode=enc)
            view.marked_ready = view.marked_ready or f.ready
        else:
            view = MacroView(source, text, smap, macro=f.title, context=options.context, lang=options.lang, encode=enc,
                             marked_ready=f.ready)
        views.append(view)
    return views


# Tool configuration that lives next to macros and is never reply text.
NOT_MACROS = frozenset({".replylint.yaml", ".replylint.yml", ".pre-commit-config.yaml", ".pre-commit-hooks.yaml", "package.json",
                        "package-lock.json", "tsconfig.json", "composer.json", ".markdownlint.json", ".markdownlint.yaml"})


def read_json(source: Source, options: ReadOptions) -> list[MacroView]:
    if PurePath(source.path).name in NOT_MACROS:
        return []
    text = source.text
    base = 1 if text.startswith("\ufeff") else 0
    if not text[base:].strip():
        return []
    try:
        value, spans = scan(text, base)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})", exc.lineno) from None
    except JsonPositionError as exc:
        raise InputError(f"not valid JSON: {exc}", source.position(exc.offset).line) from None

    def decode(path: tuple) -> tuple[str, SourceMap, Callable[[str], str]]:
        decoded, smap = spans[path].decode(text)
        return decoded, smap, json_encode

    return _views(source, value, decode, options)


def read_yaml(source: Source, options: ReadOptions) -> list[MacroView]:
    if PurePath(source.path).name in NOT_MACROS:
        return []
    text = source.text
    if not text.strip():
        return []
    try:
        value, scalars = compose_with_scalars(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise InputError(f"not valid YAML: {getattr(exc, 'problem', None) or exc}", line) from None

    def decode(path: tuple) -> tuple[str, SourceMap, Callable[[str], str]]:
        sc: YamlScalar = scalars[path]
        return sc.text, sc.source_map, sc.encode

    return _views(source, value, decode, options)
