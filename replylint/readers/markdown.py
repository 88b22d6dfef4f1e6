"""Markdown: one reply, or a file holding many macros (a heading per macro).

Not prose: front matter, code blocks, HTML comments and tags, link and image
targets, reference definitions and tables. A fenced or indented block that
reads as sentences (no info string, or `text`/`email`/`markdown`) is the
macro's body, as in saved-reply collections that keep each reply in a fence,
and is linted; code is not.

A file with two or more headings that each have prose under them (or one,
with no prose before it) is a macro file: each section (heading to next heading) is linted on its own with the
heading text as `view.macro`. Headings may be ATX (`## Title`), setext
(`Title` over `===`/`---`) or separator lines (`---- TITLE`).

Every position is an offset into the file itself (views are identity slices),
so fixes are exact wherever the text is not masked.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from ..document import Region, Source, SourceMap
from . import directives
from .base import MacroView, ReadOptions

_FENCE = regex.compile(r"^( {0,3})(`{3,}|~{3,})[ \t]*([^\n`]*)$")
_ATX = regex.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = regex.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_SEPARATOR = regex.compile(r"^(?:-{3,}|={3,})[ \t]+(\S.*?)[ \t]*(?:-{3,}|={3,})?[ \t]*$")
_LIST_ITEM = regex.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s")
_TABLE = regex.compile(r"^\s*\|")
_REF_DEF = regex.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S+[^\n]*$")
_INDENTED = regex.compile(r"^(?: {4}|\t)")
_PROSE_INFO = frozenset({"", "text", "txt", "plain", "plaintext", "email", "mail", "markdown", "md", "reply", "macro"})

_INLINE = regex.compile(
    r"(?P<image>!\[[^\]\n]*\]\([^)\n]*\))"
    r"|(?P<link>\[(?=[^\]\n]*\]\()[^\]\n]*(?P<target>\]\([^)\s]*(?:[ \t]+\"[^\"\n]*\")?\)))"
    r"|(?P<ref>\[(?=[^\]\n]+\]\[)[^\]\n]+(?P<reftarget>\]\[[^\]\n]*\]))"
    r"|(?P<tag></?[a-z][a-z0-9-]*(?:\s[^<>\n]*)?/?>)"
    r"|(?P<auto><(?:https?|mailto):[^>\s]+>)"
)
_SENTENCE = regex.compile(r"(?:[^\W\d_][\w'\u2019-]*[ ,]+){3}[^\W\d_]")
_CODE_LINE = regex.compile(r"[;{]\s*$|^\s*[$>]\s|^\s*[\w.]+\([^\s]*\)\s*$|^\s*(?:def|class|import|from|return|const|let|var|function)\b|=>|==|:=|^\s*[\w.]+\s*=\s*\S")


def looks_like_prose(content: str) -> bool:
    """True when a code block holds sentences (a reply) rather than code."""
    lines = [line for line in content.splitlines() if line.strip()]
    if not lines:
        return False
    sentences = sum(1 for line in lines if _SENTENCE.search(line))
    code = sum(1 for line in lines if _CODE_LINE.search(line))
    return sentences * 2 >= len(lines) and code * 4 <= len(lines)


@dataclass
class Heading:
    start: int  # offset of the heading's first line
    end: int  # offset just past its last line (the body starts here)
    title: str
    level: int = 1  # 1-6 for ATX/setext headings, 7 for separator lines


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end-without-newline) of every line."""
    out = []
    i = 0
    n = len(text)
    while i <= n:
        j = text.find("\n", i)
        if j == -1:
            if i < n:
                out.append((i, n))
            break
        out.append((i, j))
        i = j + 1
    return out


def scan(text: str, base: int) -> tuple[list[Region], list[Heading], list[tuple[int, int]]]:
    """Masked regions, headings and (code) block ranges of `text` from offset `base`."""
    regions: list[Region] = []
    headings: list[Heading] = []
    blocks: list[tuple[int, int]] = []
    lines = [(s, e) for s, e in _lines(text) if s >= base]
    i = 0
    prev_blank = True
    prev_list = False
    while i < len(lines):
        s, e = lines[i]
        line = text[s:e]
        m = _FENCE.match(line)
        if m:
            char, width = m.group(2)[0], len(m.group(2))
            j = i + 1
            while j < len(lines):
                t = text[lines[j][0]:lines[j][1]].strip()
                if t.startswith(char * width) and not t.strip(char):
                    break
                j += 1
            body_start = e + 1 if i + 1 < len(lines) else e
            body_end = lines[j][0] if j < len(lines) else len(text)
            block_end = lines[j][1] if j < len(lines) else len(text)
            info = m.group(3).strip().lower().split(" ")[0] if m.group(3).strip() else ""
            if info in _PROSE_INFO and looks_like_prose(text[body_start:body_end]):
                regions.append(Region(s, e, "markup"))
                if j < len(lines):
                    regions.append(Region(lines[j][0], lines[j][1], "markup"))
            else:
                regions.append(Region(s, block_end, "code"))
                blocks.append((s, block_end))
            i = j + 1
            prev_blank, prev_list = False, False
            continue
        if _INDENTED.match(line) and line.strip() and prev_blank and not prev_list:
            j = i
            while j < len(lines) and (_INDENTED.match(text[lines[j][0]:lines[j][1]]) or not text[lines[j][0]:lines[j][1]].strip()):
                j += 1
            while j - 1 > i and not text[lines[j - 1][0]:lines[j - 1][1]].strip():
                j -= 1
            block_end = lines[j - 1][1]
            if not looks_like_prose(text[s:block_end]):
                regions.append(Region(s, block_end, "code"))
                blocks.append((s, block_end))
            i = j
            prev_blank = False
            continue
        h = _ATX.match(line)
        sep = _SEPARATOR.match(line) if not h else None
        if h:
            headings.append(Heading(s, min(e + 1, len(text)), (h.group(2) or "").strip(), len(h.group(1))))
        elif sep:
            headings.append(Heading(s, min(e + 1, len(text)), sep.group(1).strip(), 7))
        elif (_SETEXT.match(line) and i > 0 and not prev_blank and text[lines[i - 1][0]:lines[i - 1][1]].strip()
              and not _TABLE.match(text[lines[i - 1][0]:lines[i - 1][1]]) and not _LIST_ITEM.match(text[lines[i - 1][0]:lines[i - 1][1]])):
            ps, pe = lines[i - 1]
            if headings and headings[-1].start == ps:
                pass
            else:
                headings.append(Heading(ps, min(e + 1, len(text)), text[ps:pe].strip(), 1 if line.strip()[0] == "=" else 2))
        elif _TABLE.match(line) or _REF_DEF.match(line):
            regions.append(Region(s, e, "markup"))
        if line.strip():
            prev_list = bool(_LIST_ITEM.match(line)) or (prev_list and line[:1] in " \t")
        prev_blank = not line.strip()
        i += 1
    return regions, headings, blocks


def _inside(blocks: list[tuple[int, int]], pos: int) -> bool:
    return any(s <= pos < e for s, e in blocks)


def inline_regions(text: str, start: int, end: int, blocks: list[tuple[int, int]]) -> list[Region]:
    out: list[Region] = []
    for m in directives.COMMENT_RE.finditer(text, start, end):
        if not _inside(blocks, m.start()):
            out.append(Region(m.start(), m.end(), "markup"))
    for m in _INLINE.finditer(text, start, end):
        if _inside(blocks, m.start()):
            continue
        kind = m.lastgroup
        if m.group("link") is not None:
            out.append(Region(m.start(), m.start() + 1, "markup"))
            out.append(Region(m.start("target"), m.end("target"), "url"))
        elif m.group("ref") is not None:
            out.append(Region(m.start(), m.start() + 1, "markup"))
            out.append(Region(m.start("reftarget"), m.end("reftarget"), "markup"))
        elif m.group("image") is not None or m.group("auto") is not None:
            out.append(Region(m.start(), m.end(), "url"))
        elif kind == "tag":
            out.append(Region(m.start(), m.end(), "markup"))
    return out


def _front_matter(text: str, base: int) -> int:
    """Offset just past a YAML front matter block at the top, else `base`."""
    if not text.startswith("---", base) or text[base + 3:base + 4] not in ("\n", "\r"):
        return base
    m = regex.compile(r"^(?:---|\.\.\.)[ \t]*$", regex.MULTILINE).search(text, base + 4)
    if not m:
        return base
    return min(m.end() + 1, len(text))


def _has_prose(text: str, start: int, end: int, regions: list[Region]) -> bool:
    chars = list(text[start:end])
    for r in regions:
        for k in range(max(r.start, start), min(r.end, end)):
            chars[k - start] = " "
    return bool(regex.search(r"[^\W\d_]{2,}", "".join(chars)))


def read(source: Source, options: ReadOptions) -> list[MacroView]:
    text = source.text
    base = 1 if text.startswith("\ufeff") else 0
    body = _front_matter(text, base)
    regions, headings, blocks = scan(text, body)
    if body > base:
        regions.append(Region(base, body, "markup"))
    sections: list[tuple[int, int, str | None]] = []
    bounds = [h.start for h in headings] + [len(text)]
    candidates = [(h.end, bounds[k + 1], h.title, h.level) for k, h in enumerate(headings)]
    with_prose = [c for c in candidates if _has_prose(text, c[0], c[1], regions)]
    first = headings[0].start if headings else len(text)
    if len(with_prose) >= 2 or (with_prose and not _has_prose(text, body, first, regions)):
        # The macro level is the heading level most sections with prose use (deeper wins a tie);
        # prose under shallower headings (a page title, group intros) and before the first heading
        # is the file's documentation, not a macro, and is not linted.
        counts: dict[int, int] = {}
        for c in with_prose:
            counts[c[3]] = counts.get(c[3], 0) + 1
        level = max(counts, key=lambda lv: (counts[lv], lv))
        sections.extend((s, e, t) for s, e, t, lv in with_prose if lv >= level)
    else:
        sections.append((base, len(text), None))
        for h in headings:  # one reply: heading markers are markup, the words are prose
            m = regex.match(r" {0,3}#{1,6}[ \t]*", text[h.start:h.end])
            if m and m.end():
                regions.append(Region(h.start, h.start + m.end(), "markup"))
    # like markdownlint's comments: a disable lasts to its enable or the end of the file
    found, _ = directives.parse([c for c in directives.comments_in(text) if not _inside(blocks, c[0])], text, lambda o, _end: o)
    views: list[MacroView] = []
    for start, end, title in sections:
        own = [Region(max(r.start, start) - start, min(r.end, end) - start, r.kind) for r in regions if r.start < end and start < r.end]
        own += [Region(r.start - start, r.end - start, r.kind) for r in inline_regions(text, start, end, blocks)]
        ready = any(directives.parse([c], text, lambda o, _end: o)[1] for c in directives.comments_in(text, start, end)
                    if not _inside(blocks, c[0]))
        views.append(MacroView(source, text[start:end], SourceMap.identity(start), macro=title, context=options.context,
                               lang=options.lang, regions=own, marked_ready=ready, directives=list(found)))
    return views
