"""Which language a reply is in, from the detector profiles of the loaded rulesets.

Each `rulesets/<lang>/language.yaml` has a `detect` profile: `words`, common
function words of the language. A reply is scored by how many of its words
each profile knows; the best profile wins if it clears a small margin.
Product names in English inside an Indonesian reply do not flip it, because
function words ("yang", "dan", "Anda") carry the score, not nouns.
"""
from __future__ import annotations

from typing import Mapping

import regex

_WORD = regex.compile(r"[\p{L}']+")

UNKNOWN = "und"


class Detector:
    def __init__(self, profiles: Mapping[str, frozenset[str]], default: str = "en") -> None:
        self.profiles = dict(profiles)
        self.default = default

    @classmethod
    def from_lexicons(cls, lexicons: Mapping[str, Mapping]) -> "Detector":
        profiles = {}
        for code, lex in lexicons.items():
            words = (lex.get("detect") or {}).get("words") or []
            profiles[code] = frozenset(w.lower() for w in words)
        return cls(profiles)

    def detect(self, text: str) -> str:
        words = _WORD.findall(text.lower())
        if not words or not self.profiles:
            return self.default
        scores = {code: sum(1 for w in words if w in prof) for code, prof in self.profiles.items()}
        best = max(scores, key=lambda c: (scores[c], c == self.default))
        if scores[best] == 0:
            return self.default
        ranked = sorted(scores.values(), reverse=True)
        if len(ranked) > 1 and ranked[0] == ranked[1]:
            return self.default if scores.get(self.default, -1) == ranked[0] else best
        return best
