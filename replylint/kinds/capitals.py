"""Kind `capitals`: shouting in ALL CAPS, with an acronym allowlist.

Fires on a run of `min_words` or more all-capital words (each at least two
letters, not an acronym, not a code with digits), or on a single all-capital
word from `emphasis` ("NOT", "NEVER") used for emphasis. Acronyms come from the
rule's `acronyms`, the language lexicon and the user's config.
"""
from __future__ import annotations

from typing import Any, Iterator, Mapping

import regex

from ..document import TextView
from ..model import Applicability
from .base import BuildContext, LintState, Match, RuleError, SuggestionTemplate, string_list

KEYS = frozenset({"min_words", "acronyms", "emphasis"})

_WORD = regex.compile(r"(?<![\w'\-])[\p{Lu}][\p{Lu}'\u2019\-]*[\p{Lu}](?![\w'\-])|(?<![\w'\-])[\p{Lu}](?![\w'\-])")
# Acronyms that are also everyday words; inside a shouted run they are the word.
_ALSO_WORDS = frozenset({"US", "IT", "AM", "PM", "AS", "IS", "IN", "ON", "OR", "AT", "TO", "DO", "NO", "SO", "ME", "WE", "OK"})
_GAP = regex.compile(r"^[\s,;:\-&/]*$")


def build(spec: Mapping[str, Any], ctx: BuildContext):
    min_words = spec.get("min_words", 2)
    if not isinstance(min_words, int) or min_words < 1:
        raise RuleError("'min_words' must be a positive whole number", "min_words")
    acronyms = {a.upper() for a in string_list(spec, "acronyms")} | {a.upper() for a in ctx.lexicon.get("acronyms", [])}
    emphasis = {w.upper() for w in string_list(spec, "emphasis")}
    applicability = Applicability.SAFE

    def find(view: TextView, state: LintState) -> Iterator[Match]:
        text = view.masked
        allowed = acronyms | state.extra.get("acronyms", frozenset())
        run: list[tuple["regex.Match[str]", bool]] = []  # (word, shouty on its own)

        def flush() -> Iterator[Match]:
            while run and not run[-1][1]:
                run.pop()  # an acronym may continue a shouted run but never ends one
            words = [m for m, own in run if own]
            letters = sum(sum(c.isalpha() for c in m.group()) for m in words)
            if (len(words) >= min_words and letters >= 5) or (len(run) == 1 and run[0][0].group().replace("\u2019", "'") in emphasis):
                start, end = run[0][0].start(), run[-1][0].end()
                fixed = sentence_case(view.text[start:end], allowed)
                yield Match(start, end, suggestions=(SuggestionTemplate("Use sentence case", fixed, applicability),))
            run.clear()

        for m in _WORD.finditer(text):
            word = m.group()
            acronym = word in allowed or word.replace("'", "") in allowed or word in ("I", "A")
            if acronym and run and word in _ALSO_WORDS:
                acronym = False  # "CONTACTING US": inside a shout, US is the word "us"
            shouty = len(word) >= 2 and not acronym
            if run and not _GAP.match(text[run[-1][0].end():m.start()]):
                yield from flush()
            if shouty or (acronym and run):
                run.append((m, shouty))
            else:
                yield from flush()
        yield from flush()

    return find, None


def sentence_case(text: str, acronyms: frozenset[str] | set[str]) -> str:
    """Lower-case every word of `text` except acronyms and the pronoun I."""
    def low(m: "regex.Match[str]") -> str:
        w = m.group()
        return w if w in acronyms or w == "I" or w.startswith("I'") else w.lower()

    return regex.sub(r"[\p{L}'\u2019]+", low, text)
