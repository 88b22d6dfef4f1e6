"""Rulesets: YAML rule files -> validated `Rule`s, grouped by language.

Layout: `<root>/<lang>/language.yaml` (the language's vocabulary macros,
acronyms, greeting/sign-off and complaint signals, detector profile) and
`<root>/<lang>/<category>/<rule-name>.yaml`, one rule a file. Every problem
(unknown key, bad regular expression, duplicate code or name, unknown
category or kind) raises `RulesetError` citing file and line.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

import regex

from . import rxcache
from .categories import CATEGORIES, DOCUMENT_CATEGORIES
from .complaint import ComplaintSignals
from .kinds import DOCUMENT_KINDS, KINDS
from .kinds.base import BuildContext, Example, Rule, RuleError, SuggestionTemplate
from .model import Applicability, Severity
from .patterns import PatternError
from .rulecache import RuleCache
from .yamlio import YamlError, key_line, load_with_lines

COMMON_KEYS = frozenset({"code", "name", "category", "kind", "severity", "message", "rationale", "suggestions", "examples"})
REQUIRED_KEYS = ("code", "name", "category", "kind", "severity", "message", "rationale")
LANGUAGE_KEYS = frozenset({"name", "vocabulary", "acronyms", "greeting", "signoff", "complaint", "detect"})
CODE_RE = rxcache.compile(r"^[A-Z]{2,6}[0-9]{2,5}$")
NAME_RE = rxcache.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MARK_RE = rxcache.compile(r"\[\[(.*?)\]\]", regex.DOTALL)


class RulesetError(YamlError):
    """A ruleset file that cannot be used; the message cites file and line."""


@dataclass(slots=True)
class Language:
    code: str
    name: str
    lexicon: dict[str, Any]
    vocabulary: dict[str, str]
    signals: ComplaintSignals
    rules: list[Rule] = field(default_factory=list)


@dataclass(slots=True)
class Ruleset:
    languages: dict[str, Language]

    def rules(self) -> list[Rule]:
        return [r for lang in self.languages.values() for r in lang.rules]

    def find(self, key: str) -> list[Rule]:
        """Rules whose code, name or category is `key` (case-insensitive)."""
        k = key.strip()
        return [r for r in self.rules() if k.upper() == r.code or k.lower() in (r.name, r.category)]


def builtin_dir() -> Path:
    """The rulesets shipped with replylint (inside the wheel, or the checkout's top level)."""
    here = Path(__file__).resolve().parent
    packaged = here / "_rulesets"
    return packaged if packaged.is_dir() else here.parent / "rulesets"


def load(extra_dirs: Iterable[os.PathLike[str] | str] = ()) -> Ruleset:
    """Load the built-in rulesets plus any extra folders (same layout)."""
    cache = RuleCache.open()
    try:
        return _load(extra_dirs, cache)
    finally:
        cache.save()


def _load(extra_dirs: Iterable[os.PathLike[str] | str], cache: RuleCache) -> Ruleset:
    languages: dict[str, Language] = {}
    seen_codes: dict[str, str] = {}
    seen_names: dict[tuple[str, str], str] = {}
    for root in (builtin_dir(), *map(Path, extra_dirs)):
        if not root.is_dir():
            raise RulesetError(str(root), 1, "ruleset folder not found")
        for lang_dir in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
            lang = _load_language(lang_dir, languages, cache)
            for rule_file in sorted(lang_dir.rglob("*.yaml")):
                if rule_file.name == "language.yaml":
                    continue
                rule = load_rule(rule_file, lang, cache)
                where = f"{rule.path}:{rule.line}"
                if rule.code in seen_codes:
                    raise RulesetError(rule.path, rule.line, f"duplicate rule code {rule.code} (also in {seen_codes[rule.code]})")
                if (lang.code, rule.name) in seen_names:
                    raise RulesetError(rule.path, rule.line, f"duplicate rule name {rule.name} (also in {seen_names[(lang.code, rule.name)]})")
                seen_codes[rule.code] = where
                seen_names[(lang.code, rule.name)] = where
                lang.rules.append(rule)
    return Ruleset(languages)


def _load_language(lang_dir: Path, languages: dict[str, Language], cache: RuleCache | None = None) -> Language:
    code = lang_dir.name
    spec_file = lang_dir / "language.yaml"
    if code in languages:
        if spec_file.exists():
            raise RulesetError(str(spec_file), 1, f"language {code!r} is already defined by another ruleset folder")
        return languages[code]
    if not spec_file.exists():
        raise RulesetError(str(lang_dir), 1, f"a ruleset language folder needs a language.yaml ({spec_file} not found)")
    path = str(spec_file)
    data, node = cache.get(spec_file) if cache else (None, None)
    if data is None:
        data, node = load_with_lines(spec_file.read_text(encoding="utf-8"), path, RulesetError)
        if cache and isinstance(data, dict):
            cache.put(spec_file, data)
    if not isinstance(data, dict):
        raise RulesetError(path, 1, "language.yaml must be a mapping")
    for key in data:
        if key not in LANGUAGE_KEYS:
            raise RulesetError(path, key_line(node, key), f"unknown key '{key}' (allowed: {', '.join(sorted(LANGUAGE_KEYS))})")
    vocabulary = data.get("vocabulary") or {}
    if not isinstance(vocabulary, dict) or not all(isinstance(v, str) for v in vocabulary.values()):
        raise RulesetError(path, key_line(node, "vocabulary"), "'vocabulary' must map names to pattern strings")
    try:
        signals = ComplaintSignals.build(data, vocabulary)
    except (PatternError, regex.error) as exc:
        raise RulesetError(path, key_line(node, "complaint"), str(exc)) from None
    lang = Language(code, str(data.get("name", code)), data, vocabulary, signals)
    languages[code] = lang
    return lang


def load_rule(path: Path, lang: Language, cache: RuleCache | None = None) -> Rule:
    """Load one rule file; with a cache, a file unchanged since it last loaded cleanly skips parsing."""
    data, _ = cache.get(path) if cache else (None, None)
    if data is not None:
        try:
            return _build_rule(path, lang, data, None)
        except RulesetError:
            pass  # re-read below so the error cites the right line
    spath = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesetError(spath, 1, f"cannot read rule file: {exc}") from None
    data, node = load_with_lines(text, spath, RulesetError)
    rule = _build_rule(path, lang, data, node)
    if cache:
        cache.put(path, data)
    return rule


def _build_rule(path: Path, lang: Language, data: Any, node: Any) -> Rule:
    spath = str(path)
    if not isinstance(data, dict):
        raise RulesetError(spath, 1, "a rule file must be a YAML mapping")

    def fail(message: str, *key: str | int) -> RulesetError:
        return RulesetError(spath, key_line(node, *key) if key else 1, message)

    kind_name = data.get("kind")
    if kind_name not in KINDS:
        raise fail(f"unknown rule kind {kind_name!r} (known: {', '.join(sorted(KINDS))})", "kind")
    kind = KINDS[kind_name]
    for key in data:
        if key not in COMMON_KEYS and key not in kind.KEYS:
            allowed = ", ".join(sorted(COMMON_KEYS | kind.KEYS))
            raise fail(f"unknown key '{key}' for a {kind_name} rule (allowed: {allowed})", key)
    for key in REQUIRED_KEYS:
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise fail(f"missing or empty required key '{key}'", key) if key in data else fail(f"missing required key '{key}'")
    code, name, category = data["code"], data["name"], data["category"]
    if not CODE_RE.match(code):
        raise fail(f"rule code {code!r} must be capital letters then digits, like RL0301", "code")
    if not NAME_RE.match(name):
        raise fail(f"rule name {name!r} must be lower-case words joined by '-'", "name")
    if category not in CATEGORIES:
        raise fail(f"unknown category {category!r} (see spec/categories.md)", "category")
    document = kind_name in DOCUMENT_KINDS
    if document != (category in DOCUMENT_CATEGORIES):
        raise fail(f"category {category!r} does not fit a {kind_name} rule", "category")
    try:
        severity = Severity.parse(data["severity"])
    except ValueError as exc:
        raise fail(str(exc), "severity") from None

    ctx = BuildContext(lang.vocabulary, lang.code, spath, lambda k: key_line(node, k), lang.lexicon)
    try:
        finder, anchors = kind.build(data, ctx)
    except RuleError as exc:
        raise fail(str(exc), exc.key) if exc.key else fail(str(exc)) from None
    except PatternError as exc:
        raise fail(str(exc), _pattern_key(data, kind.KEYS)) from None

    suggestions = _suggestions(data.get("suggestions"), fail)
    bad, good = _examples(data.get("examples"), fail, node)
    return Rule(
        code=code, name=name, category=category, kind=kind_name, severity=severity,
        message=data["message"].strip(), rationale=data["rationale"].strip(), lang=lang.code,
        path=spath, line=1, find=finder, anchors=anchors, suggestions=suggestions,
        bad=bad, good=good, document=document, spec=data,
    )


def _pattern_key(data: Mapping[str, Any], keys: Iterable[str]) -> str:
    for k in ("patterns", "first", "second", "satisfied_by", "exceptions", "unless_sentence", "unless_before", "unless_after"):
        if k in data and k in keys:
            return k
    return "kind"


def _suggestions(raw: Any, fail) -> tuple[SuggestionTemplate, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise fail("'suggestions' must be a list", "suggestions")
    out = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or not isinstance(item.get("replacement"), str):
            raise fail("each suggestion needs a 'replacement' string", "suggestions", i)
        unknown = set(item) - {"title", "replacement", "applicability"}
        if unknown:
            raise fail(f"unknown suggestion key '{sorted(unknown)[0]}'", "suggestions", i)
        try:
            applicability = Applicability(item.get("applicability", "unsafe"))
        except ValueError:
            raise fail("applicability must be safe, unsafe or display-only", "suggestions", i) from None
        title = item.get("title") or (f"Replace with \u201c{item['replacement']}\u201d" if item["replacement"] else "Remove it")
        out.append(SuggestionTemplate(str(title), item["replacement"], applicability))
    return tuple(out)


def _examples(raw: Any, fail, node) -> tuple[tuple[Example, ...], tuple[Example, ...]]:
    if raw is None:
        raise fail("missing required key 'examples' (every rule needs bad and good examples)")
    if not isinstance(raw, dict) or set(raw) - {"bad", "good"}:
        raise fail("'examples' must be a mapping with 'bad' and 'good' lists", "examples")
    groups: dict[str, list[Example]] = {"bad": [], "good": []}
    for group in ("bad", "good"):
        items = raw.get(group) or []
        if not isinstance(items, list) or not items:
            raise fail(f"'examples.{group}' must be a non-empty list", "examples", group)
        for i, item in enumerate(items):
            line = key_line(node, "examples", group, i)
            if isinstance(item, str):
                item = {"text": item}
            if not isinstance(item, dict) or not isinstance(item.get("text"), str) or set(item) - {"text", "context", "fixed"}:
                raise fail("an example is a string or a mapping with text, context?, fixed?", "examples", group, i)
            groups[group].append(Example(item["text"], item.get("context"), item.get("fixed"), line))
    return tuple(groups["bad"]), tuple(groups["good"])


def parse_marked(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Strip `[[...]]` markers from an example; return the text and the marked spans."""
    spans: list[tuple[int, int]] = []
    out: list[str] = []
    pos = 0
    length = 0
    for m in MARK_RE.finditer(text):
        out.append(text[pos:m.start()])
        length += m.start() - pos
        inner = m.group(1)
        spans.append((length, length + len(inner)))
        out.append(inner)
        length += len(inner)
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), spans

