"""Kind `phrase`: any of a list of patterns, word-bounded and case-folded.

Keys: `patterns` (required), `case_sensitive`, `words` (add word boundaries,
default true) and the shared filters (`exceptions`, `unless_sentence`,
`unless_before`, `unless_after`).
"""
from __future__ import annotations

from typing import Any, Iterator, Mapping

from ..document import TextView
from ..patterns import compile_all, union_anchors
from .base import BuildContext, LintState, Match, RuleError, may_match, search_view, string_list
from .filters import FILTER_KEYS, Filters

KEYS = frozenset({"patterns", "case_sensitive", "words"}) | FILTER_KEYS


def build(spec: Mapping[str, Any], ctx: BuildContext):
    case_sensitive = bool(spec.get("case_sensitive", False))
    words = spec.get("words", True)
    if not isinstance(words, bool):
        raise RuleError("'words' must be true or false", "words")
    patterns = compile_all(string_list(spec, "patterns", required=True), ctx.vocabulary, words=words, case_sensitive=case_sensitive)
    filters = Filters.build(spec, ctx)

    def find(view: TextView, state: LintState) -> Iterator[Match]:
        taken: list[tuple[int, int]] = []
        for p in patterns:
            if not may_match(p, view):
                continue
            for m in search_view(p, view):
                s, e = m.span()
                if s == e or any(a < e and s < b for a, b in taken):
                    continue
                if filters and not filters.allows(view, s, e):
                    continue
                taken.append((s, e))
                yield Match(s, e, groups=m)

    return find, union_anchors(patterns)
