"""Finding the files to lint and reading them safely.

Directories are walked recursively for the reply file types the readers know,
skipping VCS folders, virtualenvs, build output and hidden folders, plus the
config's `exclude` globs. Symlink loops are not followed twice. Reading never
raises past this module: a file that cannot be read becomes a `FileProblem`.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .document import Source

SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox", ".mypy_cache",
                       ".pytest_cache", ".ruff_cache", "build", "dist", "site-packages", ".eggs"})
STDIN = "-"
# A single reply (not a batch) larger than this is skipped with a note: no real
# reply is megabytes long, and reading one whole would cost memory for nothing.
MAX_REPLY_BYTES = 2 * 1024 * 1024
BATCH_SUFFIXES = (".jsonl", ".ndjson")


@dataclass(frozen=True, slots=True)
class FileProblem:
    path: str
    message: str
    fatal: bool = True  # False: skipped with a note (binary files)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def discover(paths: list[str], extensions: tuple[str, ...], excluded=lambda p: False) -> Iterator[str | FileProblem]:
    """Yield file paths to lint, in a stable order, or problems for missing paths."""
    for raw in paths:
        if raw == STDIN:
            yield STDIN
            continue
        p = Path(raw)
        if p.is_dir():
            seen: set[tuple[int, int]] = set()
            for root, dirs, files in os.walk(p, followlinks=True):
                try:
                    st = os.stat(root)
                    key = (st.st_dev, st.st_ino)
                except OSError:
                    continue
                if key in seen:
                    dirs[:] = []
                    continue
                seen.add(key)
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
                for name in sorted(files):
                    full = os.path.join(root, name)
                    if name.lower().endswith(extensions) and not excluded(full):
                        yield full
        elif p.exists():
            yield raw
        else:
            yield FileProblem(raw, "no such file or directory")


@dataclass(frozen=True, slots=True)
class Loaded:
    source: Source
    raw: bytes
    encoding: str


def read(path: str, stdin_bytes: bytes | None = None, stdin_name: str | None = None) -> Loaded | FileProblem:
    """Read and decode one file as UTF-8 (BOM kept in the text, skipped by readers)."""
    try:
        if path == STDIN:
            data = stdin_bytes if stdin_bytes is not None else b""
        else:
            with open(path, "rb") as fh:
                size = os.fstat(fh.fileno()).st_size
                if size > MAX_REPLY_BYTES and not path.lower().endswith(BATCH_SUFFIXES):
                    return FileProblem(path, f"skipped: {size / 1048576:.1f} MB is over the {MAX_REPLY_BYTES // 1048576} MB limit for one reply", fatal=False)
                data = fh.read()
    except IsADirectoryError:
        return FileProblem(path, "is a directory")
    except PermissionError:
        return FileProblem(path, "cannot read: permission denied")
    except OSError as exc:
        return FileProblem(path, f"cannot read: {exc.strerror or exc}")
    if b"\x00" in data[:8192]:
        return FileProblem(path, "skipped: binary file", fatal=False)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return FileProblem(path, f"invalid UTF-8 at byte offset {exc.start}")
    name = (stdin_name or "<stdin>") if path == STDIN else path
    return Loaded(Source(name, text), data, "utf-8-sig" if text.startswith("\ufeff") else "utf-8")
