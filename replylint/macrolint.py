"""Template diagnostics: checks of the macro as a template, not of its tone.

These are not tone categories (the category ids of spec/categories.md are a
fixed contract), so they form their own family: codes `TPL001`..., category
`template`. They run only on views read from macro files (Markdown, HTML,
JSON and YAML macros: `MacroView.template_checks`), never on plain-text
replies, JSONL batches, e-mails or the `lint()` library call, so the labelled
corpus (`evaluate.py`, a JSONL file) never sees them. Select, ignore,
per-file ignores, severity overrides and comment directives treat them like
any rule (`ignore: [TPL003]`, `ignore: [template]`).

| code | name | severity | finds |
|---|---|---|---|
| TPL001 | unbalanced-delimiters | error | `{{` without `}}`, `{%` without `%}`, or a stray closer |
| TPL002 | unclosed-block | error | `{% if %}` / `{{#if}}` (for, unless, case, capture, each, with) never closed, or closed by the wrong tag |
| TPL003 | greeting-without-fallback | info | "Hi {{first_name}}," reads "Hi ," when the variable is empty: add a fallback |
| TPL004 | unknown-placeholder | warning | a placeholder whose name is not in the config's `placeholders` list (globs allowed) |
| TPL005 | fill-in-left | error | a fill-in (`[ADD NAME HERE]`, `{NAME}`, `<ISSUE_NUMBER>`, `XXXX`) in a macro marked ready |
"""
from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from typing import Iterable, Iterator

import regex

from . import rxcache
from .config import Config, keys_match
from .document import TextView
from .model import Diagnostic, Severity
from .readers.base import MacroView
from .templates import find_placeholders

CATEGORY = "template"


@dataclass(frozen=True, slots=True)
class TemplateRule:
    code: str
    name: str
    severity: Severity
    message: str


RULES = {
    "TPL001": TemplateRule("TPL001", "unbalanced-delimiters", Severity.ERROR,
                           "Unbalanced template delimiter: the customer would see the raw markup."),
    "TPL002": TemplateRule("TPL002", "unclosed-block", Severity.ERROR,
                           "Template block is not closed (or closed by the wrong tag)."),
    "TPL003": TemplateRule("TPL003", "greeting-without-fallback", Severity.INFO,
                           "Greeting reads \u201cHi ,\u201d when this variable is empty: give it a fallback."),
    "TPL004": TemplateRule("TPL004", "unknown-placeholder", Severity.WARNING,
                           "Placeholder is not in the configured `placeholders` list."),
    "TPL005": TemplateRule("TPL005", "fill-in-left", Severity.ERROR,
                           "Fill-in left in a macro marked ready: it would reach the customer as is."),
}

_SKIP_KINDS = frozenset({"code", "markup", "url", "history"})
_DELIM = rxcache.compile(r"\{\{|\}\}|\{%|%\}")
_LIQUID_BLOCK = rxcache.compile(r"\{%-?\s*(end)?(if|unless|for|case|capture|raw|comment|tablerow)\b[^%]*?-?%\}")
_HBS_BLOCK = rxcache.compile(r"\{\{~?\s*([#/])\s*(if|unless|each|with)\b[^}]*\}\}")
_GREETING = rxcache.compile(
    r"(?i)(?<!\w)(?:hi|hello|hey|dear|greetings|good\s+(?:morning|afternoon|evening)|ol[aá]|oi|halo|hai|hallo|hola|bonjour|"
    r"\u043f\u0440\u0438\u0432\u0435\u0442|\u0437\u0434\u0440\u0430\u0432\u0441\u0442\u0432\u0443\u0439\u0442\u0435)[ \t]+$")
_FALLBACK = rxcache.compile(r"\|\s*(?:default|fallback)\s*:|,\s*fallback\s*=\s*[^%\s]|\|\||\bor\s+[\"']")
_VARIABLE_GRAMMARS = frozenset({"mustache", "mustache-triple", "liquid-tag", "percent-brace", "dollar-brace", "percent-name"})
_FILL_IN_GRAMMARS = frozenset({"square-fill-in", "angle-fill-in", "single-brace", "x-run"})
_KRAMDOWN = rxcache.compile(r"\{:[^}]*\}")


def _name(grammar: str, token: str) -> str | None:
    """The placeholder's name, or None for control tags (`{% if %}`, `{{#each}}`, `{{else}}`)."""
    inner = token
    if grammar == "mustache-triple":
        inner = token[3:-3]
    elif grammar in ("mustache", "liquid-tag"):
        inner = token[2:-2]
    elif grammar in ("percent-brace", "dollar-brace"):
        inner = token[2:-1]
    elif grammar in ("single-brace", "square-fill-in", "angle-fill-in", "percent-name"):
        inner = token[1:-1]
    inner = inner.strip().strip("-~").strip()
    if grammar == "liquid-tag":
        if "," in inner or regex.fullmatch(r"[\w.]+", inner):  # Help Scout {%customer.firstName,fallback=there%}
            return inner.split(",")[0].strip()
        return None
    if grammar in ("mustache", "mustache-triple"):
        if not inner or inner[0] in "#/^!>&" or inner.split()[0] in ("else",):
            return None
        return regex.split(r"[\s|]", inner, maxsplit=1)[0]
    return inner


class _Checker:
    def __init__(self, view: TextView, placeholders: list[str]) -> None:
        self.view = view
        self.text = view.text
        self.skip = [(r.start, r.end) for r in view.regions if r.kind in _SKIP_KINDS and r.end > r.start]
        self.placeholders = placeholders

    def skipped(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.skip)

    def tokens(self) -> list[tuple[int, int, str]]:
        return [(s, e, g) for s, e, g in find_placeholders(self.text) if not self.skipped(s)]

    def tpl001(self) -> Iterator[tuple[int, int, str]]:
        stack: list[tuple[int, str]] = []
        pairs = {"}}": "{{", "%}": "{%"}
        for m in _DELIM.finditer(self.text):
            if self.skipped(m.start()):
                continue
            tok = m.group()
            if tok in ("{{", "{%"):
                if stack and stack[-1][1] == tok:
                    # "{{ a {{ b }}": tags do not nest, so the first opener was never closed
                    first = stack.pop()[0]
                    yield first, first + 2, tok
                stack.append((m.start(), tok))
            else:
                if stack and stack[-1][1] == pairs[tok]:
                    stack.pop()
                else:
                    yield m.start(), m.end(), tok
        for start, tok in stack:
            yield start, start + 2, tok

    def tpl002(self) -> Iterator[tuple[int, int, str]]:
        for rx in (_LIQUID_BLOCK, _HBS_BLOCK):
            stack: list[tuple[int, int, str]] = []
            for m in rx.finditer(self.text):
                if self.skipped(m.start()):
                    continue
                closing = (m.group(1) == "end") if rx is _LIQUID_BLOCK else (m.group(1) == "/")
                kind = m.group(2)
                if not closing:
                    stack.append((m.start(), m.end(), kind))
                elif stack and stack[-1][2] == kind:
                    stack.pop()
                else:
                    yield m.start(), m.end(), m.group()
            for s, e, _k in stack:
                yield s, e, self.text[s:e]

    def _guarded(self, pos: int) -> bool:
        """Inside an `{% if %}` / `{{#if}}` block: the author handled the empty case."""
        before = self.text[:pos]
        opens = len(regex.findall(r"\{%-?\s*(?:if|unless)\b|\{\{~?\s*#\s*(?:if|unless)\b", before))
        closes = len(regex.findall(r"\{%-?\s*end(?:if|unless)\b|\{\{~?\s*/\s*(?:if|unless)\b", before))
        return opens > closes

    def tpl003(self, tokens: list[tuple[int, int, str]]) -> Iterator[tuple[int, int, str]]:
        for s, e, g in tokens:
            if g not in _VARIABLE_GRAMMARS:
                continue
            token = self.text[s:e]
            if _name(g, token) is None or _FALLBACK.search(token):
                continue
            line_start = self.text.rfind("\n", 0, s) + 1
            if not _GREETING.search(self.text[line_start:s]):
                continue
            after = regex.match(r"[ \t]*(?:[,!.:;]|\n|$)", self.text[e:e + 3])
            if after and not self._guarded(s):
                yield s, e, token

    def tpl004(self, tokens: list[tuple[int, int, str]]) -> Iterator[tuple[int, int, str]]:
        if not self.placeholders:
            return
        for s, e, g in tokens:
            token = self.text[s:e]
            if g == "single-brace" and _KRAMDOWN.fullmatch(token):
                continue
            name = _name(g, token)
            if name and not any(fnmatch.fnmatchcase(name, p) for p in self.placeholders):
                yield s, e, token

    def tpl005(self, tokens: list[tuple[int, int, str]]) -> Iterator[tuple[int, int, str]]:
        if not self.view.marked_ready:
            return
        for s, e, g in tokens:
            token = self.text[s:e]
            if g in _FILL_IN_GRAMMARS and not _KRAMDOWN.fullmatch(token):
                yield s, e, token


def _selected(cfg: Config, rule: TemplateRule, extra_ignores: Iterable[str]) -> Severity | None:
    ident = (rule.code, rule.name, CATEGORY)
    if cfg.select and not keys_match(cfg.select, *ident):
        return None
    if keys_match(cfg.ignore, *ident) or keys_match(extra_ignores, *ident):
        return None
    severity = rule.severity
    for key, value in cfg.severity.items():
        if keys_match([key], *ident):
            severity = Severity.parse(str(value))
    return severity


def check(view: TextView, config: Config, extra_ignores: Iterable[str] = ()) -> list[Diagnostic]:
    """Template diagnostics for one macro view (empty unless it is a MacroView with checks on)."""
    if not isinstance(view, MacroView) or not view.template_checks:
        return []
    checker = _Checker(view, list(config.placeholders))
    tokens = checker.tokens()
    found: dict[str, Iterable[tuple[int, int, str]]] = {
        "TPL001": list(checker.tpl001()),
        "TPL002": checker.tpl002(),
        "TPL003": checker.tpl003(tokens),
        "TPL004": checker.tpl004(tokens),
        "TPL005": checker.tpl005(tokens),
    }
    out: list[Diagnostic] = []
    source = view.source
    for code, matches in found.items():
        rule = RULES[code]
        severity = _selected(config, rule, extra_ignores)
        if severity is None:
            continue
        for s, e, _matched in matches:
            if e <= s:
                e = s + 2
            start, end = view.source_span(s, e)
            out.append(Diagnostic(code=code, name=rule.name, category=CATEGORY, severity=severity, message=rule.message,
                                  offset=start, length=end - start, start=source.position(start), end=source.position(end),
                                  path=source.path, record=view.record, macro=view.macro, matched=view.text[s:e]))
    return out


def suppressed(view: TextView, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Drop findings covered by the view's comment directives (`<!-- replylint-disable ... -->`)."""
    if not isinstance(view, MacroView) or not view.directives:
        return diagnostics
    keep = []
    for d in diagnostics:
        hit = False
        for dr in view.directives:
            if dr.start <= d.offset < dr.end and (not dr.keys or keys_match(dr.keys, d.code, d.name, d.category)):
                hit = True
                break
        if not hit:
            keep.append(d)
    return keep
