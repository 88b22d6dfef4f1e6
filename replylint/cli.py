"""The command line: the only module that touches argv, files, stdout and exit codes.

Exit status: 0 nothing at or above the fail level, 1 findings, 2 usage, config,
ruleset or input errors (one clear line each, never a traceback).
Subcommands other than `check`, `rules` and `explain` live in their own
modules and are imported only when used (`LAZY_COMMANDS`).
"""
from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import Any

import click

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

# name -> "module:attribute" of a click command, imported on first use.
LAZY_COMMANDS: dict[str, str] = {"lsp": "replylint.lsp.command:lsp"}
LAZY_COMMANDS["presend"] = "replylint.server.commands:presend_command"  # issue 6: the pre-send gate
LAZY_COMMANDS["serve"] = "replylint.server.commands:serve_command"  # issue 6: the HTTP service


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(LAZY_COMMANDS))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in LAZY_COMMANDS:
            module, attr = LAZY_COMMANDS[name].split(":")
            return getattr(importlib.import_module(module), attr)
        return super().get_command(ctx, name)


def fail(message: str) -> "NoReturn":  # type: ignore[name-defined]  # noqa: F821
    click.echo(f"replylint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def split_keys(values: tuple[str, ...]) -> list[str]:
    return [k.strip() for v in values for k in v.split(",") if k.strip()]


def use_color(flag: bool | None) -> bool:
    if flag is not None:
        return flag
    if os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="replylint", prog_name="replylint")
def main() -> None:
    """replylint: lint customer-support replies before they are sent."""


FORMAT_CHOICES = ["text", "json"]


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", default="text", show_default=True, help="Output format (text, json, and any registered format).")
@click.option("--select", multiple=True, help="Only these rules: codes, code prefixes, names or categories (comma-separated).")
@click.option("--ignore", multiple=True, help="Skip these rules: codes, code prefixes, names or categories (comma-separated).")
@click.option("--fail-level", type=click.Choice(["error", "warning", "info"]), default=None, help="Exit 1 when a finding is at or above this severity [default: warning].")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--context", "context_file", type=click.Path(dir_okay=False), help="File holding the customer's message the reply answers.")
@click.option("--lang", default=None, help="Language of the replies (en, id, ...); default: detect per reply.")
@click.option("--statistics", is_flag=True, help="Count findings per rule.")
@click.option("--quiet", "-q", is_flag=True, help="Only the findings, one line each; no summary.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Use this config file instead of discovering one.")
@click.option("--color/--no-color", default=None, help="Colour the output [default: only on a terminal, and never with NO_COLOR].")
@click.option("--fix", is_flag=True, help="Apply safe fixes in place.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff, also apply unsafe (rewording) fixes.")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff; write nothing.")
@click.option("--baseline", type=click.Path(dir_okay=False), help="Report only findings not recorded in this baseline file.")
@click.option("--write-baseline", type=click.Path(dir_okay=False), help="Record today's findings in this baseline file.")
@click.option("--jobs", "-j", type=int, default=None, help="Lint files in this many processes [default: all cores].")
@click.option("--stdin-filename", default=None, help="With '-': the path stdin stands for (picks the reader, config and reported path).")
def check(paths: tuple[str, ...], fmt: str, **kw: Any) -> None:
    """Lint reply files, folders, JSONL batches or stdin ('-')."""
    from .checkrun import CheckOptions, run_check

    if not paths:
        fail("no paths given (use '-' to read stdin)")
    from .formatters import FORMATS
    if fmt not in FORMATS:
        fail(f"unknown format '{fmt}' (choose from {', '.join(sorted(FORMATS))})")
    kw["select"] = split_keys(kw["select"])
    kw["ignore"] = split_keys(kw["ignore"])
    opts = CheckOptions(paths=list(paths), fmt=fmt, color=use_color(kw.pop("color")), **kw)
    sys.exit(run_check(opts))


@main.command()
@click.option("--lang", default=None, help="Only this language's rules.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Config whose extra rulesets to include.")
def rules(lang: str | None, fmt: str, config_file: str | None) -> None:
    """List every rule: code, name, category, severity, language."""
    import json

    ruleset = _load_ruleset(config_file)
    items = [r for r in ruleset.rules() if lang is None or r.lang == lang]
    items.sort(key=lambda r: r.code)
    from .macrolint import CATEGORY as TEMPLATE_CATEGORY, RULES as TEMPLATE_RULES

    templates = sorted(TEMPLATE_RULES.values(), key=lambda t: t.code)
    if fmt == "json":
        rows = [{"code": r.code, "name": r.name, "category": r.category, "severity": str(r.severity),
                 "lang": r.lang, "kind": r.kind, "message": r.message} for r in items]
        rows += [{"code": t.code, "name": t.name, "category": TEMPLATE_CATEGORY, "severity": str(t.severity),
                  "lang": None, "kind": "template", "message": t.message} for t in templates]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for r in items:
        click.echo(f"{r.code:8} {r.lang:3} {str(r.severity):8} {r.category:18} {r.name}")
    for t in templates:  # template checks of macro files (docs/formats.md)
        click.echo(f"{t.code:8} {'-':3} {str(t.severity):8} {TEMPLATE_CATEGORY:18} {t.name}")


@main.command()
@click.argument("rule")
@click.option("--config", "config_file", type=click.Path(dir_okay=False))
def explain(rule: str, config_file: str | None) -> None:
    """Explain a rule (by code or name): why, examples, fix."""
    from .ruleset import parse_marked

    ruleset = _load_ruleset(config_file)
    found = [r for r in ruleset.rules() if rule.upper() == r.code or rule.lower() == r.name]
    if not found:
        from .macrolint import RULES as TEMPLATE_RULES

        for t in TEMPLATE_RULES.values():
            if rule.upper() == t.code or rule.lower() == t.name:
                click.echo(f"{t.code} {t.name}  [template, {t.severity}]\n\nWhat it finds\n  {t.message}\n\n"
                           "A template check of macro files (Markdown, HTML, JSON, YAML); see docs/formats.md.")
                return
        fail(f"no rule named '{rule}' (see 'replylint rules')")
    for r in found:
        click.echo(f"{r.code} {r.name}  [{r.category}, {r.severity}, {r.lang}]\n")
        click.echo(f"What it finds\n  {r.message}\n")
        click.echo("Why it matters")
        for para in r.rationale.splitlines():
            click.echo(f"  {para}")
        click.echo("\nExample (flagged)")
        for ex in r.bad[:3]:
            text, spans = parse_marked(ex.text)
            shown = " / ".join(text[s:e] for s, e in spans) or "(whole reply)"
            click.echo(f"  {text!s}\n    -> {shown}")
            if ex.fixed:
                click.echo(f"    fixed: {ex.fixed}")
        click.echo("\nExample (fine)")
        for ex in r.good[:3]:
            click.echo(f"  {ex.text}")
        if r.suggestions:
            click.echo("\nFix")
            for s in r.suggestions:
                click.echo(f"  ({s.applicability}) {s.title}")
        elif r.spec.get("insert"):
            click.echo(f"\nFix\n  (display-only) add: {r.spec['insert']}")
        click.echo("")


def _load_ruleset(config_file: str | None):
    from .config import ConfigError, Config, load_file, discover
    from .ruleset import RulesetError
    from .api import get_ruleset

    try:
        cfg: Config = load_file(config_file) if config_file else discover(Path.cwd())
        return get_ruleset(cfg)
    except (ConfigError, RulesetError) as exc:
        fail(str(exc))


if __name__ == "__main__":  # pragma: no cover
    main()
