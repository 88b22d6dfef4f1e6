"""The on-disk cache of parsed rule files and pattern anchors, for a fast start.

A one-file CLI run would otherwise spend most of its time parsing YAML and
compiling patterns; with the cache it reads one pickle and compiles only the
patterns whose anchors occur in the text.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from . import rxcache


class RuleCache:
    """Parsed rule files and pattern anchors kept between runs, for a fast start.

    Keyed by each file's path, mtime and size, and invalidated wholesale when
    replylint's own rule-building code changes. Lives in $REPLYLINT_CACHE_DIR,
    else $XDG_CACHE_HOME/replylint, else ~/.cache/replylint; any problem
    reading or writing it just means a slower, uncached run. Compiled patterns
    are kept beside it by `rxcache`, and the anchor automaton of the rules
    last loaded in `automaton-<digest of its anchors>.pickle`.
    """

    VERSION = 2  # 2: a pattern's entry is (anchors, requires)

    def __init__(self, path: Path | None, files: dict[str, tuple[int, int, Any]], stamp: str) -> None:
        self.path = path
        self.files = files
        self.stamp = stamp
        self.dirty = False

    @staticmethod
    def _stamp() -> str:
        here = Path(__file__).resolve().parent
        parts = [str(RuleCache.VERSION)]
        for p in sorted([here / "ruleset.py", here / "patterns.py", *(here / "kinds").glob("*.py")]):
            try:
                st = p.stat()
                parts.append(f"{p.name}:{st.st_mtime_ns}:{st.st_size}")
            except OSError:
                pass
        return "|".join(parts)

    @classmethod
    def open(cls) -> "RuleCache":
        import pickle

        from . import patterns

        stamp = cls._stamp()
        base = rxcache.cache_dir()
        if base is None:
            return cls(None, {}, stamp)
        path = base / "rules.pickle"
        try:
            with open(path, "rb") as fh:
                saved = pickle.load(fh)
            if saved.get("stamp") == stamp:
                patterns.KNOWN.update(saved.get("patterns", {}))
                return cls(path, dict(saved.get("files", {})), stamp)
        except Exception:  # a missing, stale or corrupt cache is only slower
            pass
        return cls(path, {}, stamp)

    def _save_automaton(self) -> None:
        """Keep the anchor automaton of the rules just loaded, unless it is kept already."""
        import tempfile

        from . import anchors

        if self.path is None:
            return
        anchors.cache_folder = self.path.parent
        blob = anchors.to_store()
        target = anchors.stored_file()
        if blob is None or target is None:
            return
        try:
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".automaton-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(blob)
            os.replace(tmp, target)
            # Keep the few most recent (several configs may add ruleset folders); drop older ones.
            kept = sorted(target.parent.glob("automaton*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
            for old in kept[3:]:
                old.unlink(missing_ok=True)
        except OSError:
            pass

    def get(self, path: Path) -> tuple[Any, None]:
        hit = self.files.get(str(path))
        if hit is None:
            return None, None
        try:
            st = path.stat()
        except OSError:
            return None, None
        if (st.st_mtime_ns, st.st_size) != hit[:2]:
            return None, None
        return hit[2], None

    def put(self, path: Path, data: Any) -> None:
        try:
            st = path.stat()
        except OSError:
            return
        self.files[str(path)] = (st.st_mtime_ns, st.st_size, data)
        self.dirty = True

    def save(self) -> None:
        import pickle
        import tempfile

        from . import patterns

        rxcache.save()  # the compiled patterns, stored apart (see rxcache)
        if self.path is None or not (self.dirty or patterns.NEW):
            self._save_automaton()
            return
        known = dict(patterns.KNOWN)
        known.update(patterns.NEW)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".rules-")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump({"stamp": self.stamp, "files": self.files, "patterns": known}, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
            patterns.KNOWN.update(patterns.NEW)
            patterns.NEW.clear()
        except OSError:
            pass
        self._save_automaton()
