"""What a reader is: decoded source text in, `TextView`s (prose + source map) out."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ..document import Source, TextView


class InputError(ValueError):
    """Input that cannot be read as its format; `line` is 1-based when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True, slots=True)
class ReadOptions:
    context: str | None = None  # the customer's message, from --context
    lang: str | None = None
    macro_fields: tuple[str, ...] = ()


class Reader(Protocol):
    def __call__(self, source: Source, options: ReadOptions) -> list[TextView]: ...
