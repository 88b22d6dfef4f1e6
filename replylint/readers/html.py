"""HTML files (e-mail bodies, trigger templates): only the visible text is linted.

Positions point into the HTML; entities map through non-exact segments, so a
fix that touches one is display-only. HTML comments carry suppression
directives (see `directives`).
"""
from __future__ import annotations

from ..document import Segment, Source, SourceMap
from . import directives, htmltext
from .base import MacroView, ReadOptions
from .mapping import compose


def view_from_html(source: Source, raw: str, outer: SourceMap, options: ReadOptions, *, macro: str | None = None,
                   record: str | None = None, encode=None, template_checks: bool = True) -> MacroView:
    """A view of the HTML `raw`, whose characters map to the source through `outer`."""
    ex = htmltext.extract(raw)
    smap = compose(ex.segments, outer, len(raw))
    enc = (lambda s: encode(htmltext.escape(s))) if encode else htmltext.escape
    # directives act on the visible text: "next line" is the next line the reader sees
    found, ready = directives.parse(ex.comments, ex.text, lambda o, end: smap.to_source(o, end=end) if end else smap.to_source(o))
    context = options.context or (ex.history or None)
    return MacroView(source, ex.text, smap, record=record, macro=macro, context=context, lang=options.lang, regions=list(ex.regions),
                     encode=enc, marked_ready=ready, directives=found, template_checks=template_checks)


def read(source: Source, options: ReadOptions) -> list[MacroView]:
    text = source.text
    base = 1 if text.startswith("\ufeff") else 0
    raw = text[base:]
    return [view_from_html(source, raw, SourceMap([Segment(0, base, len(raw), len(raw))]), options)]
