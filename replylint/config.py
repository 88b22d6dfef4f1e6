"""Project configuration: `.replylint.yaml` or `[tool.replylint]` in pyproject.toml.

Found from the linted file upward (the nearest one wins, as in ruff). A broken
config raises `ConfigError` naming the file and line; the CLI turns that into
exit status 2.
"""
from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path, PurePath
from typing import Any, Iterable

import regex

from .model import Severity
from .yamlio import YamlError, key_line, load_with_lines

CONFIG_NAMES = (".replylint.yaml", ".replylint.yml", "pyproject.toml")


class ConfigError(YamlError):
    """A configuration file that cannot be used; the message cites file and line."""


@dataclass(slots=True)
class Config:
    """Every setting a user can make; defaults are replylint's defaults."""

    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    rulesets: list[str] = field(default_factory=list)
    acronyms: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    fail_level: str = "warning"
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    lang: str = "auto"
    placeholders: list[str] = field(default_factory=list)
    macro_fields: list[str] = field(default_factory=list)
    presend: dict[str, Any] = field(default_factory=dict)
    path: str | None = None  # the file this came from
    root: str | None = None  # its folder: relative paths resolve from here

    def severity_floor(self) -> Severity:
        return Severity.parse(self.fail_level)

    def ruleset_dirs(self) -> list[Path]:
        base = Path(self.root or ".")
        return [(base / d).resolve() for d in self.rulesets]

    def ignored_for(self, path: str) -> list[str]:
        """Rule keys ignored for `path` by `per-file-ignores` (globs relative to the config)."""
        if not self.per_file_ignores:
            return []
        rel = _relative(path, self.root)
        out: list[str] = []
        for pattern, keys in self.per_file_ignores.items():
            if fnmatch.fnmatch(rel, pattern) or PurePath(rel).match(pattern):
                out.extend(keys)
        return out

    def excluded(self, path: str) -> bool:
        rel = _relative(path, self.root)
        return any(fnmatch.fnmatch(rel, p) or PurePath(rel).match(p) or fnmatch.fnmatch(PurePath(rel).name, p) for p in self.exclude)


def _relative(path: str, root: str | None) -> str:
    p = Path(path)
    if root:
        try:
            return p.resolve().relative_to(Path(root).resolve()).as_posix()
        except ValueError:
            pass
    return p.as_posix()


_FIELD_TYPES: dict[str, type] = {
    "select": list, "ignore": list, "severity": dict, "rulesets": list, "acronyms": list, "terms": list,
    "fail_level": str, "per_file_ignores": dict, "exclude": list, "lang": str, "placeholders": list,
    "macro_fields": list, "presend": dict,
}
KNOWN_KEYS = {name.replace("_", "-"): name for name in _FIELD_TYPES}


def from_mapping(data: Any, path: str, line_of=lambda *k: 1) -> Config:
    """Validate a mapping of settings (from YAML or TOML) into a Config."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(path, 1, "the configuration must be a mapping of settings")
    values: dict[str, Any] = {}
    for key, value in data.items():
        attr = KNOWN_KEYS.get(str(key)) or (str(key) if str(key) in _FIELD_TYPES else None)
        if attr is None:
            raise ConfigError(path, line_of(key), f"unknown setting '{key}' (known: {', '.join(sorted(KNOWN_KEYS))})")
        want = _FIELD_TYPES[attr]
        if want is list and isinstance(value, str):
            value = [value]
        if not isinstance(value, want) or (want is list and not all(isinstance(v, str) for v in value)):
            kind = {list: "a list of strings", dict: "a mapping", str: "a string"}[want]
            raise ConfigError(path, line_of(key), f"'{key}' must be {kind}")
        values[attr] = value
    cfg = Config(**values, path=path, root=str(Path(path).resolve().parent))
    try:
        cfg.severity_floor()
        for level in cfg.severity.values():
            Severity.parse(str(level))
    except ValueError as exc:
        raise ConfigError(path, line_of("severity" if "severity" in data else "fail-level"), str(exc)) from None
    for sel in cfg.macro_fields:  # dotted paths; `*` one key or index, `**` any depth (docs/formats.md)
        if not sel.strip() or any(not part for part in sel.strip().split(".")):
            raise ConfigError(path, line_of("macro-fields"), f"macro-fields: '{sel}' is not a dotted path such as '*' or 'macros.*.body'")
    for name in cfg.placeholders:
        if not name.strip():
            raise ConfigError(path, line_of("placeholders"), "placeholders: names must not be empty")
    for pattern, keys in cfg.per_file_ignores.items():
        if isinstance(keys, str):
            cfg.per_file_ignores[pattern] = [keys]
        elif not isinstance(keys, list):
            raise ConfigError(path, line_of("per-file-ignores"), f"per-file-ignores['{pattern}'] must list rule codes, names or categories")
    _check_presend(cfg, path, line_of)
    return cfg


PRESEND_KEYS = ("block", "warn")


def _check_presend(cfg: Config, path: str, line_of) -> None:
    """`presend: {block: [...], warn: [...]}`: keys are categories, codes, names or severities (docs/presend.md)."""
    for key, value in list(cfg.presend.items()):
        if key not in PRESEND_KEYS:
            raise ConfigError(path, line_of("presend"), f"unknown presend setting '{key}' (known: {', '.join(PRESEND_KEYS)})")
        if value is None:
            value = []
        elif isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(path, line_of("presend"), f"presend '{key}' must be a list of categories, rule codes, rule names or severities")
        cfg.presend[key] = value


def load_file(path: str | Path) -> Config:
    """Read one config file (YAML, or pyproject.toml's [tool.replylint])."""
    p = Path(path)
    spath = str(p)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(spath, 1, f"cannot read config: {exc}") from None
    if p.name == "pyproject.toml":
        import tomllib  # only for pyproject.toml: it costs start-up time

        try:
            doc = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            m = regex.search(r"line (\d+)", str(exc))
            raise ConfigError(spath, int(m.group(1)) if m else 1, f"invalid TOML: {exc}") from None
        section = doc.get("tool", {}).get("replylint")
        return from_mapping(section, spath, lambda key: _toml_line(text, key))
    data, node = load_with_lines(text, spath, ConfigError)
    return from_mapping(data, spath, lambda key: key_line(node, key))


def _toml_line(text: str, key: str) -> int:
    m = regex.search(r"(?m)^\s*\[tool\.replylint\]", text)
    start = m.start() if m else 0
    k = regex.search(rf"(?m)^\s*\"?{regex.escape(str(key))}\"?\s*=", text[start:])
    return text.count("\n", 0, start + (k.start() if k else 0)) + 1 + (1 if k and text[start + k.start()] == "\n" else 0)


def has_replylint_section(pyproject: Path) -> bool:
    try:
        return "[tool.replylint" in pyproject.read_text(encoding="utf-8")
    except OSError:
        return False


@lru_cache(maxsize=256)
def _find_for_dir(directory: str) -> str | None:
    d = Path(directory)
    for folder in (d, *d.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or has_replylint_section(candidate)):
                return str(candidate)
    return None


def discover(target: str | Path) -> Config:
    """The config that applies to `target` (a file or folder): nearest upward, else defaults."""
    p = Path(target).resolve()
    found = _find_for_dir(str(p if p.is_dir() else p.parent))
    return load_cached(found) if found else Config()


@lru_cache(maxsize=64)
def load_cached(path: str) -> Config:
    return load_file(path)


def merge_cli(cfg: Config, **overrides: Any) -> Config:
    """A copy of `cfg` with command-line options laid over it (None means "not given")."""
    values = {f.name: getattr(cfg, f.name) for f in fields(Config)}
    for key, value in overrides.items():
        if value is None or value == () or value == []:
            continue
        values[key] = list(value) if isinstance(value, (tuple, list)) else value
    return Config(**values)


def keys_match(keys: Iterable[str], code: str, name: str, category: str) -> bool:
    """True when any key names this rule: code, code prefix, name, category, or ALL."""
    for k in keys:
        k = k.strip()
        if not k:
            continue
        if k.upper() == "ALL" or k.lower() in (name, category) or code.startswith(k.upper()):
            return True
    return False
