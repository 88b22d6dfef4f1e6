"""Kind `required`: a document-level element that a reply to a complaint must have.

Keys: `satisfied_by` (patterns, any one satisfies), `not_satisfied_by`
(patterns whose matches do not count, e.g. a non-apology "sorry if you feel"
is not an apology), `when` (`complaint`, the default; `complaint_or_request`,
also when the customer asks for something to be done, see `complaint.py`;
or `always`),
`position` (`start`: the missing sentence goes after the greeting; `end`:
before the sign-off), `insert` (the sentence to suggest) and `insert_when`
(optional, a list of `{if: pattern, insert: sentence}`: the first whose
pattern occurs in the customer's message or the reply gives the sentence, so
the suggestion fits the problem, e.g. "I'm sorry for the delay.").

The finding points at the first sentence of the body (position start) or the
last one (position end), so an editor underlines where the sentence belongs.
The body leaves out the greeting ("Hi Sam," also when the sentence goes on
after it on the same line), sign-off lines, signature and quoted history.
"""
from __future__ import annotations

from typing import Any, Iterator, Mapping

import regex

from .. import rxcache
from ..anchors import present_in
from ..document import TextView
from ..model import Applicability
from ..patterns import CompiledPattern, compile_all, compile_pattern
from .base import BuildContext, LintState, Match, RuleError, SuggestionTemplate, may_match, sentence_bounds, string_list, search_view

KEYS = frozenset({"satisfied_by", "not_satisfied_by", "when", "position", "insert", "insert_when"})

_SENTENCE = rxcache.compile(r"[^\s][^\n]*?(?:[.!?]+(?=\s|$)|(?=\n)|$)")
# Where an inline greeting can end: "Hi Sam, ...", "Hello! ...", "Hi - ...", "Dear Ana: ...".
_GREETING_CUT = rxcache.compile(r"[,!:;]+(?=\s)|\s[-\u2013\u2014](?=\s)")
_GREETING_MAX = 40  # characters: a greeting is "Hi" plus a name, not a sentence
_GREETING_WORDS = 4  # a whole line with no punctuation is a greeting only when this short


def body_bounds(view: TextView) -> tuple[int, int]:
    """Start and end of the agent's own words: before history and signature."""
    end = len(view.masked)
    for r in view.regions:
        if r.kind in ("history", "signature") and r.end >= end - 1 and r.start < end:
            end = min(end, r.start)
    return 0, end


def _after_greeting(chunk: str, greeting: "regex.Pattern[str]") -> int | None:
    """Offset in `chunk` where the body starts after a leading greeting, or None.

    Returns len(chunk) when the whole chunk is the greeting ("Hi Maria,").
    """
    for cut in _GREETING_CUT.finditer(chunk, 0, min(len(chunk), _GREETING_MAX + 3)):
        head = chunk[:cut.start()].rstrip()
        if head and greeting.fullmatch(head):
            rest = cut.end()
            while rest < len(chunk) and chunk[rest].isspace():
                rest += 1
            return rest
        break  # only the first punctuation mark can close a greeting
    if greeting.fullmatch(chunk.rstrip(" \t,!.:;")) and len(chunk.split()) <= _GREETING_WORDS:
        return len(chunk)
    return None


def sentences(view: TextView, greeting: "regex.Pattern[str] | None", signoff: "regex.Pattern[str] | None") -> list[tuple[int, int]]:
    """Body sentences as view spans, greeting and sign-off lines left out."""
    start, end = body_bounds(view)
    text = view.masked
    out: list[tuple[int, int]] = []
    for m in _SENTENCE.finditer(text, start, end):
        s, e = m.span()
        e = s + len(text[s:e].rstrip())
        chunk = text[s:e]
        if not chunk or not any(c.isalpha() for c in chunk):
            continue
        if greeting is not None and not out:
            cut = _after_greeting(chunk, greeting)
            if cut is not None:
                if not any(c.isalpha() for c in chunk[cut:]):
                    continue
                s += cut
                chunk = text[s:e]
        if signoff is not None and signoff.fullmatch(chunk):
            continue
        out.append((s, e))
    return out


def _cancelled(view: TextView, cancels: tuple[CompiledPattern, ...], start: int, end: int) -> bool:
    """True when a `not_satisfied_by` match overlaps [start, end) (looked for in its sentence only)."""
    lo, hi = sentence_bounds(view.masked, start, end)
    for q in cancels:
        if may_match(q, view):
            for c in search_view(q, view, lo, hi):
                if c.start() < end and start < c.end():
                    return True
    return False


def _insert_when(spec: Mapping[str, Any], ctx: BuildContext) -> tuple[tuple[CompiledPattern, str], ...]:
    raw = spec.get("insert_when") or []
    if not isinstance(raw, list):
        raise RuleError("'insert_when' must be a list of {if, insert}", "insert_when")
    out = []
    for item in raw:
        if not isinstance(item, Mapping) or set(item) != {"if", "insert"} or not all(isinstance(v, str) for v in item.values()):
            raise RuleError("each 'insert_when' item needs exactly 'if' (a pattern) and 'insert' (a sentence)", "insert_when")
        out.append((compile_pattern(item["if"], ctx.vocabulary), item["insert"]))
    return tuple(out)


def build(spec: Mapping[str, Any], ctx: BuildContext):
    satisfied = compile_all(string_list(spec, "satisfied_by", required=True), ctx.vocabulary)
    not_satisfied = compile_all(string_list(spec, "not_satisfied_by"), ctx.vocabulary)
    when = spec.get("when", "complaint")
    if when not in ("complaint", "complaint_or_request", "always"):
        raise RuleError("'when' must be 'complaint', 'complaint_or_request' or 'always'", "when")
    position = spec.get("position", "start")
    if position not in ("start", "end"):
        raise RuleError("'position' must be 'start' or 'end'", "position")
    default_insert = str(spec.get("insert") or "")
    tailored = _insert_when(spec, ctx)
    greeting = _lexicon_pattern(ctx, "greeting")
    signoff = _lexicon_pattern(ctx, "signoff")

    def sentence_for(view: TextView, state: LintState) -> str:
        if not tailored:
            return default_insert
        # The anchors of each text searched: a pattern none of whose anchors occur is not run.
        key = "insert-when-anchors"
        present = state.extra.get(key)
        if present is None:
            present = state.extra[key] = (present_in(view.context or ""), view.anchor_set if view.lower_exact else None)
        for pattern, sentence in tailored:
            anchors = pattern.anchors
            for text, found in zip((view.context or "", view.masked), present):
                if (anchors is None or found is None or not anchors.isdisjoint(found)) and pattern.regex.search(text):
                    return sentence
        return default_insert

    def find(view: TextView, state: LintState) -> Iterator[Match]:
        if when == "complaint" and state.complaint is not True:
            return  # not a complaint (a request, state.complaint == REQUEST, is not one either)
        if when == "complaint_or_request" and not state.complaint:
            return
        for p in satisfied:
            if not may_match(p, view):
                continue
            for m in search_view(p, view):
                if not _cancelled(view, not_satisfied, m.start(), m.end()):
                    return
        key = ("sentences", greeting.pattern if greeting else None, signoff.pattern if signoff else None)
        spans = state.extra.get(key)
        if spans is None:
            spans = state.extra[key] = sentences(view, greeting, signoff)
        if not spans:
            return
        s, e = spans[0] if position == "start" else spans[-1]
        insert_at = s if position == "start" else e
        sentence = sentence_for(view, state)
        suggestions = (SuggestionTemplate(f"Add: \u201c{sentence}\u201d", sentence, Applicability.DISPLAY_ONLY),) if sentence else ()
        yield Match(s, e, insert_at=insert_at, suggestions=suggestions)

    return find, None


def _lexicon_pattern(ctx: BuildContext, key: str) -> "regex.Pattern[str] | None":
    pats = ctx.lexicon.get(key)
    if not pats:
        return None
    return rxcache.compile("(?:" + "|".join(f"(?:{p})" for p in pats) + ")", regex.IGNORECASE)
