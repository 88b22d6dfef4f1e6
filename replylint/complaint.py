"""Does this reply answer a complaint? (The gate for the document categories.)

The customer's message decides when there is one (a `context` field, the
`--context` file, or the quoted part of an e-mail). Without it the reply
decides: a reply that refers to a problem (a delay, a mistake, something
missing or broken, an error, a refund) answers a complaint. The signal words
are per language, in `rulesets/<lang>/language.yaml` under `complaint`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from .patterns import CompiledPattern, compile_all


@dataclass(frozen=True, slots=True)
class ComplaintSignals:
    context: tuple[CompiledPattern, ...]
    context_not: tuple[CompiledPattern, ...]
    reply: tuple[CompiledPattern, ...]

    @classmethod
    def build(cls, lexicon: Mapping[str, Any], vocabulary: Mapping[str, str]) -> "ComplaintSignals":
        spec = lexicon.get("complaint") or {}
        return cls(
            compile_all(spec.get("context", []), vocabulary),
            compile_all(spec.get("context_not", []), vocabulary),
            compile_all(spec.get("reply", []), vocabulary),
        )

    def context_is_complaint(self, context: str) -> bool:
        text = context.replace("\u2019", "'")
        hits = [m.span() for p in self.context for m in p.regex.finditer(text)]
        if not hits:
            return False
        # "not" patterns cancel the hits they overlap ("no problem", "thanks for fixing")
        cancel = [m.span() for p in self.context_not for m in p.regex.finditer(text)]
        return any(not any(a < e and s < b for a, b in cancel) for s, e in hits)

    def reply_mentions_problem(self, masked_reply: str) -> bool:
        return any(p.regex.search(masked_reply) for p in self.reply)


def answers_complaint(signals: ComplaintSignals, context: str | None, masked_reply: str) -> bool:
    if context is not None and context.strip():
        return signals.context_is_complaint(context)
    return signals.reply_mentions_problem(masked_reply)
