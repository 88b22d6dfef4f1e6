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
from .fixer import FixResult, fix
from .model import Applicability, Diagnostic, Edit, Position, Severity, Suggestion
from .presend import Policy as PresendPolicy, Verdict, presend
from .ruleset import RulesetError

__version__ = "0.1.0"

__all__ = [
    "lint", "lint_path", "lint_source", "Config", "ConfigError", "RulesetError", "LanguageNotLinted",
    "discover_config", "load_config", "Applicability", "Diagnostic", "Edit", "Position", "Severity",
    "Suggestion", "__version__", "fix", "FixResult", "presend", "Verdict", "PresendPolicy",
]
