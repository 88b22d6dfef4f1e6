"""Which parts of a reply are the agent's prose, and which are not.

`analyse(view)` fills `view.regions` (quoted history, signature, placeholders,
URLs, e-mail addresses, @handles, HTML entities, inline quotations, code) and
`view.masked`, a same-length copy of the text in which those regions are
blanked. Offsets therefore never move: a match in `masked` is a match in
`text`. Quoted e-mail history is also returned as context, because the
customer's words decide whether the reply answers a complaint.
"""
from __future__ import annotations

import html

import regex

from . import rxcache
from .document import Region, TextView
from .templates import find_placeholders

# Inline non-prose, each with the character that must occur for it to match
# (checked with `in` first: most replies have no URL, handle or entity).
_INLINE: tuple[tuple[str, str, "regex.Pattern[str]"], ...] = (
    ("url", "/", rxcache.compile(r"(?:https?://|www\.)[^\s<>\"')\]]+[^\s<>\"')\].,;:!?]")),
    ("www", "www.", rxcache.compile(r"www\.[^\s<>\"')\]]+[^\s<>\"')\].,;:!?]")),
    ("email", "@", rxcache.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    ("handle", "@", rxcache.compile(r"(?<![\w@])@\w{1,30}")),
    ("entity", "&", rxcache.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});")),
    ("code", "`", rxcache.compile(r"`[^`\n]{1,200}`")),
    ("quote", '"', rxcache.compile(r'"[^"\n]{1,160}"')),
    ("quote", "\u201c", rxcache.compile(r"\u201c[^\u201d\n]{1,160}\u201d")),
)

_HISTORY_START = rxcache.compile(
    r"^(?:On\b[^\n]{0,200}\bwrote:[ \t]*$"
    r"|Pada\b[^\n]{0,200}\bmenulis:[ \t]*$"
    r"|-{2,}\s*(?:Original Message|Forwarded message|Pesan Asli)\s*-{2,}"
    r"|From:[^\n]*\n(?:Sent|Date|Dikirim):)",
    regex.MULTILINE | regex.IGNORECASE,
)
_QUOTE_LINE = rxcache.compile(r"^[ \t]*>[^\n]*(?:\n|$)", regex.MULTILINE)

_SIGN_OFF = rxcache.compile(
    r"^[ \t]*(?:best(?: wishes| regards)?|kind regards|warm(?:est)? regards|regards|many thanks|thanks(?: again| so much)?|thank you"
    r"|cheers|sincerely|yours(?: sincerely| truly)?|all the best|take care|talk soon|hormat kami|salam(?: hangat| hormat)?|terima kasih"
    r"|best,? the [\w ]{1,40} team)[ \t]*[,!.]?[ \t]*$",
    regex.IGNORECASE | regex.MULTILINE,
)
_SIG_DELIMITER = rxcache.compile(r"^-- ?$", regex.MULTILINE)
# Twitter-style agent initials at the very end: "^JK", "-Becky", "/GS", "*AFC".
_TRAILING_INITIALS = rxcache.compile(r"(?:(?<=\s)|^)[\^*/~\-\u2013\u2014][ ]?[A-Z][A-Za-z]{0,14}(?:[ ][A-Z][A-Za-z]{0,14})?[ \t]*$")

_PROSE_FILL = " "


_NOT_NEWLINE = rxcache.compile(r"[^\n]")


def _blank(segment: str) -> str:
    """Same length, newlines kept, everything else a space."""
    return _NOT_NEWLINE.sub(_PROSE_FILL, segment) if "\n" in segment else _PROSE_FILL * len(segment)


def _mask(text: str, regions: list[Region]) -> str:
    """`text` with every region blanked; `regions` sorted by (start, -end).

    A region inside an earlier one is covered by it. A placeholder keeps an "x"
    where it starts (it stands for a word: "Hi {{name}}," still reads as a
    greeting, never as a capital); an HTML entity keeps its decoded character.
    """
    out: list[str] = []
    pos = 0
    for r in regions:
        if r.end <= pos:
            continue
        start = max(r.start, pos)
        out.append(text[pos:start])
        blank = _blank(text[start:r.end])
        if start == r.start and r.end > r.start:
            if r.kind == "placeholder":
                blank = "x" + blank[1:]
            elif r.kind == "entity":
                decoded = html.unescape(text[r.start:r.end])[:1]
                blank = (decoded if decoded.strip() else " ") + blank[1:]
        out.append(blank)
        pos = r.end
    out.append(text[pos:])
    return "".join(out)


def _history(text: str) -> tuple[list[Region], str]:
    regions: list[Region] = []
    parts: list[str] = []
    m = _HISTORY_START.search(text)
    cut = m.start() if m else len(text)
    if m:
        regions.append(Region(cut, len(text), "history"))
        parts.append(text[cut:])
    if ">" in text:
        for q in _QUOTE_LINE.finditer(text, 0, cut):
            regions.append(Region(q.start(), q.end(), "history"))
            parts.append(q.group().lstrip(" \t>"))
    return regions, "\n".join(p.strip() for p in parts if p.strip())


def _signature(text: str, limit: int) -> Region | None:
    body = text[:limit].rstrip()
    if not body:
        return None
    delim = None
    for delim in _SIG_DELIMITER.finditer(body):
        pass
    if delim is not None and body.count("\n", delim.start()) <= 8:
        return Region(delim.start(), len(body), "signature")
    # A sign-off line near the end: mask what follows it (name, title, phone).
    tail_start = max(0, len(body) - 400)
    last = None
    for last in _SIGN_OFF.finditer(body, tail_start):
        pass
    if last is not None:
        after = body[last.end():]
        if after.count("\n") <= 6 and len(after) <= 300:
            return Region(last.end(), len(body), "signature") if after.strip() else None
    t = _TRAILING_INITIALS.search(body, max(0, len(body) - 24))
    if t is not None:
        return Region(t.start(), len(body), "signature")
    return None


def analyse(view: TextView) -> None:
    """Fill `view.regions`, `view.masked`, `view.lower`; add quoted history to context."""
    text = view.text
    regions: list[Region] = list(view.regions)
    history, quoted = _history(text)
    regions.extend(history)
    if quoted and not view.context:
        view.context = quoted
    limit = min((r.start for r in history if r.end == len(text)), default=len(text))
    sig = _signature(text, limit)
    if sig is not None:
        regions.append(sig)
    for start, end, _grammar in find_placeholders(text):
        regions.append(Region(start, end, "placeholder"))
    for kind, needle, pattern in _INLINE:
        if needle in text:
            kind = "url" if kind == "www" else kind
            regions.extend(Region(m.start(), m.end(), kind) for m in pattern.finditer(text))
    regions.sort(key=lambda r: (r.start, -r.end))
    view.regions = regions
    view.masked = _mask(text, regions) if regions else text
    view.lower = view.masked.lower()
