"""Filters shared by the span kinds: exceptions, ownership/negation context.

`exceptions`: patterns that, where they overlap a match, cancel it
("you're not wrong" cancels "wrong"). `unless_sentence`: patterns that cancel
a match anywhere in the same sentence ("I've asked the courier to trace it"
cancels "courier ... lost"). `unless_before`: patterns that cancel a match when
they end within a few words before it (negation, "if", quotation verbs).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from ..document import TextView
from ..patterns import CompiledPattern, compile_all
from .base import BuildContext, may_match, search_view, sentence_bounds, string_list

FILTER_KEYS = frozenset({"exceptions", "unless_sentence", "unless_before", "unless_after"})
_WINDOW = 40  # characters looked at before/after a match for unless_before/after


@dataclass(frozen=True, slots=True)
class Filters:
    exceptions: tuple[CompiledPattern, ...] = ()
    unless_sentence: tuple[CompiledPattern, ...] = ()
    unless_before: tuple[CompiledPattern, ...] = ()
    unless_after: tuple[CompiledPattern, ...] = ()

    @classmethod
    def build(cls, spec: Mapping[str, Any], ctx: BuildContext) -> "Filters":
        def comp(key: str) -> tuple[CompiledPattern, ...]:
            return compile_all(string_list(spec, key), ctx.vocabulary)

        return cls(comp("exceptions"), comp("unless_sentence"), comp("unless_before"), comp("unless_after"))

    def __bool__(self) -> bool:
        return bool(self.exceptions or self.unless_sentence or self.unless_before or self.unless_after)

    def allows(self, view: TextView, start: int, end: int) -> bool:
        text = view.masked
        if self.exceptions:
            lo, hi = sentence_bounds(text, start, end)
            for p in self.exceptions:
                if not may_match(p, view):
                    continue
                for m in search_view(p, view, lo, hi):
                    if m.start() < end and start < m.end():
                        return False
        if self.unless_sentence:
            lo, hi = sentence_bounds(text, start, end)
            for p in self.unless_sentence:
                if not may_match(p, view):
                    continue
                for m in search_view(p, view, lo, hi):
                    if not (m.start() < end and start < m.end()):
                        return False
        if self.unless_before:
            lo, _ = sentence_bounds(text, start, end)
            lo = max(lo, start - _WINDOW)
            for p in self.unless_before:
                if not may_match(p, view):
                    continue
                for m in search_view(p, view, lo, start):
                    if m.end() >= start - _WINDOW:
                        return False
        if self.unless_after:
            _, hi = sentence_bounds(text, start, end)
            hi = min(hi, end + _WINDOW)
            for p in self.unless_after:
                if not may_match(p, view):
                    continue
                for _m in search_view(p, view, end, hi):
                    return False
        return True
