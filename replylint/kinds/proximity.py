"""Kind `proximity`: a word from `first` within `within` words of one from `second`.

Used for blame-shifting ("the courier lost", "caused by the post office"):
`first` lists the third parties, `second` the fault words, `either_order`
lets "lost by the courier" match too. Ownership is expressed with the shared
filters, typically `unless_sentence` ("I've asked the courier to trace it").
"""
from __future__ import annotations

from typing import Any, Iterator, Mapping

from ..document import TextView
from ..patterns import compile_pattern, expand_macros
from .base import BuildContext, LintState, Match, RuleError, search_view, string_list
from .filters import FILTER_KEYS, Filters

KEYS = frozenset({"first", "second", "within", "either_order"}) | FILTER_KEYS


def build(spec: Mapping[str, Any], ctx: BuildContext):
    first = "|".join(f"(?:{expand_macros(p, ctx.vocabulary)})" for p in string_list(spec, "first", required=True))
    second = "|".join(f"(?:{expand_macros(p, ctx.vocabulary)})" for p in string_list(spec, "second", required=True))
    within = spec.get("within", 4)
    if not isinstance(within, int) or not 0 <= within <= 20:
        raise RuleError("'within' must be a whole number of words from 0 to 20", "within")
    gap = rf"(?:[\s,]+[\w'\-]+){{0,{within}}}[\s,]+"
    forward = f"(?:{first}){gap}(?:{second})"
    pattern = f"{forward}|(?:{second}){gap}(?:{first})" if spec.get("either_order") else forward
    compiled = compile_pattern(pattern, ctx.vocabulary)
    # Every match holds a word of each list: the pattern's own anchors pick the rarer list.
    anchors = compiled.anchors
    filters = Filters.build(spec, ctx)

    def find(view: TextView, state: LintState) -> Iterator[Match]:
        for m in search_view(compiled, view):
            if not filters or filters.allows(view, m.start(), m.end()):
                yield Match(m.start(), m.end(), groups=m)

    if anchors is None:
        anchors = compiled.anchors
    return find, anchors
