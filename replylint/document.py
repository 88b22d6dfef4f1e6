"""Where text comes from and how positions get back to it.

A `Source` is one decoded input (a file, stdin, or a string given to the library).
Readers cut a source into `TextView`s: the prose a rule reads, each with a
`SourceMap` from view offsets back to source offsets. Rules never see source
offsets and never search for their matches again: the engine maps every match
through the view's map (the lesson of Vale's wrong-position bugs).
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Callable, Sequence

from .model import Position


class Source:
    """The original text of one input, with a line index for offset -> line/column."""

    __slots__ = ("path", "text", "_line_starts")

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self._line_starts: list[int] | None = None

    def _starts(self) -> list[int]:
        if self._line_starts is None:
            starts = [0]
            find = self.text.find
            i = find("\n")
            while i != -1:
                starts.append(i + 1)
                i = find("\n", i + 1)
            self._line_starts = starts
        return self._line_starts

    def position(self, offset: int) -> Position:
        """1-based line and column of a 0-based character offset."""
        starts = self._starts()
        line = bisect.bisect_right(starts, offset) - 1
        return Position(line + 1, offset - starts[line] + 1)


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of view characters that came from one run of source characters.

    When `view_length == source_length` the run is an exact copy and maps
    character by character; otherwise (an escape such as JSON's ``\\n`` or an
    HTML entity) the whole run maps to the whole source run.
    """

    view_start: int
    source_start: int
    view_length: int
    source_length: int

    @property
    def exact(self) -> bool:
        return self.view_length == self.source_length


class SourceMap:
    """Maps offsets in a view back to offsets in its source."""

    __slots__ = ("segments", "_view_starts", "identity_base")

    def __init__(self, segments: Sequence[Segment] | None = None, *, identity_base: int | None = None) -> None:
        self.identity_base = identity_base
        self.segments = list(segments or ())
        self._view_starts = [s.view_start for s in self.segments]

    @classmethod
    def identity(cls, base: int = 0) -> "SourceMap":
        """The view is a verbatim slice of the source starting at `base`."""
        return cls(identity_base=base)

    def _segment(self, offset: int) -> Segment:
        i = bisect.bisect_right(self._view_starts, offset) - 1
        return self.segments[max(i, 0)]

    def to_source(self, offset: int, *, end: bool = False) -> int:
        """Source offset of a view offset; `end=True` maps an exclusive end."""
        if self.identity_base is not None:
            return self.identity_base + offset
        if not self.segments:
            return offset
        probe = offset - 1 if end and offset > 0 else offset
        seg = self._segment(probe)
        rel = offset - seg.view_start
        if seg.exact:
            return seg.source_start + min(max(rel, 0), seg.view_length)
        if end:
            return seg.source_start + seg.source_length
        return seg.source_start if rel <= 0 else seg.source_start + (seg.source_length if rel >= seg.view_length else 0)

    def is_exact(self, start: int, end: int) -> bool:
        """True when view[start:end] is a character-for-character copy of the source."""
        if self.identity_base is not None or not self.segments:
            return True
        i = max(bisect.bisect_right(self._view_starts, start) - 1, 0)
        while i < len(self.segments) and self.segments[i].view_start < max(end, start + 1):
            if not self.segments[i].exact:
                return False
            i += 1
        return True


@dataclass(frozen=True, slots=True)
class Region:
    """A stretch of a view that is not the agent's prose (placeholder, quote, URL...)."""

    start: int
    end: int
    kind: str


@dataclass(slots=True)
class TextView:
    """The prose that rules read, with everything needed to report and fix it.

    `text` is the view's characters; `masked` is the same length with every
    non-prose region blanked, so rules match on `masked` and the engine maps
    match offsets through `source_map`. `encode` turns a replacement into the
    characters the container needs (JSON escaping, HTML escaping).
    """

    source: Source
    text: str
    source_map: SourceMap
    record: str | None = None
    macro: str | None = None
    context: str | None = None
    lang: str | None = None
    regions: list[Region] = field(default_factory=list)
    masked: str = ""
    encode: Callable[[str], str] | None = None
    marked_ready: bool = False
    lower: str = ""
    lower_exact: bool = False  # set by the engine: `lower` is `masked` lower-cased offset for offset (see Linter.prepare)
    spaced: str = ""  # `lower` with all whitespace as spaces (patterns.fold_spaces), when lower_exact
    anchor_hits: dict[str, list[int]] | None = None  # set by the engine: where rule anchors occur
    anchor_set: frozenset[str] = frozenset()  # the keys of anchor_hits, for fast disjointness tests
    sentence_breaks: list[int] | None = None  # offsets where a sentence or line starts (lazy)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        s = self.source_map.to_source(start)
        e = self.source_map.to_source(end, end=True) if end > start else s
        return s, max(e, s)

    def protected(self, start: int, end: int) -> bool:
        """True when [start, end) touches a region a fix must never alter."""
        for r in self.regions:
            if r.start < end and start < r.end and r.kind in PROTECTED_KINDS:
                return True
        return False


PROTECTED_KINDS = frozenset({"placeholder", "entity", "url", "email", "handle", "quote", "history", "signature", "code", "markup"})
