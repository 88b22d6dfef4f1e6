"""Add a rule to `per-file-ignores` for one file, editing the config text in place.

The edit is textual so that the user's comments and layout survive: a new
entry goes under an existing `per-file-ignores:` block (or a new block is
appended), an existing entry for the same file gets the code added. Every
result is checked by loading it as replylint would; a YAML edit that does not
check out falls back to re-serialising the file, a pyproject.toml edit that
does not check out is not offered.
"""
from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

import yaml

from ..config import Config, ConfigError, from_mapping
from ..yamlio import YamlError, load_with_lines

NEW_CONFIG_NAME = ".replylint.yaml"


@dataclass(frozen=True, slots=True)
class ConfigEdit:
    """The config file to write (`create`: it does not exist yet) and its text before and after."""

    path: str
    create: bool
    old_text: str
    new_text: str


def pattern_for(doc_path: str, config_dir: str) -> str:
    """The per-file-ignores key for `doc_path`: its path relative to the config's folder."""
    try:
        return Path(doc_path).resolve().relative_to(Path(config_dir).resolve()).as_posix()
    except ValueError:
        return Path(doc_path).as_posix()


def _load(text: str, config_path: str) -> Config | None:
    """The Config this text gives, or None when it does not load."""
    try:
        if Path(config_path).name == "pyproject.toml":
            data = tomllib.loads(text).get("tool", {}).get("replylint")
        else:
            data, _ = load_with_lines(text, config_path) if text.strip() else (None, None)
        return from_mapping(data, config_path)
    except (ConfigError, YamlError, tomllib.TOMLDecodeError, yaml.YAMLError, ValueError, TypeError, AttributeError):
        return None


def _checked(old_text: str, new_text: str, config_path: str, key: str, code: str) -> bool:
    """True when the new text loads to the old settings plus exactly `code` ignored for `key`."""
    old, new = _load(old_text, config_path), _load(new_text, config_path)
    if old is None or new is None:
        return False
    expected = {k: list(v) for k, v in old.per_file_ignores.items()}
    expected.setdefault(key, []).append(code)
    if new.per_file_ignores != expected:
        return False
    return all(getattr(old, f.name) == getattr(new, f.name) for f in fields(Config) if f.name != "per_file_ignores")


# --- YAML -------------------------------------------------------------------------

_TOP_KEY = re.compile(r"^per-file-ignores\s*:\s*(?:#.*)?$")
_FLOW_LIST = re.compile(r"^(?P<head>\s*(?P<key>\"(?:[^\"\\]|\\.)*\"|'[^']*'|[^\s:#][^:#]*?)\s*:\s*)\[(?P<items>[^\]]*)\](?P<tail>\s*(?:#.*)?)$")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_blank(line: str) -> bool:
    s = line.strip()
    return not s or s.startswith("#")


def _key_of(raw: str) -> str | None:
    try:
        value = yaml.safe_load(raw)
    except yaml.YAMLError:
        return None
    return value if isinstance(value, str) else None


def _yaml_textual(text: str, key: str, code: str) -> str:
    lines = text.splitlines(keepends=True)
    nl = "\r\n" if "\r\n" in text else "\n"
    quoted = json.dumps(key, ensure_ascii=False)
    header = next((i for i, line in enumerate(lines) if _TOP_KEY.match(line.rstrip("\r\n"))), None)
    if header is None:
        if any(line.startswith("per-file-ignores") for line in lines):
            return text  # an inline mapping: left to the re-serialising fallback
        prefix = text if not text or text.endswith(("\n", "\r")) else text + nl
        return f"{prefix}per-file-ignores:{nl}  {quoted}: [{code}]{nl}"
    # The block's lines: everything after the header that is indented, blank or a comment.
    end = header + 1
    children: list[int] = []
    while end < len(lines):
        line = lines[end].rstrip("\r\n")
        if not _is_blank(line) and _indent(line) == 0:
            break
        if not _is_blank(line):
            children.append(end)
        end += 1
    child_indent = min((_indent(lines[i]) for i in children), default=2) or 2
    entries = [i for i in children if _indent(lines[i]) == child_indent]
    for pos, i in enumerate(entries):
        line = lines[i].rstrip("\r\n")
        m = _FLOW_LIST.match(line)
        if m and _key_of(m.group("key")) == key:
            items = [s.strip() for s in m.group("items").split(",") if s.strip()]
            lines[i] = f"{m.group('head')}[{', '.join(items + [code])}]{m.group('tail')}{nl}"
            return "".join(lines)
        stripped = line.strip()
        if stripped.endswith(":") and _key_of(stripped[:-1]) == key:
            # A block list follows: add an item after its last line.
            block_end = entries[pos + 1] if pos + 1 < len(entries) else (children[-1] + 1 if children else i + 1)
            items = [j for j in children if i < j < block_end]
            item_indent = " " * (_indent(lines[items[0]]) if items else child_indent + 2)
            at = (items[-1] + 1) if items else i + 1
            lines.insert(at, f"{item_indent}- {code}{nl}")
            return "".join(lines)
    at = (children[-1] + 1) if children else header + 1
    if at == len(lines) and lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += nl
    lines.insert(at, f"{' ' * child_indent}{quoted}: [{code}]{nl}")
    return "".join(lines)


def _yaml_rewrite(text: str, key: str, code: str) -> str | None:
    try:
        data = yaml.safe_load(text) if text.strip() else {}
    except yaml.YAMLError:
        return None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return None
    pfi = data.setdefault("per-file-ignores", {})
    if not isinstance(pfi, dict):
        return None
    current = pfi.get(key) or []
    if isinstance(current, str):
        current = [current]
    pfi[key] = list(current) + [code]
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


# --- pyproject.toml -------------------------------------------------------------------

_PFI_TABLE = re.compile(r"(?m)^\[tool\.replylint\.per-file-ignores\]\s*(?:#.*)?$")
_REPLYLINT_TABLE = re.compile(r"(?m)^\[tool\.replylint\]\s*(?:#.*)?$")


def _toml_textual(text: str, key: str, code: str) -> str:
    nl = "\r\n" if "\r\n" in text else "\n"
    quoted_key = json.dumps(key, ensure_ascii=False)
    m = _PFI_TABLE.search(text)
    if m:
        entry = re.compile(rf"(?m)^(\s*(?:{re.escape(quoted_key)}|'{re.escape(key)}')\s*=\s*\[)([^\]\n]*)(\])")
        e = entry.search(text, m.end())
        nxt = re.compile(r"(?m)^\[").search(text, m.end())
        if e and (nxt is None or e.start() < nxt.start()):
            items = [s.strip() for s in e.group(2).split(",") if s.strip()]
            return text[:e.start()] + e.group(1) + ", ".join(items + [json.dumps(code)]) + e.group(3) + text[e.end():]
        return text[:m.end()] + f"{nl}{quoted_key} = [{json.dumps(code)}]" + text[m.end():]
    prefix = text if text.endswith(("\n", "\r")) else text + nl
    return f"{prefix}{nl}[tool.replylint.per-file-ignores]{nl}{quoted_key} = [{json.dumps(code)}]{nl}"


# --- entry point -------------------------------------------------------------------------

def ignore_rule(doc_path: str, code: str, config_path: str | None, config_text: str | None, new_config_dir: str) -> ConfigEdit | None:
    """The edit that makes the config ignore `code` for `doc_path`.

    `config_path`/`config_text`: the config that applies to the document now
    (None: there is none, and `.replylint.yaml` is created in `new_config_dir`).
    Returns None when no edit can be made safely.
    """
    if config_path is None:
        path = str(Path(new_config_dir) / NEW_CONFIG_NAME)
        key = pattern_for(doc_path, new_config_dir)
        new = f"per-file-ignores:\n  {json.dumps(key, ensure_ascii=False)}: [{code}]\n"
        return ConfigEdit(path, True, "", new) if _checked("", new, path, key, code) else None
    old = config_text if config_text is not None else Path(config_path).read_text(encoding="utf-8")
    key = pattern_for(doc_path, str(Path(config_path).parent))
    if Path(config_path).name == "pyproject.toml":
        if not _REPLYLINT_TABLE.search(old) and not _PFI_TABLE.search(old):
            return None
        new = _toml_textual(old, key, code)
        return ConfigEdit(config_path, False, old, new) if _checked(old, new, config_path, key, code) else None
    new = _yaml_textual(old, key, code)
    if not _checked(old, new, config_path, key, code):
        new = _yaml_rewrite(old, key, code) or ""
        if not new or not _checked(old, new, config_path, key, code):
            return None
    return ConfigEdit(config_path, False, old, new)


def minimal_change(old: str, new: str) -> tuple[int, int, str]:
    """One replacement turning `old` into `new`: (start, end) in `old` and the inserted text."""
    start = 0
    limit = min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    end_old, end_new = len(old), len(new)
    while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
        end_old -= 1
        end_new -= 1
    return start, end_old, new[start:end_new]
