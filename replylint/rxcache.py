"""Compiled `regex` patterns kept between runs: parsing patterns is most of a cold start.

The `regex` module parses and compiles a pattern in Python, about 0.5-2 ms each;
a one-file run needs ~150 of them (replylint's own and the rules' patterns).
`compile(pattern, flags)` returns the compiled pattern from the on-disk store
when it was compiled before (the `regex` module's own pickle of its compiled
code, ~50x cheaper to load than to parse again), else compiles it and adds it.
`save()` writes the store (the ruleset loader calls it once the rules are in, and
it runs again at exit for the patterns compiled lazily while linting, so a store
that lost patterns heals on the next run instead of recompiling them forever).

The store is `regex.pickle` in the cache folder (`cache_dir()`), tagged with the
`regex` and Python versions; a missing, stale or damaged store only means
compiling. `REPLYLINT_NO_CACHE` turns it off.
"""
from __future__ import annotations

import atexit
import os
import pickle
import sys
from pathlib import Path

import regex

_TAG = f"{regex.__version__}:{sys.version_info[:2]}"
_store: dict[str, bytes] | None = None
_new: dict[str, bytes] = {}


def cache_dir() -> Path | None:
    """$REPLYLINT_CACHE_DIR, else $XDG_CACHE_HOME/replylint, else ~/.cache/replylint; None when turned off."""
    if os.environ.get("REPLYLINT_NO_CACHE"):
        return None
    base = os.environ.get("REPLYLINT_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "replylint")
    return Path(base)


def _path() -> Path | None:
    d = cache_dir()
    return d / "regex.pickle" if d is not None else None


def _loaded() -> dict[str, bytes]:
    global _store
    if _store is None:
        _store = {}
        path = _path()
        if path is not None:
            try:
                with open(path, "rb") as fh:
                    saved = pickle.load(fh)
                if saved.get("tag") == _TAG:
                    _store = saved["patterns"]
            except Exception:  # missing, stale or corrupt: compile instead
                pass
    return _store


def restore(pattern: str, flags: int = 0) -> "regex.Pattern[str] | None":
    """The stored compiled pattern, or None when it was never stored."""
    blob = _loaded().get(f"{int(flags)}:{pattern}")
    if blob is None:
        return None
    try:
        return pickle.loads(blob)
    except Exception:
        return None


def remember(pattern: str, flags: int, compiled: "regex.Pattern[str]") -> None:
    """Add a pattern compiled elsewhere to the store (written by `save()`)."""
    key = f"{int(flags)}:{pattern}"
    if key not in _loaded():
        if not _new:
            atexit.register(save)  # patterns compiled after the loader's save() are kept too
        _new[key] = pickle.dumps(compiled, protocol=pickle.HIGHEST_PROTOCOL)


def compile(pattern: str, flags: int = 0) -> "regex.Pattern[str]":  # noqa: A001 - mirrors regex.compile
    """`regex.compile(pattern, flags)`, from the store when possible."""
    compiled = restore(pattern, flags)
    if compiled is None:
        compiled = regex.compile(pattern, flags)
        remember(pattern, flags, compiled)
    return compiled


def save() -> None:
    """Write the store if patterns were added since it was read."""
    if not _new:
        return
    path = _path()
    if path is None:
        _new.clear()
        return
    import tempfile

    global _store
    _store = None  # read it again: another process may have added patterns since
    store = dict(_loaded())
    store.update(_new)
    _store = store
    _new.clear()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".regex-")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump({"tag": _TAG, "patterns": store}, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
