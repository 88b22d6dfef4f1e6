"""E-mail files (`.eml`): the new part of the message is linted, the quoted history is context.

Parsed with the standard library's `email` package. The body part chosen is
the first `text/plain` part, else the first `text/html` part (read with the
HTML reader). Its raw bytes are located in the file, so positions point into
the .eml: 7bit/8bit bodies map 1:1; quoted-printable bodies are decoded here
with a map (soft line breaks and `=XX` escapes become non-exact segments, so a
fix there is display-only); base64 bodies map conservatively to the part's
start. Quoted history (`On ... wrote:` and `>` lines, `<blockquote>`) is masked
and becomes the context the rules read as the customer's message.
"""
from __future__ import annotations

import email
import email.policy
from email.message import Message

from ..document import Segment, Source, SourceMap, TextView
from . import html as html_reader
from .base import InputError, ReadOptions
from .mapping import compose

_SOFT_BREAK = ("=\r\n", "=\n")


def _qp_decode(raw: str, charset: str) -> tuple[str, list[Segment]]:
    """Decode quoted-printable text; map the result back to `raw`."""
    out: list[str] = []
    segs: list[Segment] = []
    pos = i = 0
    run = 0
    n = len(raw)

    def flush(upto: int) -> None:
        nonlocal pos
        if upto > run:
            chunk = raw[run:upto]
            out.append(chunk)
            segs.append(Segment(pos, run, len(chunk), len(chunk)))
            pos += len(chunk)

    while i < n:
        if raw[i] != "=":
            i += 1
            continue
        flush(i)
        start = i
        data = bytearray()
        while i < n and raw[i] == "=":
            if raw.startswith(_SOFT_BREAK, i):
                i += 3 if raw[i + 1] == "\r" else 2
                continue
            h = raw[i + 1:i + 3]
            try:
                data.append(int(h, 16))
                i += 3
            except ValueError:
                data.extend(b"=")
                i += 1
                break
        text = data.decode(charset or "utf-8", errors="replace")
        if text:
            out.append(text)
            segs.append(Segment(pos, start, len(text), (i - start) if (i - start) != len(text) else len(text) + 1))
            pos += len(text)
        run = i
    flush(n)
    return "".join(out), segs


def _part(msg: Message) -> Message | None:
    plain = html = None
    for part in msg.walk():
        if part.is_multipart() or part.get_content_disposition() == "attachment":
            continue
        ctype = part.get_content_type()
        if ctype == "text/plain" and plain is None:
            plain = part
        elif ctype == "text/html" and html is None:
            html = part
    return plain or html


def read(source: Source, options: ReadOptions) -> list[TextView]:
    text = source.text
    base = 1 if text.startswith("\ufeff") else 0
    msg = email.message_from_string(text[base:], policy=email.policy.compat32)
    if not msg.keys():
        raise InputError("not an e-mail message (no headers)", 1)
    part = _part(msg)
    if part is None:
        return []
    payload = part.get_payload(decode=False)
    if not isinstance(payload, str):
        return []
    # Locate the part's raw body: after its own headers (searching forward keeps nested parts in order).
    where = text.find(payload, base) if payload else -1
    if where == -1:
        where = text.find("\n\n", base) + 2 if payload else len(text)
    cte = (part.get("Content-Transfer-Encoding") or "7bit").strip().lower()
    charset = part.get_content_charset() or "utf-8"
    if cte == "quoted-printable":
        body, segs = _qp_decode(payload, charset)
        smap = SourceMap([Segment(s.view_start, s.source_start + where, s.view_length, s.source_length) for s in segs] or [Segment(0, where, 0, 0)])
    elif cte == "base64":
        raw = part.get_payload(decode=True) or b""
        body = raw.decode(charset, errors="replace")
        smap = SourceMap([Segment(0, where, len(body), len(payload) if len(payload) != len(body) else len(payload) + 1)])
    else:
        body = payload
        smap = SourceMap([Segment(0, where, len(body), len(body))])
    subject = msg.get("Subject")
    macro = str(subject) if subject else None
    if part.get_content_type() == "text/html":
        view = html_reader.view_from_html(source, body, smap, options, macro=macro, template_checks=False)
        return [view]
    # the rules see the message's own words; prose.analyse masks the quoted history and returns it as context
    _ = compose  # (kept for readers layering a decoded body over another map)
    return [TextView(source, body, smap, macro=macro, context=options.context, lang=options.lang)]
