"""Kind `punctuation`: stacked marks such as "!!", "?!", "!!!".

Keys: `patterns` (regexes for the stacked marks; no word boundaries are
added). A single "!" is never matched by the default patterns.

Marks that are not prose are skipped even where the pattern matches: a run
glued to a word after it ("!!x", "??=" in code), one opening a group ("(?!",
"[!!"), and a "??" standing between spaces (an operator or a blank to fill in,
" ?? "). The fix keeps one mark: "?" when the run holds one, else "!".
"""
from __future__ import annotations

from typing import Any, Iterator, Mapping

from ..document import TextView
from ..patterns import compile_all
from ..model import Applicability
from .base import BuildContext, LintState, Match, SuggestionTemplate, string_list

KEYS = frozenset({"patterns"})

_OPENERS = "([{<=&|"


def _prose_marks(text: str, start: int, end: int) -> bool:
    before = text[start - 1:start] if start > 0 else ""
    after = text[end:end + 1]
    if before and before in _OPENERS:
        return False
    if after and (after.isalnum() or after in "_=([{"):
        return False
    if (not before or before.isspace()) and (not after or after.isspace()) and "!" not in text[start:end]:
        return False  # " ?? ": an operator or a blank, not a raised voice
    return True


def build(spec: Mapping[str, Any], ctx: BuildContext):
    patterns = compile_all(string_list(spec, "patterns", required=True), ctx.vocabulary, words=False)

    def find(view: TextView, state: LintState) -> Iterator[Match]:
        text = view.masked
        if "!" not in text and "?" not in text:
            return
        for p in patterns:
            for m in p.regex.finditer(text):
                if not _prose_marks(text, m.start(), m.end()):
                    continue
                mark = "?" if "?" in m.group() else "!"
                yield Match(m.start(), m.end(), groups=m,
                            suggestions=(SuggestionTemplate(f"Use one \u201c{mark}\u201d", mark, Applicability.SAFE),))

    return find, None
