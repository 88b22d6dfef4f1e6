"""Does this reply answer a complaint? (The gate for the document categories.)

The customer's message decides when there is one (a `context` field, the
`--context` file, or the quoted part of an e-mail). Without it the reply
decides: a reply that refers to a problem (a delay, a mistake, something
missing or broken, an error, a refund) answers a complaint. The signal words
are per language, in `rulesets/<lang>/language.yaml` under `complaint`:

- `context`: patterns that make the customer's message a complaint;
- `context_not`: matches that cancel the `context` hits they overlap
  ("no problem", "can't wait", "thanks for fixing it");
- `reply`: patterns by which a reply without context refers to a problem;
- `reply_not`: matches that cancel the `reply` hits they overlap (an
  informational "if you have any issues, let us know");
- `request`: patterns that make a customer's message that is not a complaint
  a request for something to be done ("please cancel my subscription", "could
  you change my address?"), as opposed to a question for information; only
  rules with `when: complaint_or_request` (missing-next-step) use it.

`answers_complaint` returns True for a complaint, `REQUEST` (truthy, so the
engine runs the document rules) for a request, and False otherwise.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping, Sequence

if TYPE_CHECKING:
    from .document import TextView

import regex

from . import rxcache
from .anchors import scan as scan_anchors
from .patterns import CompiledPattern, compile_all

# Not the customer's words: links, @handles, e-mail addresses, HTML entities.
_NOISE = rxcache.compile(r"(?:https?://|www\.)\S+|(?<![\w@])@\w{1,30}|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|&(?:#\d{1,7}|[A-Za-z]{2,8});")


def _blank_noise(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return _NOISE.sub(lambda m: " " * len(m.group()), text)


def _spans(patterns: Sequence[CompiledPattern], text: str, present: frozenset[str]) -> list[tuple[int, int]]:
    """Match spans of `patterns`, skipping those whose anchors do not occur (`present`)."""
    return [m.span() for p in patterns if p.anchors is None or not p.anchors.isdisjoint(present) for m in p.regex.finditer(text)]


def _uncancelled_hit(patterns: Sequence[CompiledPattern], cancels: Sequence[CompiledPattern], text: str,
                     present: frozenset[str] | None = None) -> bool:
    if present is None:
        present = frozenset(scan_anchors(text.lower()))
    hits = _spans(patterns, text, present)
    if not hits:
        return False
    cancel = _spans(cancels, text, present)
    return any(not any(a < e and s < b for a, b in cancel) for s, e in hits)


@dataclass(frozen=True, slots=True)
class ComplaintSignals:
    context: tuple[CompiledPattern, ...]
    context_not: tuple[CompiledPattern, ...]
    reply: tuple[CompiledPattern, ...]
    reply_not: tuple[CompiledPattern, ...] = ()
    request: tuple[CompiledPattern, ...] = ()

    @classmethod
    def build(cls, lexicon: Mapping[str, Any], vocabulary: Mapping[str, str]) -> "ComplaintSignals":
        spec = lexicon.get("complaint") or {}
        return cls(
            compile_all(spec.get("context", []), vocabulary),
            compile_all(spec.get("context_not", []), vocabulary),
            compile_all(spec.get("reply", []), vocabulary),
            compile_all(spec.get("reply_not", []), vocabulary),
            compile_all(spec.get("request", []), vocabulary),
        )

    def context_is_complaint(self, context: str) -> bool:
        return _uncancelled_hit(self.context, self.context_not, _blank_noise(context))

    def context_is_request(self, context: str) -> bool:
        return _uncancelled_hit(self.request, (), _blank_noise(context))

    def reply_mentions_problem(self, masked_reply: str, present: frozenset[str] | None = None) -> bool:
        return _uncancelled_hit(self.reply, self.reply_not, masked_reply, present)


def _uncancelled_hit_in_view(patterns: Sequence[CompiledPattern], cancels: Sequence[CompiledPattern], view: "TextView") -> bool:
    from .kinds.base import may_match, search_view

    cancel: list[tuple[int, int]] | None = None
    for p in patterns:
        if not may_match(p, view):
            continue
        for m in search_view(p, view):
            if cancel is None:
                cancel = [c.span() for q in cancels if may_match(q, view) for c in search_view(q, view)]
            s, e = m.span()
            if not any(a < e and s < b for a, b in cancel):
                return True
    return False


class _Request(str):
    """The gate's answer for a request that is not a complaint: truthy, but not True."""

    def __repr__(self) -> str:
        return "REQUEST"


REQUEST = _Request("request")


def answers_complaint(signals: ComplaintSignals, context: str | None, masked_reply: str,
                      present: frozenset[str] | None = None, view: "TextView | None" = None) -> "bool | str":
    """True for a complaint, `REQUEST` for a request (only a customer's message makes one), else False.

    `present`: the anchors known to occur in `masked_reply` (the engine's index), if any;
    `view`: the reply's view with that index, to match only around the anchors."""
    if context is not None and context.strip():
        if signals.context_is_complaint(context):
            return True
        return REQUEST if signals.request and signals.context_is_request(context) else False
    if view is not None:
        return _uncancelled_hit_in_view(signals.reply, signals.reply_not, view)
    return signals.reply_mentions_problem(masked_reply, present)
