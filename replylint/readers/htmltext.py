"""The visible text of an HTML body, with a map back into the HTML.

Built on the standard library's `html.parser` (a tolerant tokenizer with
positions): text runs are exact copies; a character reference (`&amp;`,
`&#8217;`) is a non-exact segment, so a fix over it is display-only; block
tags and `<br>` become line breaks (non-exact, mapped to the tag); inline tags
leave a zero-width `markup` region so a fix never spans (and deletes) a tag.
`<script>`, `<style>`, `<head>` and comments are not visible. Quoted history
(`<blockquote>`, Gmail/Outlook quote containers) becomes `history`: masked,
and handed to the rules as the customer's context. Uppercase pseudo-tags
such as `<ISSUE_NUMBER>` are template fill-ins, kept as text.
"""
from __future__ import annotations

import bisect
import html
from dataclasses import dataclass, field
from html.parser import HTMLParser

import regex

from ..document import Region, Segment

BLOCK_TAGS = frozenset({"p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
                        "hr", "section", "article", "header", "footer", "pre", "dl", "dt", "dd", "td", "th", "center", "address"})
HIDDEN_TAGS = frozenset({"script", "style", "head", "title", "template", "noscript"})
VOID_TAGS = frozenset({"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr"})
_QUOTE_CLASSES = regex.compile(r"\b(?:gmail_quote|yahoo_quoted|moz-cite-prefix|protonmail_quote|zmail_extra)\b|divRplyFwdMsg|appendonsend")
_FILL_IN_TAG = regex.compile(r"<[A-Z][A-Z0-9_ ]{1,60}>")
_REF = regex.compile(r"&(?:#[xX][0-9a-fA-F]{1,6}|#\d{1,7}|[A-Za-z][A-Za-z0-9]{1,31});?")
HTML_HINT = regex.compile(r"</?(?:p|br|div|span|b|i|u|em|strong|a|ul|ol|li|table|tr|td|h[1-6]|blockquote|img|font|hr)\b[^<>]*>", regex.IGNORECASE)


def looks_like_html(text: str) -> bool:
    return bool(HTML_HINT.search(text))


@dataclass
class Extracted:
    text: str
    segments: list[Segment]  # view -> HTML text offsets
    regions: list[Region]  # in view offsets
    comments: list[tuple[int, int, str]] = field(default_factory=list)  # (view offset, view offset, body)
    history: str = ""


class _Parser(HTMLParser):
    def __init__(self, raw: str) -> None:
        super().__init__(convert_charrefs=False)
        self.raw = raw
        self.starts = [0] + [m.end() for m in regex.finditer(r"\n", raw)]
        self.out: list[str] = []
        self.segments: list[Segment] = []
        self.regions: list[Region] = []
        self.comments: list[tuple[int, int, str]] = []
        self.pos = 0  # view length so far
        self.hidden = 0
        self.stack: list[tuple[str, bool]] = []  # (tag, opens quoted history)
        self.quote_depth = 0
        self.quote_start = 0
        self.history: list[str] = []

    def _at(self) -> int:
        line, col = self.getpos()
        return self.starts[line - 1] + col

    def _emit(self, text: str, src: int, src_len: int) -> None:
        if not text or self.hidden:
            return
        self.out.append(text)
        self.segments.append(Segment(self.pos, src, len(text), src_len))
        self.pos += len(text)

    def _newline(self, src: int, src_len: int) -> None:
        if self.hidden or self.pos == 0 or (self.out and self.out[-1].endswith("\n\n")):
            return
        # a tag standing for a line break: never a 1:1 copy
        self.out.append("\n")
        self.segments.append(Segment(self.pos, src, 1, src_len if src_len != 1 else 2))
        self.pos += 1

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        src = self._at()
        raw = self.get_starttag_text() or ""
        if _FILL_IN_TAG.fullmatch(raw):
            self._emit(raw, src, len(raw))
            return
        if tag in HIDDEN_TAGS:
            self.hidden += 1
            self.stack.append((tag, False))
            return
        quote = tag == "blockquote" or any(k in ("class", "id") and v and _QUOTE_CLASSES.search(v) for k, v in attrs)
        if tag in BLOCK_TAGS:
            self._newline(src, len(raw))
        elif not self.hidden:
            self.regions.append(Region(self.pos, self.pos, "markup"))
        if tag not in VOID_TAGS:
            self.stack.append((tag, quote))
            if quote:
                if self.quote_depth == 0:
                    self.quote_start = self.pos
                self.quote_depth += 1

    def handle_startendtag(self, tag, attrs):  # noqa: ANN001
        src = self._at()
        raw = self.get_starttag_text() or ""
        if tag in BLOCK_TAGS:
            self._newline(src, len(raw))
        elif not self.hidden:
            self.regions.append(Region(self.pos, self.pos, "markup"))

    def handle_endtag(self, tag):  # noqa: ANN001
        src = self._at()
        close = self.raw.find(">", src)
        length = (close + 1 - src) if close != -1 else len(tag) + 3
        # pop to the matching open tag (tolerating unclosed inner tags)
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                for t, quote in self.stack[i:]:
                    if t in HIDDEN_TAGS:
                        self.hidden -= 1
                    if quote:
                        self.quote_depth -= 1
                        if self.quote_depth == 0:
                            self.regions.append(Region(self.quote_start, self.pos, "history"))
                            self.history.append("".join(self.out)[self.quote_start:self.pos])
                del self.stack[i:]
                break
        if tag in BLOCK_TAGS:
            self._newline(src, length)
        elif not self.hidden:
            self.regions.append(Region(self.pos, self.pos, "markup"))

    def handle_data(self, data):  # noqa: ANN001
        src = self._at()
        if self.raw.startswith(data, src):
            self._emit(data, src, len(data))
        else:  # should not happen; map conservatively
            self._emit(data, src, len(data) + 1)

    def _ref(self) -> None:
        src = self._at()
        m = _REF.match(self.raw, src)
        if not m:
            return
        decoded = html.unescape(m.group())
        if decoded == m.group():
            self._emit(decoded, src, len(decoded))
        else:
            self._emit(decoded, src, m.end() - src if m.end() - src != len(decoded) else len(decoded) + 1)
            if not self.hidden:
                self.regions.append(Region(self.pos - len(decoded), self.pos, "entity"))

    def handle_entityref(self, name):  # noqa: ANN001
        self._ref()

    def handle_charref(self, name):  # noqa: ANN001
        self._ref()

    def handle_comment(self, data):  # noqa: ANN001
        if not self.hidden:
            self.comments.append((self.pos, self.pos, data))


def extract(raw: str) -> Extracted:
    p = _Parser(raw)
    p.feed(raw)
    p.close()
    if p.quote_depth > 0:
        p.regions.append(Region(p.quote_start, p.pos, "history"))
        p.history.append("".join(p.out)[p.quote_start:])
    text = "".join(p.out)
    return Extracted(text, p.segments or [Segment(0, 0, 0, 0)], p.regions, p.comments, "\n".join(h.strip() for h in p.history if h.strip()))


def escape(text: str) -> str:
    """A fix's replacement as HTML text."""
    return html.escape(text, quote=False)


def line_of(starts: list[int], offset: int) -> int:
    return bisect.bisect_right(starts, offset)
