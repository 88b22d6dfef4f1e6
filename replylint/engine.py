"""The lint pipeline: a TextView and a ruleset in, positioned Diagnostics out.

`Linter` holds everything that is computed once per run (the ruleset, the
selected rules per language, severity overrides, the language detector) and
lints one view at a time: mask non-prose, pick the language, run the span
rules whose anchors occur in the text, decide whether the reply answers a
complaint, run the document rules, then map every match to the source.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import regex

from . import prose
from .anchors import exact_lower, scan as scan_anchors
from .config import Config, keys_match
from .document import Region, TextView
from .complaint import answers_complaint
from .kinds.base import LintState, Match, Rule
from .langdetect import Detector
from .model import Diagnostic, Severity
from .patterns import fold_spaces
from .rewrite import insertion_for, suggestion_for
from .ruleset import Ruleset


@dataclass(frozen=True, slots=True)
class SelectedRule:
    rule: Rule
    severity: Severity


class LanguageNotLinted(Exception):
    """Raised for a view in a language that has no ruleset."""


class RuleTimeout(RuntimeError):
    """A rule's pattern ran past the match time limit (catastrophic backtracking)."""

    def __init__(self, rule: Rule) -> None:
        super().__init__(f"{rule.path}: rule {rule.code} ({rule.name}) took too long on one reply: "
                         f"a pattern backtracks catastrophically; rewrite it without nested repeats")
        self.rule = rule


def _run(rule: Rule, view: TextView, state: LintState) -> list[Match]:
    try:
        return list(rule.find(view, state))
    except TimeoutError:
        raise RuleTimeout(rule) from None


class Linter:
    def __init__(self, ruleset: Ruleset, config: Config | None = None) -> None:
        self.ruleset = ruleset
        self.config = config or Config()
        self.detector = Detector.from_lexicons({c: l.lexicon for c, l in ruleset.languages.items()})
        self.acronyms = frozenset(a.upper() for a in self.config.acronyms)
        terms = [t for t in self.config.terms if t.strip()]
        self.terms_re = regex.compile("|".join(rf"(?<!\w){regex.escape(t)}(?!\w)" for t in terms), regex.IGNORECASE) if terms else None
        self._selected = lru_cache(maxsize=64)(self._select)

    # --- rule selection -------------------------------------------------------
    def _select(self, lang: str, extra_ignores: tuple[str, ...]) -> tuple[list[SelectedRule], list[SelectedRule]]:
        cfg = self.config
        language = self.ruleset.languages[lang]
        spans: list[SelectedRule] = []
        docs: list[SelectedRule] = []
        overrides = {k.strip(): Severity.parse(str(v)) for k, v in cfg.severity.items()}
        for rule in language.rules:
            ident = (rule.code, rule.name, rule.category)
            if cfg.select and not keys_match(cfg.select, *ident):
                continue
            if keys_match(cfg.ignore, *ident) or keys_match(extra_ignores, *ident):
                continue
            severity = rule.severity
            for key in (rule.category, rule.name, rule.code):  # most specific wins
                for k, v in overrides.items():
                    if keys_match([k], *ident) and (k.lower() == key.lower() or k.upper() == key):
                        severity = v
            (docs if rule.document else spans).append(SelectedRule(rule, severity))
        return spans, docs

    def language_of(self, view: TextView) -> str:
        """The record's `lang`, else --lang / config `lang`, else detected ("auto").

        Detection may return a language with no ruleset ("pt") or "und" (cannot
        tell): `lint_view` then raises LanguageNotLinted, never lints with
        another language's rules.
        """
        if view.lang and view.lang.strip().lower() != "auto":
            return view.lang.strip()
        if self.config.lang and self.config.lang != "auto":
            return self.config.lang
        return self.detector.detect(view.masked or view.text)

    # --- linting ------------------------------------------------------------------
    def prepare(self, view: TextView) -> None:
        """Mask non-prose (and the user's allowed terms) in place."""
        prose.analyse(view)
        if self.terms_re is not None:
            chars = None
            for m in self.terms_re.finditer(view.masked):
                chars = chars or list(view.masked)
                for i in range(m.start(), m.end()):
                    chars[i] = " "
                view.regions.append(Region(m.start(), m.end(), "term"))
            if chars is not None:
                view.masked = "".join(chars)
        view.masked = view.masked.replace("\u2019", "'").replace("\u2018", "'")
        view.lower = view.masked.lower()
        view.lower_exact = exact_lower(view.masked, view.lower)
        view.spaced = fold_spaces(view.lower) if view.lower_exact else ""

    def lint_view(self, view: TextView, extra_ignores: Iterable[str] = ()) -> list[Diagnostic]:
        self.prepare(view)
        lang = self.language_of(view)
        view.lang = lang
        if lang not in self.ruleset.languages:
            raise LanguageNotLinted(lang)
        span_rules, doc_rules = self._selected(lang, tuple(extra_ignores))
        state = LintState(view)
        state.extra["acronyms"] = self.acronyms
        view.anchor_hits = scan_anchors(view.lower)
        hits = view.anchor_set = frozenset(view.anchor_hits)
        out: list[Diagnostic] = []
        for sel in span_rules:
            rule = sel.rule
            anchors = rule.anchors
            if anchors is not None and anchors.isdisjoint(hits):
                continue
            matches = _run(rule, view, state)
            if matches:
                state.span_matches.setdefault(rule.category, []).extend(matches)
                out.extend(self._diagnostic(view, sel, m) for m in matches)
        if doc_rules:
            language = self.ruleset.languages[lang]
            state.complaint = answers_complaint(language.signals, view.context, view.masked, view.anchor_set, view)
            if state.complaint:
                for sel in doc_rules:
                    out.extend(self._diagnostic(view, sel, m) for m in _run(sel.rule, view, state))
        out.sort(key=lambda d: (d.offset, d.code))
        return out

    def _diagnostic(self, view: TextView, sel: SelectedRule, m: Match) -> Diagnostic:
        rule = sel.rule
        start, end = view.source_span(m.start, m.end)
        source = view.source
        if rule.document:
            insert = m.suggestions[0].replacement if m.suggestions else str(rule.spec.get("insert") or "")
            suggestions = (insertion_for(view, m.insert_at if m.insert_at is not None else m.start, insert, f"Add: \u201c{insert}\u201d",
                                         position=str(rule.spec.get("position", "start"))),) if insert else ()
        else:
            templates = m.suggestions if m.suggestions is not None else rule.suggestions
            suggestions = tuple(suggestion_for(view, m, t) for t in templates)
        return Diagnostic(
            code=rule.code, name=rule.name, category=rule.category, severity=sel.severity,
            message=rule.message, offset=start, length=end - start,
            start=source.position(start), end=source.position(end),
            path=source.path, record=view.record, suggestions=suggestions, macro=view.macro,
            matched=view.text[m.start:m.end], document_level=rule.document,
        )
