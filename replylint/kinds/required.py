"""Kind `required`: a document-level element that a reply to a complaint must have.

Keys: `satisfied_by` (patterns, any one satisfies), `not_satisfied_by`
(patterns whose matches do not count, e.g. a non-apology "sorry if you feel"
is not an apology), `when` (`complaint`, the default, or `always`),
`position` (`start`: the missing sentence goes after the greeting; `end`:
before the sign-off) and `insert` (the sentence to suggest).

The finding points at the first sentence of the body (position start) or the
last one (position end), so an editor underlines where the sentence belongs.
"""
from __future__ import annotations

from typing import Any, Iterator, Mapping

import regex

from ..document import TextView
from ..patterns import compile_all
from .base import BuildContext, LintState, Match, RuleError, finditer, string_list

KEYS = frozenset({"satisfied_by", "not_satisfied_by", "when", "position", "insert"})

_SENTENCE = regex.compile(r"[^\s][^\n]*?(?:[.!?]+(?=\s|$)|(?=\n)|$)")


def body_bounds(view: TextView) -> tuple[int, int]:
    """Start and end of the agent's own words: before history and signature."""
    end = len(view.masked)
    for r in view.regions:
        if r.kind in ("history", "signature") and r.end >= end - 1 and r.start < end:
            end = min(end, r.start)
    return 0, end


def sentences(view: TextView, greeting: "regex.Pattern[str] | None", signoff: "regex.Pattern[str] | None") -> list[tuple[int, int]]:
    """Body sentences as view spans, greeting and sign-off lines left out."""
    start, end = body_bounds(view)
    text = view.masked
    out = []
    for m in _SENTENCE.finditer(text, start, end):
        s, e = m.span()
        chunk = text[s:e].strip()
        if not chunk or not any(c.isalpha() for c in chunk):
            continue
        if greeting is not None and not out and greeting.fullmatch(chunk):
            continue
        if signoff is not None and signoff.fullmatch(chunk):
            continue
        out.append((s, s + len(text[s:e].rstrip())))
    return out


def build(spec: Mapping[str, Any], ctx: BuildContext):
    satisfied = compile_all(string_list(spec, "satisfied_by", required=True), ctx.vocabulary)
    not_satisfied = compile_all(string_list(spec, "not_satisfied_by"), ctx.vocabulary)
    when = spec.get("when", "complaint")
    if when not in ("complaint", "always"):
        raise RuleError("'when' must be 'complaint' or 'always'", "when")
    position = spec.get("position", "start")
    if position not in ("start", "end"):
        raise RuleError("'position' must be 'start' or 'end'", "position")
    greeting = _lexicon_pattern(ctx, "greeting")
    signoff = _lexicon_pattern(ctx, "signoff")

    def find(view: TextView, state: LintState) -> Iterator[Match]:
        if when == "complaint" and not state.complaint:
            return
        text = view.masked
        cancel = [m.span() for p in not_satisfied for m in finditer(p, text)]
        for p in satisfied:
            for m in finditer(p, text):
                if not any(a < m.end() and m.start() < b for a, b in cancel):
                    return
        spans = sentences(view, greeting, signoff)
        if not spans:
            return
        if position == "start":
            s, e = spans[0]
            insert_at = s
        else:
            s, e = spans[-1]
            insert_at = e
        yield Match(s, e, insert_at=insert_at)

    return find, None


def _lexicon_pattern(ctx: BuildContext, key: str) -> "regex.Pattern[str] | None":
    pats = ctx.lexicon.get(key)
    if not pats:
        return None
    return regex.compile("(?:" + "|".join(f"(?:{p})" for p in pats) + ")", regex.IGNORECASE)
