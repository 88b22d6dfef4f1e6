"""What a reader is: decoded source text in, `TextView`s (prose + source map) out."""
from __future__ import annotations

from dataclasses import dataclass, field
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


@dataclass(frozen=True, slots=True)
class Directive:
    """A suppression comment, resolved to the source range it covers.

    `keys` are rule codes, code prefixes, names or categories (empty: every rule).
    Only formats that hide comments from the customer produce directives
    (HTML and Markdown comments, HTML bodies inside macro files).
    """

    start: int  # source offsets, end exclusive
    end: int
    keys: tuple[str, ...] = ()


@dataclass(slots=True)
class MacroView(TextView):
    """A view read from a macro file (Markdown, HTML, JSON/YAML macros).

    `template_checks` turns on the template diagnostics (TPL codes, see
    `replylint.macrolint`); `directives` are its suppression comments.
    """

    directives: list[Directive] = field(default_factory=list)
    template_checks: bool = True
