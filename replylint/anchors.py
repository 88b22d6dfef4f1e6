"""One pass over a text finds every rule anchor: the prefilter behind replylint's speed.

Every compiled pattern registers its anchors (literal strings one of which any
match must contain). `scan(lower_text)` runs a single Aho-Corasick automaton
(pyahocorasick) over the text and returns where each anchor occurs. The engine
skips every rule none of whose anchors occur, and the kinds run a pattern
only in windows around its anchors' occurrences instead of over the whole text.
"""
from __future__ import annotations

from bisect import bisect_right
from pathlib import Path
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


# Built automatons are kept between runs (by rulecache) in this folder, one file
# per set of anchors (`automaton-<digest>.pickle`), read only when an automaton is
# needed. Loading one is about twice as fast as building it from ~13,000 anchors.
cache_folder: Path | None = None
_digest_for: tuple[int, str] = (-1, "")

# Texts this short, while no automaton is loaded, are scanned by plain substring
# search instead: a one-file run is spared loading the automaton (~20 ms) for
# ~5 ms of searching. The allowance is in characters, so a long run switches to
# the automaton after its first few replies.
SMALL_SCAN_CHARS = 4000
_small_left = SMALL_SCAN_CHARS


def digest() -> str:
    """A stable digest of the registered anchors (names the automaton built from them)."""
    global _digest_for
    if _digest_for[0] != len(_ANCHORS):
        import hashlib

        _digest_for = (len(_ANCHORS), hashlib.blake2b("\n".join(sorted(_ANCHORS)).encode(), digest_size=12).hexdigest())
    return _digest_for[1]


def stored_file() -> Path | None:
    """Where the automaton of the current anchors is (or would be) kept."""
    return cache_folder / f"automaton-{digest()}.pickle" if cache_folder is not None else None


def _build() -> "ahocorasick.Automaton":
    global _automaton, _built_for
    a = None
    path = stored_file()
    if path is not None:
        import pickle

        try:
            a = pickle.loads(path.read_bytes())
        except Exception:  # not stored yet, or damaged: build it instead
            a = None
    if a is None:
        a = ahocorasick.Automaton()
        for word in _ANCHORS:
            a.add_word(word, word)
        if _ANCHORS:
            a.make_automaton()
    _automaton = a
    _built_for = len(_ANCHORS)
    return a


def to_store() -> bytes | None:
    """The pickle of the current automaton for `stored_file()`, unless it is stored already."""
    path = stored_file()
    if not _ANCHORS or path is None or path.exists():
        return None
    import pickle

    return pickle.dumps(_automaton if _automaton is not None else _build(), protocol=pickle.HIGHEST_PROTOCOL)


def _substring_scan(lower: str) -> dict[str, list[int]]:
    """What `scan` returns, found with str.find: every (overlapping) occurrence of every anchor."""
    hits: dict[str, list[int]] = {}
    for word in _ANCHORS:
        i = lower.find(word)
        while i >= 0:
            hits.setdefault(word, []).append(i)
            i = lower.find(word, i + 1)
    return hits


def scan(lower: str) -> dict[str, list[int]]:
    """Anchor -> start offsets (ascending) of its occurrences in `lower` (a lower-cased text)."""
    global _small_left
    if not _ANCHORS:
        return {}
    a = _automaton
    if a is None:
        if len(lower) <= _small_left:
            _small_left -= len(lower)
            return _substring_scan(lower)
        a = _build()
    hits: dict[str, list[int]] = {}
    for end, word in a.iter(lower):
        hits.setdefault(word, []).append(end - len(word) + 1)
    return hits


# The long s and dotted capital I match "s" and "i" case-insensitively, but str.lower()
# keeps the one and lengthens the other.
_FOLD_TRAPS = ("\u017f", "\u0130")


def exact_lower(text: str, lower: str) -> bool:
    """True when `lower` (text.lower()) holds a pattern's lower-cased literal wherever a
    case-insensitive match in `text` holds it, at the same offsets."""
    return len(lower) == len(text) and (text.isascii() or not any(t in text for t in _FOLD_TRAPS))


def present_in(text: str) -> frozenset[str] | None:
    """The anchors occurring in `text`; None when they cannot be trusted to rule a pattern out."""
    lower = text.lower()
    return frozenset(scan(lower)) if exact_lower(text, lower) else None


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
