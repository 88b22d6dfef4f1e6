"""One pass over a text finds every rule anchor: the prefilter behind replylint's speed.

Every compiled pattern registers its anchors (literal strings one of which any
match must contain). `scan(lower_text)` runs a single Aho-Corasick automaton
(pyahocorasick) over the text and returns where each anchor occurs. The engine
skips every rule none of whose anchors occur, and the kinds run a pattern
only in windows around its anchors' occurrences instead of over the whole text.
"""
from __future__ import annotations

from bisect import bisect_right
from typing import Iterable

import ahocorasick

_ANCHORS: set[str] = set()
_automaton: "ahocorasick.Automaton | None" = None
_built_for = 0

# A match lies within the sentence (or line) of its anchor; sentences longer
# than this many characters either side of the anchor are cut to it.
WINDOW = 300


def register(anchors: Iterable[str]) -> None:
    global _automaton
    before = len(_ANCHORS)
    _ANCHORS.update(anchors)
    if len(_ANCHORS) != before:
        _automaton = None


def _build() -> "ahocorasick.Automaton":
    global _automaton, _built_for
    a = ahocorasick.Automaton()
    for word in _ANCHORS:
        a.add_word(word, word)
    if _ANCHORS:
        a.make_automaton()
    _automaton = a
    _built_for = len(_ANCHORS)
    return a


def scan(lower: str) -> dict[str, list[int]]:
    """Anchor -> start offsets of its occurrences in `lower` (a lower-cased text)."""
    a = _automaton if _automaton is not None else _build()
    if not _ANCHORS:
        return {}
    hits: dict[str, list[int]] = {}
    for end, word in a.iter(lower):
        hits.setdefault(word, []).append(end - len(word) + 1)
    return hits


def windows(hits: dict[str, list[int]], anchors: Iterable[str], lo: int, hi: int, breaks: list[int]) -> list[tuple[int, int]]:
    """Merged [start, end) windows: the sentences holding `anchors`, clipped to [lo, hi).

    `breaks` are the sorted offsets where sentences start (0 first).
    """
    spots = sorted(p for a in anchors for p in hits.get(a, ()) if lo - WINDOW <= p < hi + WINDOW)
    out: list[tuple[int, int]] = []
    n = len(breaks)
    for p in spots:
        i = bisect_right(breaks, p)
        s = max(breaks[i - 1] if i else 0, p - WINDOW)
        e = min(breaks[i] if i < n else hi, p + WINDOW)
        # a sentence end found inside the anchor itself ("...!?") must not cut it
        if e <= p:
            e = p + WINDOW
        s, e = max(lo, s), min(hi, e)
        if s >= e:
            continue
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out
