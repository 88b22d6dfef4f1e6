"""Turning a rule's suggestion into an edit that leaves a grammatical sentence.

The replacement is fitted to where it lands: a capital at a sentence start, a
deletion that also takes the comma and space after it and capitalises what
follows, and a downgrade to display-only when the edit would touch a template
placeholder, an HTML entity or text that is not a 1:1 copy of the source.
"""
from __future__ import annotations

import regex

from .document import TextView
from .kinds.base import Match, SuggestionTemplate
from .model import Applicability, Edit, Suggestion

_SENTENCE_START = regex.compile(r"(?:^|[.!?]\s+|\n\s*|^\s*[-*]\s+)$")
_TRAILING_JOIN = regex.compile(r"[ \t]*[,;:\u2013\u2014-]?[ \t]*")


def at_sentence_start(text: str, offset: int) -> bool:
    return bool(_SENTENCE_START.search(text[max(0, offset - 12):offset])) or offset == 0


def _capitalise(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


def _lower_first(s: str) -> str:
    if not s or s.startswith(("I ", "I'", "I\u2019")) or (len(s) > 1 and s[1].isupper()):
        return s
    return s[:1].lower() + s[1:]


def fit(view: TextView, start: int, end: int, replacement: str) -> tuple[int, int, str]:
    """Adjust [start, end) and the replacement so the sentence reads well afterwards."""
    text = view.text
    sentence_start = at_sentence_start(text, start)
    if replacement == "":
        join = _TRAILING_JOIN.match(text, end)
        new_end = join.end() if join else end
        if sentence_start:
            # "As I said, the refund..." -> "The refund...": take the join, capitalise the next word.
            nxt = text[new_end:new_end + 1]
            if nxt.isalpha() and nxt.islower():
                return start, new_end + 1, nxt.upper()
            if nxt in (".", "!", "?"):
                new_end += 1
                while new_end < len(text) and text[new_end] in " \t":
                    new_end += 1
            return start, new_end, ""
        # Mid-sentence: remove the phrase and the space before it.
        s = start
        while s > 0 and text[s - 1] in " \t":
            s -= 1
        if text[s - 1:s] == "," and text[end:end + 1] in (".", "!", "?"):
            s -= 1
        return s, end, ""
    if sentence_start:
        replacement = _capitalise(replacement)
    else:
        replacement = _lower_first(replacement)
    if replacement[-1:] in (".", "!", "?") and text[end:end + 1] in (".", "!", "?"):
        replacement = replacement[:-1]
    return start, end, replacement


def suggestion_for(view: TextView, match: Match, template: SuggestionTemplate) -> Suggestion:
    """A concrete suggestion (with its source edit) for one match."""
    replacement = template.replacement
    if match.groups is not None and ("\\" in replacement):
        try:
            replacement = match.groups.expand(replacement)
        except (IndexError, regex.error):
            pass
    start, end, text = fit(view, match.start, match.end, replacement)
    applicability = template.applicability
    if view.protected(start, end) or not view.source_map.is_exact(start, end):
        applicability = Applicability.DISPLAY_ONLY
    src_start, src_end = view.source_span(start, end)
    encoded = view.encode(text) if view.encode else text
    title = template.title
    return Suggestion(title, text, applicability, (Edit(src_start, src_end - src_start, encoded),))


def insertion_for(view: TextView, at: int, sentence: str, title: str) -> Suggestion:
    """A display-only suggestion inserting a whole sentence at view offset `at`."""
    text = view.text
    before = text[at - 1:at] if at > 0 else ""
    if at < len(text) and before in ("", "\n") and text[at:at + 1] not in ("\n", ""):
        insert = sentence + " "
    elif before and before not in " \n":
        insert = " " + sentence
    else:
        insert = sentence + " "
    src = view.source_map.to_source(at)
    encoded = view.encode(insert) if view.encode else insert
    return Suggestion(title, sentence, Applicability.DISPLAY_ONLY, (Edit(src, 0, encoded),))
