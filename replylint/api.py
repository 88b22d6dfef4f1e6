"""The library: lint text and files without printing or exiting.

`lint(text, context=..., lang=..., config=...)` is the call a helpdesk or a
script makes. `lint_source` and `lint_path` serve the CLI and the
integrations. Rulesets are loaded once per set of ruleset folders and cached.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .config import Config
from .document import Source
from .engine import LanguageNotLinted, Linter
from .model import Diagnostic
from .readers import ReadOptions, read as read_views
from .readers.base import MacroView
from .ruleset import Ruleset, load as load_rulesets


@lru_cache(maxsize=8)
def _ruleset(dirs: tuple[str, ...]) -> Ruleset:
    return load_rulesets(dirs)


def get_ruleset(config: Config | None = None) -> Ruleset:
    dirs = tuple(str(d) for d in (config.ruleset_dirs() if config else []))
    return _ruleset(dirs)


_LINTERS: dict[int, tuple[Config, Linter]] = {}


def get_linter(config: Config | None = None) -> Linter:
    """A Linter for `config`, reused while the same Config object is passed."""
    cfg = config or _DEFAULT_CONFIG
    hit = _LINTERS.get(id(cfg))
    if hit is not None and hit[0] is cfg:
        return hit[1]
    linter = Linter(get_ruleset(cfg), cfg)
    if len(_LINTERS) > 32:
        _LINTERS.clear()
    _LINTERS[id(cfg)] = (cfg, linter)
    return linter


_DEFAULT_CONFIG = Config()


def lint(text: str, *, context: str | None = None, lang: str | None = None, config: Config | None = None,
         path: str = "<text>") -> list[Diagnostic]:
    """Lint one reply. Positions are offsets into `text`.

    `context` is the customer's message (it decides whether the reply answers
    a complaint); `lang` forces a language ("en", "id") instead of detecting it.
    Raises `LanguageNotLinted` when the reply's language has no ruleset.
    """
    from .readers import text as text_reader

    source = Source(path, text)
    linter = get_linter(config)
    out: list[Diagnostic] = []
    for view in text_reader.read(source, ReadOptions(context=context, lang=lang)):
        out.extend(linter.lint_view(view))
    return out


def lint_source(source: Source, *, options: ReadOptions | None = None, config: Config | None = None) -> tuple[list[Diagnostic], list[str]]:
    """Lint a decoded file with the reader for its type; return findings and notes."""
    linter = get_linter(config)
    cfg = config or _DEFAULT_CONFIG
    ignores = tuple(cfg.ignored_for(source.path))
    out: list[Diagnostic] = []
    notes: list[str] = []
    for view in read_views(source, options or ReadOptions()):
        found: list[Diagnostic] = []
        try:
            found.extend(linter.lint_view(view, ignores))
        except LanguageNotLinted as exc:
            where = f"{source.path}" + (f" record {view.record}" if view.record else "") + (f" macro {view.macro!r}" if view.macro else "")
            code = exc.args[0]
            why = "cannot tell its language" if code == "und" else f"no ruleset for language '{code}'"
            notes.append(f"{where}: not linted: {why} (--lang overrides detection)")
        if isinstance(view, MacroView):
            # macro files only: template diagnostics (TPL...), then hidden-comment suppressions
            from . import macrolint

            found.extend(macrolint.check(view, cfg, ignores))
            found = macrolint.suppressed(view, found)
        out.extend(sorted(found, key=lambda d: (d.offset, d.code)))
    return out, notes


def lint_path(path: str | Path, *, config: Config | None = None, options: ReadOptions | None = None) -> list[Diagnostic]:
    """Lint one file by path (decoded as UTF-8)."""
    p = Path(path)
    return lint_source(Source(str(p), p.read_text(encoding="utf-8-sig")), options=options, config=config)[0]
