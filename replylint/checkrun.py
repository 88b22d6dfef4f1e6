"""`replylint check`: find files, apply config, lint, report, choose the exit status.

Kept apart from `cli.py` so that the option parsing stays thin and this flow
can be tested and extended (fixes, baselines, parallel jobs) in one place.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import click

from .api import get_linter, lint_source
from .config import Config, ConfigError, discover as discover_config, load_file, merge_cli
from .engine import RuleTimeout
from .files import STDIN, FileProblem, Loaded, discover as discover_files, read as read_file
from .formatters import Report, get as get_formatter
from .model import Diagnostic, Severity
from .readers import DEFAULT_EXTENSIONS, InputError, ReadOptions
from .ruleset import RulesetError

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


@dataclass(slots=True)
class CheckOptions:
    paths: list[str]
    fmt: str = "text"
    color: bool = False
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_level: str | None = None
    exit_zero: bool = False
    context_file: str | None = None
    lang: str | None = None
    statistics: bool = False
    quiet: bool = False
    config_file: str | None = None
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False
    baseline: str | None = None
    write_baseline: str | None = None
    jobs: int | None = None
    stdin_filename: str | None = None


@dataclass(slots=True)
class FileResult:
    path: str
    loaded: Loaded | None
    diagnostics: list[Diagnostic]
    notes: list[str]
    error: str | None = None


def _error(message: str) -> int:
    click.echo(f"replylint: error: {message}", err=True)
    return EXIT_ERROR


class ConfigResolver:
    """The effective Config for each file: --config, else discovered upward; CLI options on top."""

    def __init__(self, opts: CheckOptions) -> None:
        self.opts = opts
        self.fixed: Config | None = load_file(opts.config_file) if opts.config_file else None
        self._cache: dict[str | None, Config] = {}

    def for_path(self, path: str) -> Config:
        if path == STDIN:
            path = self.opts.stdin_filename or str(Path.cwd())
        base = self.fixed if self.fixed is not None else discover_config(Path(path))
        key = base.path
        if key not in self._cache:
            o = self.opts
            self._cache[key] = merge_cli(base, select=o.select, ignore=list(base.ignore) + o.ignore if o.ignore else None,
                                         fail_level=o.fail_level, lang=o.lang)
        return self._cache[key]


def lint_file(path: str, cfg: Config, options: ReadOptions, stdin_bytes: bytes | None = None,
              stdin_name: str | None = None) -> FileResult:
    loaded = read_file(path, stdin_bytes, stdin_name)
    if isinstance(loaded, FileProblem):
        if loaded.fatal:
            return FileResult(path, None, [], [], str(loaded))
        return FileResult(path, None, [], [str(loaded)])
    try:
        diags, notes = lint_source(loaded.source, options=options, config=cfg)
    except InputError as exc:
        line = f":{exc.line}" if exc.line else ""
        return FileResult(path, loaded, [], [], f"{loaded.source.path}{line}: {exc}")
    except RuleTimeout as exc:
        return FileResult(path, loaded, [], [], f"{exc} (while linting {loaded.source.path})")
    return FileResult(path, loaded, diags, notes)


PARALLEL_MIN_FILES = 48  # below this, starting worker processes costs more than it saves


def _lint_one(resolver: "ConfigResolver", path: str, context: str | None, stdin_bytes: bytes | None, lang: str | None) -> FileResult:
    cfg = resolver.for_path(path)
    options = ReadOptions(context=context, lang=lang, macro_fields=tuple(cfg.macro_fields))
    return lint_file(path, cfg, options, stdin_bytes, resolver.opts.stdin_filename)


_WORKER: dict[str, object] = {}


def _lint_chunk(paths: list[str]) -> list[FileResult]:
    w = _WORKER
    return [_lint_one(w["resolver"], p, w["context"], None, w["lang"]) for p in paths]  # type: ignore[arg-type]


def lint_files(files: list[str], resolver: "ConfigResolver", context: str | None, stdin_bytes: bytes | None,
               opts: CheckOptions) -> list[FileResult]:
    """Lint every file, in worker processes (`--jobs`, default all cores) when there are many."""
    jobs = opts.jobs if opts.jobs and opts.jobs > 0 else (os.cpu_count() or 1)
    if jobs <= 1 or len(files) < PARALLEL_MIN_FILES or STDIN in files:
        return [_lint_one(resolver, f, context, stdin_bytes, opts.lang) for f in files]
    import multiprocessing as mp  # only for many files: it costs start-up time
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in mp.get_all_start_methods():
        return [_lint_one(resolver, f, context, stdin_bytes, opts.lang) for f in files]
    # Load and compile the rules once in the parent; forked workers inherit them.
    for f in files[:1]:
        get_linter(resolver.for_path(f))
    _WORKER.update(resolver=resolver, context=context, lang=opts.lang)
    size = max(8, len(files) // (jobs * 4))
    chunks = [files[i:i + size] for i in range(0, len(files), size)]
    with ProcessPoolExecutor(max_workers=jobs, mp_context=mp.get_context("fork")) as pool:
        return [r for chunk in pool.map(_lint_chunk, chunks) for r in chunk]


def run_check(opts: CheckOptions) -> int:
    try:
        resolver = ConfigResolver(opts)
    except ConfigError as exc:
        return _error(str(exc))
    context = None
    if opts.context_file:
        try:
            context = Path(opts.context_file).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            return _error(f"{opts.context_file}: cannot read context: {exc}")
    stdin_bytes = sys.stdin.buffer.read() if STDIN in opts.paths else None

    results: list[FileResult] = []
    errors: list[str] = []
    notes: list[str] = []
    try:
        first_cfg = resolver.for_path(opts.paths[0])
        targets = list(discover_files(opts.paths, DEFAULT_EXTENSIONS, first_cfg.excluded))
        files = []
        for target in targets:
            if isinstance(target, FileProblem):
                errors.append(str(target))
            else:
                files.append(target)
        results = lint_files(files, resolver, context, stdin_bytes, opts)
    except (ConfigError, RulesetError) as exc:
        return _error(str(exc))

    diagnostics: list[Diagnostic] = []
    for r in results:
        if r.error:
            errors.append(r.error)
        notes.extend(r.notes)
        diagnostics.extend(r.diagnostics)

    fixed = 0
    if opts.fix or opts.diff:
        from .fixer import apply_to_results  # issue: fixes

        fixed, diagnostics, fix_errors = apply_to_results(results, opts, resolver)
        errors.extend(fix_errors)
    if opts.write_baseline:
        from .baseline import write_baseline

        write_baseline(opts.write_baseline, results)
    if opts.baseline:
        from .baseline import filter_with_baseline

        try:
            diagnostics = filter_with_baseline(opts.baseline, results, diagnostics)
        except ValueError as exc:
            return _error(str(exc))

    report = Report(diagnostics, notes=notes, errors=errors, files=len(results), statistics=opts.statistics,
                    quiet=opts.quiet, color=opts.color, fixed=fixed, diff=opts.diff)
    out = get_formatter(opts.fmt).render(report)
    if out and not (opts.diff and opts.fmt == "text" and not diagnostics):
        # --diff (and --fix on stdin) put the diff (the fixed text) on stdout: the report goes to stderr.
        (sys.stderr if opts.diff or (opts.fix and STDIN in opts.paths) else sys.stdout).write(out)
    for note in notes:
        click.echo(f"replylint: note: {note}", err=True)
    for err in errors:
        click.echo(f"replylint: error: {err}", err=True)
    if errors:
        return EXIT_ERROR
    if opts.exit_zero or (opts.write_baseline and not opts.baseline):
        # Recording a baseline accepts today's findings: that run succeeds.
        return EXIT_OK
    floor = Severity.parse(opts.fail_level) if opts.fail_level else first_cfg.severity_floor()
    return EXIT_FINDINGS if any(d.severity >= floor for d in diagnostics) else EXIT_OK
