"""Character offsets <-> LSP positions.

replylint counts columns in characters (Unicode code points). LSP positions
count in the negotiated encoding: UTF-16 code units unless the client offered
something else (LSP 3.17 `positionEncoding`), so an emoji before a finding is
2 units in UTF-16, 4 in UTF-8 and 1 in UTF-32. Lines end at CRLF, CR or LF,
as LSP defines them.
"""
from __future__ import annotations

import bisect
import re

_EOL = re.compile(r"\r\n|\r|\n")


def units(text: str, encoding: str = "utf-16") -> int:
    """How many code units `text` takes in `encoding` ("utf-8", "utf-16" or "utf-32")."""
    if encoding == "utf-32":
        return len(text)
    if encoding == "utf-8":
        return len(text.encode("utf-8", "surrogatepass"))
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


class LineIndex:
    """Line starts of one text, for fast offset <-> (line, character) conversion."""

    __slots__ = ("text", "starts", "encoding")

    def __init__(self, text: str, encoding: str = "utf-16") -> None:
        self.text = text
        self.encoding = encoding
        self.starts = [0] + [m.end() for m in _EOL.finditer(text)]

    def _line_end(self, line: int) -> int:
        """Offset just past the last character of `line`, before its line break."""
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        while end > self.starts[line] and self.text[end - 1] in "\r\n":
            end -= 1
        return end

    def position(self, offset: int) -> tuple[int, int]:
        """0-based (line, character) in code units of a 0-based character offset."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        start = self.starts[line]
        return line, units(self.text[start:min(offset, self._line_end(line))], self.encoding)

    def offset(self, line: int, character: int) -> int:
        """The character offset of an LSP position (clamped to the line, as the spec asks)."""
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        start, end = self.starts[line], self._line_end(line)
        if character <= 0:
            return start
        segment = self.text[start:end]
        if self.encoding == "utf-32" or segment.isascii():
            return start + min(character, len(segment))
        count = 0
        for i, ch in enumerate(segment):
            if count >= character:
                return start + i
            count += units(ch, self.encoding)
        return end
