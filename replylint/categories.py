"""The category ids of the spec: a public contract (JSON `category`, API, evaluation)."""
from __future__ import annotations

SPAN_CATEGORIES: tuple[str, ...] = (
    "customer-wrong",
    "argumentative",
    "calm-down",
    "non-apology",
    "blame-shifting",
    "not-my-job",
    "dismissive-closer",
    "shouting",
    "hostile-language",
    "cutting-off",
    "rushing",
    "over-promise",
    "threatening",
)
DOCUMENT_CATEGORIES: tuple[str, ...] = ("missing-apology", "missing-empathy", "missing-next-step")
CATEGORIES: tuple[str, ...] = SPAN_CATEGORIES + DOCUMENT_CATEGORIES
