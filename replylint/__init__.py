"""replylint: a linter for customer-support replies.

Public API:
    lint(text, *, context=None, lang=None, config=None) -> list[Diagnostic]
    fix(text, *, context=None, lang=None, config=None, unsafe=False) -> FixResult(text, applied, remaining)
    load_config(path) -> Config
    presend(text, *, context=None, lang=None, policy=None) -> Verdict (block | warn | allow)
    Diagnostic, Suggestion, Edit, Severity, Applicability (value types)
"""
from __future__ import annotations

from .api import lint, lint_path, lint_source
from .config import Config, ConfigError, discover as discover_config, load_file as load_config
from .engine import LanguageNotLinted
from .model import Applicability, Diagnostic, Edit, Position, Severity, Suggestion
from .presend import Policy as PresendPolicy, Verdict, presend  # eager: the submodule shares the function's name
from .ruleset import RulesetError

# Imported on first use, so `import replylint` (and the CLI's start-up) stays light.
_LAZY = {"fix": ("fixer", "fix"), "FixResult": ("fixer", "FixResult")}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(f"{__name__}.{module}"), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'replylint' has no attribute {name!r}")

__version__ = "0.1.0"

__all__ = [
    "lint", "lint_path", "lint_source", "Config", "ConfigError", "RulesetError", "LanguageNotLinted",
    "discover_config", "load_config", "Applicability", "Diagnostic", "Edit", "Position", "Severity",
    "Suggestion", "__version__", "fix", "FixResult", "presend", "Verdict", "PresendPolicy",
]
