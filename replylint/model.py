"""The value types every other module speaks: severities, fix safety, edits, findings.

Nothing here knows about files, rules or output formats; these are plain frozen
dataclasses so they can be compared in tests and serialised by the formatters.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(enum.IntEnum):
    """How serious a finding is; ordered so that `>=` means "at least as serious"."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, value: str) -> "Severity":
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r} (expected error, warning or info)") from None

    def __str__(self) -> str:
        return self.name.lower()


class Applicability(str, enum.Enum):
    """How safe a suggested edit is to apply without a human reading it (ruff's tiers)."""

    SAFE = "safe"
    UNSAFE = "unsafe"
    DISPLAY_ONLY = "display-only"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace source characters [offset, offset+length) with `replacement`."""

    offset: int
    length: int
    replacement: str
    # 1-based line/column of offset and of the exclusive end, for editors (set by the engine).
    start_pos: "Position | None" = field(default=None, compare=False)
    end_pos: "Position | None" = field(default=None, compare=False)

    @property
    def end(self) -> int:
        return self.offset + self.length


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One way to fix a finding: a title for humans and the edits that implement it."""

    title: str
    replacement: str
    applicability: Applicability
    edits: tuple[Edit, ...] = ()


@dataclass(frozen=True, slots=True)
class Position:
    """A 1-based line and column (columns counted in characters)."""

    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding, positioned in the original source text of `path`."""

    code: str
    name: str
    category: str
    severity: Severity
    message: str
    offset: int
    length: int
    start: Position
    end: Position
    path: str = "<text>"
    record: str | None = None
    suggestions: tuple[Suggestion, ...] = ()
    macro: str | None = None
    matched: str = ""
    document_level: bool = field(default=False, compare=False)

    @property
    def line(self) -> int:
        return self.start.line

    @property
    def column(self) -> int:
        return self.start.column

    @property
    def end_offset(self) -> int:
        return self.offset + self.length
