"""Template placeholder grammars of the common helpdesks.

Each grammar is one named pattern; `find_placeholders` returns every
placeholder span in a text. Placeholders are never prose: the engine masks
them before rules run and a fix that would touch one is display-only.
"""
from __future__ import annotations

from typing import Iterator

from . import rxcache

# Order matters only for readability: the union is scanned left to right and
# the longest alternative at a position wins because longer forms come first.
GRAMMARS: dict[str, str] = {
    # Liquid / Zendesk / Handlebars / Mustache / Freshdesk / Intercom (with "| fallback:")
    "mustache-triple": r"\{\{\{[^{}\n]{0,200}\}\}\}",
    "mustache": r"\{\{[^\n]{0,300}?\}\}",
    # Liquid tags {% if %}, and Help Scout {%customer.firstName,fallback=there%}
    "liquid-tag": r"\{%[^\n]{0,300}?%\}",
    # Ruby/i18n %{name}, shell/JS ${name}, %NAME%
    "percent-brace": r"%\{[^{}\n]{1,80}\}",
    "dollar-brace": r"\$\{[^{}\n]{1,80}\}",
    "percent-name": r"%[A-Z][A-Z0-9_.]{1,60}%",
    # {NAME}, {reporter}, {EDU: ...}, {YOUR NAME}
    "single-brace": r"\{[^{}\n]{1,80}\}",
    # [ADD NAME HERE], [AMOUNT], [insert link], [Customer Name]
    "square-fill-in": r"\[(?:[A-Z0-9][A-Z0-9 _\-/.:'&#]{0,80}|(?i:(?:insert|add|enter|your|customer|agent|name|link|date|amount|order|ticket)\b[^\]\n]{0,80}))\](?!\()",
    # <ISSUE_NUMBER>, <CUSTOMER NAME>
    "angle-fill-in": r"<[A-Z][A-Z0-9_ ]{1,60}>",
    # KEY_WORD_CUSTOMER_FIRSTNAME, CVE_ID
    "snake-caps": r"(?<![\w])[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+(?![\w])",
    # +XXXXXXX, XXXX-XXXX: runs of X standing for digits
    "x-run": r"(?<![\w])\+?X{3,}(?:[-\s]?X{2,})*(?![\w])",
}

PLACEHOLDER_RE = rxcache.compile("|".join(f"(?P<{name.replace('-', '_')}>{pat})" for name, pat in GRAMMARS.items()))


def find_placeholders(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield (start, end, grammar) for every placeholder in `text`."""
    if "{" not in text and "[" not in text and "<" not in text and "_" not in text and "X" not in text and "%" not in text and "$" not in text:
        return
    for m in PLACEHOLDER_RE.finditer(text):
        yield m.start(), m.end(), (m.lastgroup or "placeholder").replace("_", "-")
