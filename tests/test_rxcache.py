"""The store of compiled patterns (replylint.rxcache): a restored pattern matches as the original."""
from __future__ import annotations

import pickle

import regex

from replylint import rxcache


def _fresh(monkeypatch, tmp_path):
    monkeypatch.setenv("REPLYLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("REPLYLINT_NO_CACHE", raising=False)
    monkeypatch.setattr(rxcache, "_store", None)
    monkeypatch.setattr(rxcache, "_new", {})


def test_round_trip(monkeypatch, tmp_path):
    _fresh(monkeypatch, tmp_path)
    pattern = r"(?<![\w'])(?:calm\s+down|relax)(?![\w])"
    first = rxcache.compile(pattern, regex.IGNORECASE)
    rxcache.save()
    assert (tmp_path / "regex.pickle").exists()
    monkeypatch.setattr(rxcache, "_store", None)
    restored = rxcache.restore(pattern, regex.IGNORECASE)
    assert restored is not None and restored is not first
    text = "Please CALM down, or relax. Unrelaxed."
    assert [m.span() for m in restored.finditer(text)] == [m.span() for m in first.finditer(text)]
    assert rxcache.restore(pattern, 0) is None  # flags are part of the key


def test_damaged_store_only_means_compiling(monkeypatch, tmp_path):
    _fresh(monkeypatch, tmp_path)
    (tmp_path / "regex.pickle").write_bytes(b"not a pickle")
    assert rxcache.compile("sorry").search("so sorry").span() == (3, 8)
    (tmp_path / "regex.pickle").write_bytes(pickle.dumps({"tag": "old", "patterns": {"0:sorry": b"junk"}}))
    monkeypatch.setattr(rxcache, "_store", None)
    assert rxcache.restore("sorry") is None


def test_turned_off(monkeypatch, tmp_path):
    _fresh(monkeypatch, tmp_path)
    monkeypatch.setenv("REPLYLINT_NO_CACHE", "1")
    rxcache.compile("thanks")
    rxcache.save()
    assert not (tmp_path / "regex.pickle").exists()


def test_patterns_compiled_after_the_loaders_save_are_kept_at_exit(tmp_path):
    """A store missing patterns heals: what a run compiles lazily is written when it exits."""
    import subprocess
    import sys

    env = {**__import__("os").environ, "REPLYLINT_CACHE_DIR": str(tmp_path)}
    env.pop("REPLYLINT_NO_CACHE", None)
    script = ("from replylint import rxcache\n"
              "rxcache.save()\n"
              "rxcache.compile(r'never\\s+seen\\s+before')\n")
    subprocess.run([sys.executable, "-c", script], env=env, check=True)
    with open(tmp_path / "regex.pickle", "rb") as fh:
        stored = pickle.load(fh)["patterns"]
    assert "0:never\\s+seen\\s+before" in stored
