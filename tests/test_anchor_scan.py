"""The anchor prefilter (replylint.anchors): both scans agree, and the automaton is kept between runs."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from replylint import anchors, api

TEXTS = [
    "I'm sorry, but the courier lost it. Calm down!! You misunderstood our policy.",
    "aaaa sorry sorrysorry \u00e9t\u00e9 refund refunded, REFUND... unfortunately unfortunately",
    "",
    "Terima kasih Kak, mohon maaf atas ketidaknyamanannya ya. Sabar dulu ya kak!",
    "x" * 500 + " calm down " + "y" * 500,
]


@pytest.mark.parametrize("text", TEXTS)
def test_substring_scan_finds_what_the_automaton_finds(text):
    api.get_ruleset()  # registers every rule's anchors
    lower = text.lower()
    automaton = anchors._automaton or anchors._build()
    expected: dict[str, list[int]] = {}
    for end, word in automaton.iter(lower):
        expected.setdefault(word, []).append(end - len(word) + 1)
    assert anchors._substring_scan(lower) == expected
    if "calm down" in lower:  # the rule anchors of "calm down" are found where it stands
        at = lower.find("calm down")
        assert any(at <= p < at + len("calm down") for spots in expected.values() for p in spots)


def test_the_automaton_is_kept_and_reused_between_runs(tmp_path):
    env = {**os.environ, "REPLYLINT_CACHE_DIR": str(tmp_path)}
    env.pop("REPLYLINT_NO_CACHE", None)
    reply = tmp_path / "reply.txt"
    reply.write_text("Please calm down, the courier lost your parcel and I can't do anything about it.\n" * 80,
                     encoding="utf-8")  # long enough to need the automaton
    first = subprocess.run([sys.executable, "-m", "replylint", "check", str(reply), "--format", "json"],
                           env=env, capture_output=True, text=True)
    kept = list(tmp_path.glob("automaton-*.pickle"))
    assert len(kept) == 1 and kept[0].stat().st_size > 0
    before = kept[0].stat().st_mtime_ns
    second = subprocess.run([sys.executable, "-m", "replylint", "check", str(reply), "--format", "json"],
                            env=env, capture_output=True, text=True)
    assert first.returncode == second.returncode == 1
    assert first.stdout == second.stdout
    assert [p.stat().st_mtime_ns for p in tmp_path.glob("automaton-*.pickle")] == [before]
