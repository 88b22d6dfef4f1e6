"""Source-map plumbing shared by the readers: shifting and composing maps.

A reader that decodes in layers (a JSON string holding HTML, a quoted-printable
e-mail part holding HTML) builds one map per layer and composes them, so a
view offset still maps straight to the original file. Exact runs stay exact
only where every layer is an exact copy; anything else (an escape, an entity,
a tag turned into a line break) becomes a non-exact segment, which makes a
fix over it display-only.
"""
from __future__ import annotations

import bisect

from ..document import Segment, SourceMap


def segments_of(smap: SourceMap, length: int) -> list[Segment]:
    """The map as explicit segments (an identity map becomes one exact run)."""
    if smap.identity_base is not None:
        return [Segment(0, smap.identity_base, length, length)]
    if not smap.segments:
        return [Segment(0, 0, length, length)]
    return list(smap.segments)


def shifted(segments: list[Segment], base: int) -> SourceMap:
    return SourceMap([Segment(s.view_start, s.source_start + base, s.view_length, s.source_length) for s in segments])


def compose(inner: list[Segment], outer: SourceMap, outer_length: int) -> SourceMap:
    """Map view -> middle text (`inner`) followed by middle text -> source (`outer`)."""
    outs = [s for s in segments_of(outer, outer_length) if s.view_length > 0]
    starts = [s.view_start for s in outs]
    result: list[Segment] = []
    for seg in inner:
        if seg.view_length == 0:
            continue
        if not seg.exact:
            s = outer.to_source(seg.source_start)
            e = outer.to_source(seg.source_start + seg.source_length, end=True) if seg.source_length else s
            length = max(e - s, 0)
            if length == seg.view_length:  # keep it non-exact: a decoded run never maps 1:1
                length += 1 if length == 0 else 0
                if length == seg.view_length:
                    result.append(Segment(seg.view_start, s, seg.view_length, length))
                    continue
            result.append(Segment(seg.view_start, s, seg.view_length, length))
            continue
        pos, end, v = seg.source_start, seg.source_start + seg.view_length, seg.view_start
        i = max(bisect.bisect_right(starts, pos) - 1, 0)
        while pos < end and i < len(outs):
            o = outs[i]
            o_end = o.view_start + o.view_length
            if o_end <= pos:
                i += 1
                continue
            take = min(end, o_end) - max(pos, o.view_start)
            if o.exact:
                result.append(Segment(v, o.source_start + (pos - o.view_start), take, take))
            else:
                result.append(Segment(v, o.source_start, take, o.source_length if o.source_length != take else take + 1))
            pos += take
            v += take
            i += 1
    if not result:
        result.append(Segment(0, outer.to_source(0), 0, 0))
    return SourceMap(result)
