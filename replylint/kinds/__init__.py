"""The registry of rule kinds: YAML `kind:` name -> module with `KEYS` and `build`."""
from __future__ import annotations

from types import ModuleType

from . import capitals, phrase, proximity, punctuation, required

KINDS: dict[str, ModuleType] = {
    "phrase": phrase,
    "proximity": proximity,
    "capitals": capitals,
    "punctuation": punctuation,
    "required": required,
}
DOCUMENT_KINDS = frozenset({"required"})
