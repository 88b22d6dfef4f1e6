"""Kind `punctuation`: stacked marks such as "!!", "?!", "!!!".

Keys: `patterns` (regexes for the stacked marks; no word boundaries are
added). A single "!" is never matched by the default patterns.
"""
from __future__ import annotations

from typing import Any, Iterator, Mapping

from ..document import TextView
from ..patterns import compile_all
from ..model import Applicability
from .base import BuildContext, LintState, Match, SuggestionTemplate, string_list

KEYS = frozenset({"patterns"})


def build(spec: Mapping[str, Any], ctx: BuildContext):
    patterns = compile_all(string_list(spec, "patterns", required=True), ctx.vocabulary, words=False)

    def find(view: TextView, state: LintState) -> Iterator[Match]:
        text = view.masked
        if "!" not in text and "?" not in text:
            return
        for p in patterns:
            for m in p.regex.finditer(text):
                mark = "?" if "?" in m.group() else "!"
                yield Match(m.start(), m.end(), groups=m,
                            suggestions=(SuggestionTemplate(f"Use one \u201c{mark}\u201d", mark, Applicability.SAFE),))

    return find, None
