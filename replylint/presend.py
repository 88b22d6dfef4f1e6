"""The pre-send verdict: should this reply go out? block, warn or allow.

`presend(text, context=..., lang=..., policy=...)` lints one reply, asks the
policy what each finding means (block / warn / allow), and returns a `Verdict`
with the findings and the reply with safe fixes applied (by `replylint.fix`).

The policy is two lists of keys, `block` and `warn`, read from the config's
`presend:` mapping. A key names findings by category id, rule code or code
prefix, rule name, severity (error / warning / info: exactly that severity) or
ALL. A finding that matches a `block` key blocks; otherwise one that matches a
`warn` key warns; otherwise it is reported and allowed. The reply's action is
the strongest of its findings' (a reply with no findings is allowed).

Default policy (docs/presend.md): block threatening, hostile-language,
calm-down and every error-severity finding; warn on warning-severity findings;
info findings are reported but allowed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from .api import get_ruleset, lint
from .categories import CATEGORIES
from .config import Config, ConfigError, keys_match
from .engine import LanguageNotLinted
from .model import Diagnostic, Severity
from .ruleset import Ruleset

BLOCK, WARN, ALLOW = "block", "warn", "allow"
ACTIONS = (BLOCK, WARN, ALLOW)
_RANK = {ALLOW: 0, WARN: 1, BLOCK: 2}

DEFAULT_BLOCK: tuple[str, ...] = ("threatening", "hostile-language", "calm-down", "error")
DEFAULT_WARN: tuple[str, ...] = ("warning",)
POLICY_KEYS = ("block", "warn")

_SEVERITIES = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO}
_CODE_PREFIX = re.compile(r"^[A-Za-z]+\d+$")


def _key_matches(key: str, d: Diagnostic) -> bool:
    sev = _SEVERITIES.get(key.strip().lower())
    if sev is not None:
        return d.severity == sev
    return keys_match([key], d.code, d.name, d.category)


@dataclass(frozen=True, slots=True)
class Policy:
    """Which findings block sending and which warn (keys as in `select`, plus severities)."""

    block: tuple[str, ...] = DEFAULT_BLOCK
    warn: tuple[str, ...] = DEFAULT_WARN

    @classmethod
    def default(cls) -> "Policy":
        return cls()

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None) -> "Policy":
        """A policy from `{block: [...], warn: [...]}`; an omitted list keeps its default."""
        data = data or {}
        unknown = [k for k in data if k not in POLICY_KEYS]
        if unknown:
            raise ValueError(f"unknown presend key(s) {', '.join(map(repr, unknown))} (known: block, warn)")
        values: dict[str, tuple[str, ...]] = {}
        for name in POLICY_KEYS:
            if name not in data:
                continue
            raw = data[name]
            if raw is None:
                raw = []
            if isinstance(raw, str):
                raw = [k for k in raw.split(",")]
            if not isinstance(raw, (list, tuple)) or not all(isinstance(k, str) for k in raw):
                raise ValueError(f"presend '{name}' must be a list of categories, rule codes, rule names or severities")
            values[name] = tuple(k.strip() for k in raw if k.strip())
        return cls(**values)

    @classmethod
    def from_config(cls, config: Config | None) -> "Policy":
        if config is None or not config.presend:
            return cls()
        try:
            return cls.from_mapping(config.presend)
        except ValueError as exc:
            raise ConfigError(config.path or "<config>", _line_of(config.path, "presend"), str(exc)) from None

    def action_for(self, d: Diagnostic) -> str:
        if any(_key_matches(k, d) for k in self.block):
            return BLOCK
        if any(_key_matches(k, d) for k in self.warn):
            return WARN
        return ALLOW

    def unknown_keys(self, ruleset: Ruleset) -> list[str]:
        """Keys that name nothing: no severity, category, loaded rule or code prefix with digits.

        A typo in a safety gate ("threating") must not silently block nothing.
        """
        rules = ruleset.rules()
        out: list[str] = []
        for key in (*self.block, *self.warn):
            k = key.strip()
            if k.lower() in _SEVERITIES or k.upper() == "ALL" or k.lower() in CATEGORIES or _CODE_PREFIX.match(k):
                continue
            if any(keys_match([k], r.code, r.name, r.category) for r in rules):
                continue
            out.append(k)
        return out

    def as_dict(self) -> dict[str, list[str]]:
        return {"block": list(self.block), "warn": list(self.warn)}


@dataclass(frozen=True, slots=True)
class Verdict:
    """What to do with a reply before it is sent."""

    action: str  # block | warn | allow
    findings: tuple[Diagnostic, ...]
    fixed_text: str  # the reply with safe fixes applied (the reply itself when there are none)
    finding_actions: tuple[str, ...] = ()  # the policy's action for each finding, in order
    fixes_applied: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)  # e.g. "not linted: no ruleset for language 'fr'"

    @property
    def blocked(self) -> bool:
        return self.action == BLOCK

    @property
    def reasons(self) -> tuple[Diagnostic, ...]:
        """The findings that decided the action (empty when allowed)."""
        if self.action == ALLOW:
            return ()
        return tuple(d for d, a in zip(self.findings, self.finding_actions) if a == self.action)

    def summary(self) -> str:
        n = len(self.findings)
        counts = {a: self.finding_actions.count(a) for a in ACTIONS}
        if self.action == BLOCK:
            codes = ", ".join(dict.fromkeys(f"{d.code} {d.category}" for d in self.reasons))
            return f"block: do not send this reply ({counts[BLOCK]} blocking finding{'s' if counts[BLOCK] != 1 else ''}: {codes})"
        if self.action == WARN:
            return f"warn: review before sending ({counts[WARN]} finding{'s' if counts[WARN] != 1 else ''} to review)"
        if n:
            return f"allow: ok to send ({n} minor finding{'s' if n != 1 else ''})"
        return "allow: ok to send (no findings)"


def _line_of(path: str | None, needle: str) -> int:
    if not path:
        return 1
    try:
        with open(path, encoding="utf-8") as fh:
            for i, line in enumerate(fh, 1):
                if needle in line:
                    return i
    except OSError:
        pass
    return 1


_CHECKED: dict[tuple[int, int], Policy] = {}


def check_policy(policy: Policy, config: Config | None) -> None:
    """Raise `ConfigError` when a policy key names nothing (cached per policy and ruleset)."""
    ruleset = get_ruleset(config)
    key = (hash(policy), id(ruleset))
    if _CHECKED.get(key) == policy:
        return
    bad = policy.unknown_keys(ruleset)
    if bad:
        where = (config.path if config and config.path else "<policy>")
        raise ConfigError(where, _line_of(config.path if config else None, bad[0]),
                          f"presend policy key(s) {', '.join(map(repr, bad))} name no category, rule, code or severity")
    if len(_CHECKED) > 64:
        _CHECKED.clear()
    _CHECKED[key] = policy


def _apply_safe_fixes(text: str, findings: tuple[Diagnostic, ...], context: str | None, lang: str | None,
                      config: Config | None) -> tuple[str, int]:
    """The reply with safe fixes applied, by the fixer (`replylint.fix`); skips the work when none applies."""
    from .fixer import fix_text, fixable

    if not any(fixable(d, False) is not None for d in findings):
        return text, 0

    def run_lint(t: str) -> list[Diagnostic]:
        return lint(t, context=context, lang=lang, config=config)

    run = fix_text(text, run_lint, unsafe=False, first=list(findings))  # what fix(text) does, minus linting `text` again
    return run.text, len(run.applied)


def presend(text: str, *, context: str | None = None, lang: str | None = None,
            policy: Policy | Mapping[str, Any] | None = None, config: Config | None = None) -> Verdict:
    """Decide whether a reply may be sent: block, warn or allow.

    `context` is the customer's message; `lang` forces a language. `policy` is a
    `Policy`, a `{block: [...], warn: [...]}` mapping, or None for the config's
    `presend:` policy (the default policy when the config has none). `config`
    defaults to replylint's defaults (no config file is discovered).
    A reply in a language with no ruleset is allowed with a note.
    Raises `ConfigError` for a policy key that names nothing.
    """
    if policy is None:
        pol = Policy.from_config(config)
    elif isinstance(policy, Policy):
        pol = policy
    else:
        try:
            pol = Policy.from_mapping(policy)
        except ValueError as exc:
            raise ConfigError("<policy>", 1, str(exc)) from None
    check_policy(pol, config)
    try:
        findings = tuple(lint(text, context=context, lang=lang, config=config))
    except LanguageNotLinted as exc:
        return Verdict(ALLOW, (), text, notes=(f"not linted: no ruleset for language '{exc.args[0]}'",))
    actions = tuple(pol.action_for(d) for d in findings)
    action = max(actions, key=_RANK.__getitem__, default=ALLOW)
    fixed, applied = _apply_safe_fixes(text, findings, context, lang, config)
    return Verdict(action, findings, fixed, actions, applied)


def verdict_json(v: Verdict) -> dict[str, Any]:
    """The verdict as the CLI's `--format json` and the HTTP API's /v1/presend answer."""
    from .formatters.json import finding

    return {
        "action": v.action,
        "summary": v.summary(),
        "findings": [finding(d) for d in v.findings],
        "finding_actions": list(v.finding_actions),
        "fixed_text": v.fixed_text,
        "fixes_applied": v.fixes_applied,
        "notes": list(v.notes),
    }
