"""Turning a rule's suggestion into an edit that leaves a grammatical sentence.

The replacement is fitted to where it lands:

- a capital at a sentence start (after ". ", a line break, a list bullet), a
  lower-case first letter mid-sentence ("I" and acronyms kept);
- a deletion also takes the comma and space after it and capitalises what
  follows ("As I said, the refund" -> "The refund"); a parenthetical takes both
  commas ("The refund, as I said, is done" -> "The refund is done"); a deleted
  sentence takes its full stop and the space before it;
- a replacement's own full stop is dropped when the text already has one;
- a pure re-casing (ALL CAPS -> sentence case) keeps names written elsewhere in
  the reply with a capital ("Hi Sam, ... THANK YOU SAM" -> "Thank you Sam") and
  capitals at the sentence starts inside the span;
- an edit that would touch a template placeholder, an HTML entity, a protected
  region or text that is not a 1:1 copy of the source (an escape) is downgraded
  to display-only, so automatic fixes never alter those bytes.

Insertions (document rules: a missing apology or next step) are always
display-only; `insertion_for` places the sentence after the greeting (also an
inline "Hi Sam, ...") or before the sign-off, with the spacing repaired.

Every edit is in source offsets, and its replacement has been passed through
the view's `encode` (JSON or HTML escaping), so the fixer applies edits without
knowing the file format.
"""
from __future__ import annotations

import regex

from . import rxcache
from .document import TextView
from .kinds.base import Match, SuggestionTemplate
from .model import Applicability, Edit, Suggestion

_TRAILING_JOIN = rxcache.compile(r"[ \t]*([,;:\u2013\u2014-]?)[ \t]*")
_CLOSERS = "\"'\u201d\u2019)]"
_ENDS = ".!?\u2026"
_ABBREV = rxcache.compile(r"(?i)(?:^|[\s(])(?:e\.g|i\.e|etc|vs|approx|incl|mr|mrs|ms|dr|st|no|nr|tel|ca|cf|jl|sdr|bpk|ibu)\.$")
_BULLET_BEFORE = rxcache.compile(r"(?:^|\n)[ \t]*(?:[-*\u2022]|\d{1,3}[.)])[ \t]+$")
_BULLET_LINE = rxcache.compile(r"[ \t]*(?:[-*\u2022]|\d{1,3}[.)])[ \t]+")
_GREETING_WORDS = rxcache.compile(r"[ \t]*(?:hi|hello|hey|hiya|dear|greetings|good (?:morning|afternoon|evening|day)|halo|hai|selamat (?:pagi|siang|sore|malam))\b", regex.IGNORECASE)
_INLINE_GREETING = rxcache.compile(r"[ \t]*(?:hi|hello|hey|hiya|dear|greetings|good (?:morning|afternoon|evening|day)|halo|hai|selamat (?:pagi|siang|sore|malam))\b[^,.!?\n]{0,60}?,[ \t]+(?=\S)", regex.IGNORECASE)
_TITLE_WORD = rxcache.compile(r"(?<![\w'\u2019])\p{Lu}\p{Ll}+(?![\w])")
_WORD = rxcache.compile(r"[\p{L}'\u2019]+")


def at_sentence_start(text: str, offset: int) -> bool:
    """True when `offset` begins a sentence: text start, a new line, a list bullet, or after ". "."""
    i = offset - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    if i < 0 or text[i] in "\n\r":
        return True
    if _BULLET_BEFORE.search(text, max(0, offset - 80), offset):
        return True
    if i == offset - 1:
        return False  # no space between the previous character and the word
    j = i
    while j >= 0 and text[j] in _CLOSERS:
        j -= 1
    if j >= 0 and text[j] in _ENDS:
        return not _ABBREV.search(text, max(0, j - 8), j + 1)
    return False


def _capitalise(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


def _lower_first(s: str) -> str:
    if not s or s.startswith(("I ", "I'", "I\u2019")) or s == "I" or (len(s) > 1 and s[1].isupper()):
        return s
    return s[:1].lower() + s[1:]


def _greeting_before(text: str, comma: int) -> bool:
    """True when the text from its line start to `comma` is a greeting ("Hi Sam")."""
    line_start = text.rfind("\n", 0, comma) + 1
    head = text[line_start:comma]
    m = _GREETING_WORDS.match(head)
    return bool(m) and not regex.search(r"[.!?]", head)


def _fit_deletion(text: str, start: int, end: int) -> tuple[int, int, str]:
    join = _TRAILING_JOIN.match(text, end)
    join_end = join.end() if join else end
    joined = join.group(1) if join else ""
    if at_sentence_start(text, start):
        nxt = text[join_end:join_end + 1]
        if nxt.isalpha() and nxt.islower():
            # "As I said, the refund..." -> "The refund...": take the join, capitalise the next word.
            return start, join_end + 1, nxt.upper()
        new_end = join_end
        if nxt and nxt in _ENDS:
            # The phrase was the whole sentence: take its mark and the space after it.
            new_end += 1
            while new_end < len(text) and text[new_end] in _ENDS:
                new_end += 1
            while new_end < len(text) and text[new_end] in " \t":
                new_end += 1
        s = start
        if new_end >= len(text) or text[new_end] in "\r\n":
            # Nothing left on the line: also take the space before, so no trailing blank is left.
            while s > 0 and text[s - 1] in " \t":
                s -= 1
        return s, new_end, ""
    # Mid-sentence: remove the phrase and the space before it.
    s = start
    while s > 0 and text[s - 1] in " \t":
        s -= 1
    before = text[s - 1:s]
    after = text[join_end:join_end + 1]
    if before == "," and joined == ",":
        if _greeting_before(text, s - 1):
            # "Hi Sam, as I said, the refund" -> "Hi Sam, the refund"
            return s, end + (join.group(0).index(",") + 1 if join else 0), ""
        # A parenthetical: "The refund, as I said, is done" -> "The refund is done"
        comma_end = end + join.group(0).index(",") + 1
        return s - 1, comma_end, ""
    if before == "," and (after in tuple(_ENDS) or after in ("", "\n", "\r")) and not joined:
        # "The refund is done, as I said." -> "The refund is done."
        return s - 1, end, ""
    return s, end, ""


def _names_in(text: str, start: int, end: int) -> set[str]:
    """Words written with a capital mid-sentence outside [start, end): names to keep."""
    names: set[str] = set()
    for m in _TITLE_WORD.finditer(text):
        if start <= m.start() < end or at_sentence_start(text, m.start()):
            continue
        names.add(m.group())
    return names


def _recase(text: str, start: int, end: int, replacement: str) -> str:
    """A pure re-casing of the span: keep names and capitals at sentence starts inside it."""
    original = text[start:end]
    names = _names_in(text, start, end)
    chars = list(replacement)
    for m in _WORD.finditer(replacement):
        word = m.group()
        title = word[:1].upper() + word[1:].lower()
        orig = original[m.start():m.end()]
        if orig.isupper() and title in names:
            chars[m.start():m.end()] = title
        elif m.start() > 0 and at_sentence_start(original, m.start()):
            chars[m.start()] = chars[m.start()].upper()
    return "".join(chars)


def fit(view: TextView, start: int, end: int, replacement: str) -> tuple[int, int, str]:
    """Adjust [start, end) and the replacement so the sentence reads well afterwards."""
    text = view.text
    if replacement == "":
        return _fit_deletion(text, start, end)
    if replacement.lower() == text[start:end].lower() and replacement != text[start:end]:
        replacement = _recase(text, start, end, replacement)
    if at_sentence_start(text, start):
        replacement = _capitalise(replacement)
    else:
        replacement = _lower_first(replacement)
    nxt = text[end:end + 1]
    if replacement[-1:] in (".", "!", "?") and nxt and (nxt in _ENDS or nxt in ",;:"):
        # "Please calm down." -> "I can see how frustrating this has been." (one full stop)
        if not (replacement[-1:] in "!?" and text[start:end][-1:] == replacement[-1:]):
            replacement = replacement.rstrip(".!?") or replacement
    return start, end, replacement


def _edit(view: TextView, src_start: int, src_end: int, replacement: str) -> Edit:
    source = view.source
    encoded = view.encode(replacement) if view.encode else replacement
    return Edit(src_start, src_end - src_start, encoded, source.position(src_start), source.position(src_end))


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
    return Suggestion(template.title, text, applicability, (_edit(view, src_start, src_end, text),))


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _inline_greeting_end(text: str, at: int) -> int | None:
    """Where the body starts when the reply opens "Hi Sam, your refund ..." on one line."""
    p = 0
    while p < len(text) and text[p] in " \t\r\n\ufeff":
        p += 1
    m = _INLINE_GREETING.match(text, p)
    if m is None:
        return None
    line_end = text.find("\n", p)
    line_end = len(text) if line_end == -1 else line_end
    rest = text[m.end():line_end]
    if not any(c.isalpha() for c in rest) or not (p <= at <= line_end):
        return None
    return m.end()


def insertion_for(view: TextView, at: int, sentence: str, title: str, *, position: str = "start") -> Suggestion:
    """A display-only suggestion inserting a whole sentence at view offset `at`.

    `position` "start": after the greeting (`at` is the first body sentence; an
    inline "Hi Sam, your ..." puts it after the comma and capitalises the next
    word); before a list, as its own paragraph. "end": after the last body
    sentence, before the sign-off; after a list, as its own paragraph.
    """
    text = view.text
    nl = _newline(text)
    length = 0
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at)
    line_end = len(text) if line_end == -1 else line_end
    bullet = _BULLET_LINE.match(text, line_start)
    if position == "end":
        if bullet is not None:
            at, insert = line_end, nl + nl + sentence
            if text[line_end - 1:line_end] == "\r":
                at -= 1
        else:
            before = text[at - 1:at] if at > 0 else ""
            if not before or before in " \t\r\n":
                insert = sentence
            elif before.isalnum():
                insert = ". " + sentence  # the last sentence had no full stop
            else:
                insert = " " + sentence
            if at < len(text) and text[at] not in " \t\r\n":
                insert += " "
    else:
        greet_end = _inline_greeting_end(text, at)
        if greet_end is not None:
            at = greet_end
            nxt = text[at:at + 1]
            insert = sentence + " "
            if nxt.isalpha() and nxt.islower() and view.source_map.is_exact(at, at + 1) and not view.protected(at, at + 1):
                insert, length = sentence + " " + nxt.upper(), 1
        elif bullet is not None and text[line_start:at].strip(" \t-*\u20220123456789.)") == "":
            at, insert = line_start, sentence + nl + nl
        else:
            before = text[at - 1:at] if at > 0 else ""
            rest = text[at:at + 1]
            if before and before not in " \t\r\n\ufeff":
                insert = " " + sentence
            else:
                insert = sentence
            if rest and rest not in " \t\r\n":
                insert += " "
    if length:
        src_start, src_end = view.source_span(at, at + length)
    else:
        src_start = src_end = view.source_map.to_source(at)
    return Suggestion(title, sentence, Applicability.DISPLAY_ONLY, (_edit(view, src_start, src_end, insert),))
