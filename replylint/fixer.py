"""Applying suggestions: `check --fix`, `--unsafe-fixes`, `--diff`, and the library's `fix()`.

The fixer knows nothing about file formats. Every suggestion carries edits in
source offsets whose replacements the reader's view has already encoded (JSON
escapes, HTML escapes), so applying a fix is splicing strings into the decoded
source text and encoding it back exactly as it was read.

Guarantees (each has a test in tests/test_fix.py):

- only `safe` suggestions are applied, plus `unsafe` ones when asked; a
  `display-only` suggestion is never applied;
- per finding, the first suggestion allowed by the tier is used; a suggestion's
  edits are applied all together or not at all;
- edits that overlap or touch an edit already taken in this pass are skipped,
  and the text is linted again and fixed again until nothing changes, at most
  `MAX_PASSES` times;
- an edit that would touch a template placeholder in the source is refused even
  if a rule marked it safe (belt and braces: the engine already makes those
  display-only);
- bytes outside the edited spans are untouched: the file is decoded as UTF-8
  without newline translation (a BOM stays in the text), edited, and encoded
  back; a replacement's line breaks follow the file's (CRLF or LF);
- a fix that would make the file unreadable for its reader is not written;
- writes are atomic (a temporary file in the same folder, then `os.replace`),
  keep the file's permission bits, and are refused if the file changed on disk
  since it was read.
"""
from __future__ import annotations

import difflib
import os
import stat
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

import regex

from .model import Applicability, Diagnostic, Edit, Suggestion
from .templates import find_placeholders

MAX_PASSES = 10

Lint = Callable[[str], list[Diagnostic]]


@dataclass(frozen=True, slots=True)
class FixResult:
    """What `replylint.fix()` returns.

    `text`: the reply with the fixes applied; `applied`: the findings that were
    fixed (each positioned in the text of the pass that fixed it); `remaining`:
    the findings of the fixed text (positions into `text`).
    """

    text: str
    applied: list[Diagnostic] = field(default_factory=list)
    remaining: list[Diagnostic] = field(default_factory=list)


@dataclass(slots=True)
class FixRun:
    text: str
    applied: list[Diagnostic]
    remaining: list[Diagnostic]
    passes: int
    settled: bool


def allowed(s: Suggestion, unsafe: bool) -> bool:
    """Whether a suggestion may be applied automatically at this tier."""
    if not s.edits:
        return False
    if s.applicability is Applicability.SAFE:
        return True
    return unsafe and s.applicability is Applicability.UNSAFE


def fixable(d: Diagnostic, unsafe: bool) -> Suggestion | None:
    """The suggestion `--fix` (with `unsafe`: `--fix --unsafe-fixes`) would apply for `d`."""
    for s in d.suggestions:
        if allowed(s, unsafe):
            return s
    return None


def _newline(text: str) -> str:
    crlf = text.count("\r\n")
    return "\r\n" if crlf and crlf * 2 >= text.count("\n") else "\n"


def _touches(a: Edit, b: Edit) -> bool:
    """Overlapping or adjacent edits (two insertions at one point included) conflict."""
    return a.offset <= b.end and b.offset <= a.end


def _placeholder_spans(text: str) -> list[tuple[int, int]]:
    return [(s, e) for s, e, _ in find_placeholders(text)]


def _hits_placeholder(e: Edit, spans: Sequence[tuple[int, int]]) -> bool:
    if e.length == 0:
        return any(s < e.offset < t for s, t in spans)
    return any(s < e.end and e.offset < t for s, t in spans)


def apply_suggestions(text: str, chosen: Iterable[tuple[Diagnostic, Suggestion]]) -> tuple[str, list[Diagnostic]]:
    """Apply non-conflicting suggestions to `text`; return the new text and the findings fixed."""
    n = len(text)
    nl = _newline(text)
    placeholders: list[tuple[int, int]] | None = None
    taken: list[Edit] = []
    fixed: list[Diagnostic] = []
    order = sorted(chosen, key=lambda p: (min(e.offset for e in p[1].edits), max(e.end for e in p[1].edits), p[0].code))
    for d, s in order:
        edits = sorted(s.edits, key=lambda e: (e.offset, e.end))
        if any(e.offset < 0 or e.length < 0 or e.end > n for e in edits):
            continue
        if any(_touches(a, b) for a, b in zip(edits, edits[1:])):
            continue
        if all(text[e.offset:e.end] == e.replacement for e in edits):
            continue  # a no-op is not a fix
        if any(_touches(e, t) for e in edits for t in taken):
            continue
        if placeholders is None:
            placeholders = _placeholder_spans(text)
        if any(_hits_placeholder(e, placeholders) for e in edits):
            continue
        if nl == "\r\n":
            edits = [Edit(e.offset, e.length, regex.sub(r"(?<!\r)\n", "\r\n", e.replacement)) for e in edits]
        taken.extend(edits)
        fixed.append(d)
    if not taken:
        return text, []
    out = text
    for e in sorted(taken, key=lambda e: e.offset, reverse=True):
        out = out[:e.offset] + e.replacement + out[e.end:]
    return out, fixed


def fix_text(text: str, lint: Lint, *, unsafe: bool = False, first: list[Diagnostic] | None = None,
             max_passes: int = MAX_PASSES) -> FixRun:
    """Fix `text` until stable: lint, apply what the tier allows, lint again (at most `max_passes` times).

    `lint` maps a text to its findings; `first` is the findings of `text` when
    they are already known. Exceptions from `lint` (the edited text no longer
    reads as its format) propagate to the caller.
    """
    diags = list(first) if first is not None else lint(text)
    applied: list[Diagnostic] = []
    passes = 0
    settled = True
    while True:
        chosen = [(d, s) for d in diags if (s := fixable(d, unsafe)) is not None]
        if not chosen:
            break
        if passes >= max_passes:
            settled = False
            break
        new, fixed = apply_suggestions(text, chosen)
        if not fixed or new == text:
            break
        passes += 1
        text = new
        applied.extend(fixed)
        diags = lint(text)
    return FixRun(text, applied, diags, passes, settled)


# --- files -------------------------------------------------------------------------


def unified_diff(path: str, old: str, new: str) -> str:
    """A unified diff of one file (lines split on LF only; CR and BOM kept as they are)."""
    a = regex.findall(r"[^\n]*\n|[^\n]+$", old)
    b = regex.findall(r"[^\n]*\n|[^\n]+$", new)
    out: list[str] = []
    for line in difflib.unified_diff(a, b, fromfile=path, tofile=path):
        out.append(line)
        if not line.endswith("\n"):
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)


class FixWriteError(Exception):
    pass


def write_atomic(path: str, data: bytes, expected: bytes | None = None) -> None:
    """Replace `path`'s contents with `data` atomically, keeping its permission bits.

    With `expected`, refuse (FixWriteError) when the file no longer holds those
    bytes (edited by someone else since it was read). Symlinks are followed: the
    target is replaced, the link kept.
    """
    target = os.path.realpath(path)
    try:
        st = os.stat(target)
        if expected is not None:
            with open(target, "rb") as fh:
                if fh.read() != expected:
                    raise FixWriteError("changed on disk while being linted; not written")
    except OSError as exc:
        raise FixWriteError(f"cannot write: {exc.strerror or exc}") from None
    folder = os.path.dirname(target) or "."
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".replylint.tmp", dir=folder)
    except OSError as exc:
        raise FixWriteError(f"cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        if hasattr(os, "chown") and (st.st_uid, st.st_gid) != (os.getuid(), os.getgid()):
            try:
                os.chown(tmp, st.st_uid, st.st_gid)
            except OSError:
                pass
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise FixWriteError(f"cannot write: {exc.strerror or exc}") from None
        raise


def apply_to_results(results, opts, resolver) -> tuple[int, list[Diagnostic], list[str]]:
    """The CLI's `--fix` / `--diff`: fix each linted file; return (fixed, remaining, errors).

    With `--fix` the files are rewritten and `remaining` is the findings of the
    fixed files. With `--diff` nothing is written, the diff goes to stdout and
    `remaining` is the findings of the files as they are on disk (all of them
    still there), while the count is what `--fix` would fix. Standard input
    under `--fix` gets the fixed text on stdout.
    """
    from .api import lint_source
    from .document import Source
    from .files import STDIN
    from .readers import InputError, ReadOptions

    context = None
    if opts.context_file:
        try:
            context = Path(opts.context_file).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            context = None
    unsafe = bool(opts.unsafe_fixes)
    fixed = 0
    remaining: list[Diagnostic] = []
    errors: list[str] = []
    for r in results:
        loaded = r.loaded
        if loaded is None or r.error:
            remaining.extend(r.diagnostics)
            continue
        source = loaded.source
        cfg = resolver.for_path(r.path)
        options = ReadOptions(context=context, lang=opts.lang, macro_fields=tuple(cfg.macro_fields))

        def lint(text: str, _path=source.path, _options=options, _cfg=cfg) -> list[Diagnostic]:
            return lint_source(Source(_path, text), options=_options, config=_cfg)[0]

        try:
            run = fix_text(source.text, lint, unsafe=unsafe, first=r.diagnostics)
        except (InputError, TimeoutError) as exc:
            errors.append(f"{source.path}: not fixed: the fixed text would not read back ({exc}); nothing written")
            remaining.extend(r.diagnostics)
            continue
        if not run.settled:
            errors.append(f"{source.path}: fixes did not settle after {MAX_PASSES} passes (a rule's fix re-creates a finding); "
                          f"{'the result so far is shown' if opts.diff else 'the fixes so far were written'}")
        changed = run.text != source.text
        data = run.text.encode("utf-8")
        if opts.diff:
            if changed:
                sys.stdout.write(unified_diff(source.path, source.text, run.text))
                sys.stdout.flush()
            fixed += len(run.applied)
            remaining.extend(r.diagnostics)
            continue
        if r.path == STDIN:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        elif changed:
            try:
                write_atomic(r.path, data, expected=loaded.raw)
            except FixWriteError as exc:
                errors.append(f"{source.path}: {exc}")
                remaining.extend(r.diagnostics)
                continue
        fixed += len(run.applied)
        remaining.extend(run.remaining)
    return fixed, remaining, errors


def fix(text: str, *, context: str | None = None, lang: str | None = None, config=None, unsafe: bool = False) -> FixResult:
    """Lint one reply and apply its safe fixes (with `unsafe=True`, the unsafe ones too).

    Returns `FixResult(text, applied, remaining)`. Display-only suggestions are
    never applied. Raises `LanguageNotLinted` like `lint()`.
    """
    from .api import lint

    def run_lint(t: str) -> list[Diagnostic]:
        return lint(t, context=context, lang=lang, config=config)

    run = fix_text(text, run_lint, unsafe=unsafe)
    return FixResult(run.text, run.applied, run.remaining)
