"""What every rule kind shares: the rule record, matches, and sentence helpers.

A kind is a small module with a `build(spec, ctx) -> Rule` function and the
set of YAML keys it accepts. The loader (`replylint.ruleset`) checks common
keys; the kind checks its own. At lint time the engine calls `rule.find(view,
state)` and gets view-offset `Match`es back; the kind never maps positions.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Mapping, Protocol

import regex

from .. import rxcache
from ..document import TextView
from ..model import Applicability, Severity
from ..anchors import windows
from ..patterns import CompiledPattern, MATCH_TIMEOUT


@dataclass(frozen=True, slots=True)
class SuggestionTemplate:
    """A fix as the rule author wrote it; the engine turns it into edits per match."""

    title: str
    replacement: str
    applicability: Applicability


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    context: str | None = None
    fixed: str | None = None
    line: int = 0


@dataclass(slots=True)
class Match:
    """A finding in view offsets, before it is positioned in the source."""

    start: int
    end: int
    suggestions: tuple[SuggestionTemplate, ...] | None = None
    insert_at: int | None = None  # document rules: where the missing sentence goes
    groups: "regex.Match[str] | None" = None


@dataclass(slots=True)
class LintState:
    """Per-view facts shared by the rules of one run (computed once, lazily)."""

    view: TextView
    complaint: bool | None = None
    span_matches: dict[str, list[Match]] = field(default_factory=dict)  # category -> matches
    extra: dict[str, Any] = field(default_factory=dict)


class Finder(Protocol):
    def __call__(self, view: TextView, state: LintState) -> Iterable[Match]: ...


@dataclass(slots=True)
class Rule:
    code: str
    name: str
    category: str
    kind: str
    severity: Severity
    message: str
    rationale: str
    lang: str
    path: str
    line: int
    find: Finder
    anchors: frozenset[str] | None
    suggestions: tuple[SuggestionTemplate, ...] = ()
    bad: tuple[Example, ...] = ()
    good: tuple[Example, ...] = ()
    document: bool = False
    spec: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class BuildContext:
    """What a kind needs to build a rule: the language vocabulary and where it is."""

    vocabulary: Mapping[str, str]
    lang: str
    path: str
    line_of: Callable[[str], int]
    lexicon: Mapping[str, Any] = field(default_factory=dict)


class RuleError(ValueError):
    """A rule that cannot be built; `key` names the offending YAML key if known."""

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(message)
        self.key = key


# --- helpers for kinds --------------------------------------------------------

_SENTENCE_END = rxcache.compile(r"[.!?;]+(?=\s|$)|\n")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or line) around [start, end), as view offsets."""
    left = 0
    for m in _SENTENCE_END.finditer(text, max(0, start - 400), start):
        left = m.end()
    m = _SENTENCE_END.search(text, end)
    right = m.end() if m else len(text)
    return left, right


def finditer(pattern: CompiledPattern, text: str, pos: int = 0, endpos: int | None = None) -> Iterator["regex.Match[str]"]:
    """Bounded `finditer`: a runaway user pattern raises TimeoutError, never hangs."""
    return pattern.regex.finditer(text, pos, len(text) if endpos is None else endpos, timeout=MATCH_TIMEOUT)


_BREAK = rxcache.compile(r"[.!?]+[\"')\]]*\s+|\n")


def may_match(pattern: CompiledPattern, view: TextView) -> bool:
    """False when the engine's anchor index shows `pattern` cannot match in `view`."""
    anchors = pattern.anchors
    return anchors is None or view.anchor_hits is None or not anchors.isdisjoint(view.anchor_set)


def search_view(pattern: CompiledPattern, view: TextView, pos: int = 0, endpos: int | None = None) -> Iterator["regex.Match[str]"]:
    """Matches of `pattern` in `view.masked`, run only around the pattern's anchors.

    With the engine's anchor index, a pattern whose anchors do not occur costs
    nothing, and one whose anchors do is run only in windows around them (the
    sentences holding them). A window lacking every string of one of the
    pattern's other literal sets (`pattern.requires`, looked for in
    `view.spaced`) is skipped: no match can lie in it.
    """
    text = view.masked
    end = len(text) if endpos is None else endpos
    hits = view.anchor_hits
    anchors = pattern.anchors
    if anchors is None or hits is None:
        yield from finditer(pattern, text, pos, end)
        return
    if anchors.isdisjoint(view.anchor_set):
        return
    requires = pattern.requires if view.lower_exact else ()
    if requires:
        spaced = view.spaced
        for strings in requires:  # one string of each must occur where the match may lie
            if all(spaced.find(s, pos, end) < 0 for s in strings):
                return
    breaks = view.sentence_breaks
    if breaks is None:
        breaks = view.sentence_breaks = [0] + [m.end() for m in _BREAK.finditer(text)]
    spans = windows(hits, anchors & view.anchor_set, pos, end, breaks)
    if requires:  # ... and in the window itself
        spans = [(ws, we) for ws, we in spans
                 if all(any(spaced.find(s, ws, we) >= 0 for s in strings) for strings in requires)]
    last_end = -1
    for ws, we in spans:
        for m in finditer(pattern, text, ws, we):
            if m.start() >= last_end:
                last_end = m.end()
                yield m


def overlaps_any(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def string_list(spec: Mapping[str, Any], key: str, *, required: bool = False) -> list[str]:
    value = spec.get(key)
    if value is None:
        if required:
            raise RuleError(f"missing required key '{key}'", key)
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleError(f"'{key}' must be a string or a list of strings", key)
    return value
