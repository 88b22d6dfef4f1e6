"""Suppression comments that the customer never sees.

Only comment syntaxes that the reader hides are honoured: HTML comments in
HTML files, HTML bodies of macros and e-mails, and Markdown files::

    <!-- replylint-disable RL0301, shouting -->   ... up to the next enable (Markdown: or the end of the file;
                                                   an HTML body: or the end of that body)
    <!-- replylint-enable -->
    <!-- replylint-disable-next-line TPL003 -->   the next non-blank line only (in HTML: of visible text)
    <!-- replylint-ready -->                      marks the macro ready to send as is (TPL005)

Keys are rule codes, code prefixes, names or categories, separated by commas
or spaces; none means every rule. Plain-text and JSONL replies have no hidden
comment syntax, so they have no comment directives: use the config's
`per-file-ignores` or a baseline there.
"""
from __future__ import annotations

from typing import Callable, Iterable

import regex

from .base import Directive

COMMENT_RE = regex.compile(r"<!--(.*?)-->", regex.DOTALL)
_DIRECTIVE = regex.compile(r"^\s*replylint-(disable-next-line|disable|enable|ready)\b(.*)$", regex.DOTALL)


def _keys(rest: str) -> tuple[str, ...]:
    return tuple(k for k in regex.split(r"[\s,]+", rest.strip()) if k)


def _next_line(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The line a disable-next-line comment at [start, end) points to."""
    own_line = not text[text.rfind("\n", 0, start) + 1:start].strip()
    eol = text.find("\n", end)
    if own_line and text[end:eol if eol != -1 else len(text)].strip():
        i = end  # "<!-- x -->Text" on one line (HTML): that text is the target
    elif eol == -1:
        return None
    else:
        i = eol + 1
        while True:
            nl = text.find("\n", i)
            if text[i:nl if nl != -1 else len(text)].strip() or nl == -1:
                break
            i = nl + 1
    line_end = text.find("\n", i)
    return i, (len(text) if line_end == -1 else line_end)


def parse(comments: Iterable[tuple[int, int, str]], text: str, to_source: Callable[[int, bool], int],
          limit: int | None = None) -> tuple[list[Directive], bool]:
    """Directives from (start, end, body) comments in `text`; also whether one says `ready`.

    Offsets are in `text`; `to_source(offset, is_end)` maps them to the file.
    """
    end_of_text = len(text) if limit is None else limit
    out: list[Directive] = []
    ready = False
    open_: list[tuple[int, tuple[str, ...]]] = []
    for start, end, body in sorted(comments):
        m = _DIRECTIVE.match(body)
        if not m:
            continue
        what, keys = m.group(1), _keys(m.group(2))
        if what == "ready":
            ready = True
        elif what == "disable":
            open_.append((end, keys))
        elif what == "enable":
            still: list[tuple[int, tuple[str, ...]]] = []
            for s, k in open_:
                if not keys or not k or set(keys) & set(k):
                    out.append(Directive(to_source(s, False), to_source(start, True), k))
                    rest = tuple(x for x in k if keys and x not in keys)
                    if rest:
                        still.append((end, rest))
                else:
                    still.append((s, k))
            open_ = still
        else:
            target = _next_line(text, start, end)
            if target is not None:
                out.append(Directive(to_source(target[0], False), to_source(target[1], True), keys))
    for s, k in open_:
        out.append(Directive(to_source(s, False), to_source(end_of_text, True), k))
    return out, ready


def comments_in(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(1)) for m in COMMENT_RE.finditer(text, start, len(text) if end is None else end)]
