"""Bad input never crashes or hangs: each case gets a clear message and a documented exit code."""
from __future__ import annotations

import json
import os
import sys

from tests.conftest import run_cli
from tests.helpers import write_ruleset


def test_binary_file_is_skipped_with_a_note(tmp_path):
    write_ruleset(tmp_path)
    (tmp_path / "img.txt").write_bytes(b"\x89PNG\x00\x00\x01calm down")
    (tmp_path / "ok.txt").write_text("calm down", encoding="utf-8")
    p = run_cli("check", "--format", "json", "img.txt", "ok.txt", cwd=tmp_path)
    assert p.returncode == 1  # the finding in ok.txt, not an error
    assert [d["path"] for d in json.loads(p.stdout)] == ["ok.txt"]
    assert "replylint: note: img.txt: skipped: binary file" in p.stderr


def test_invalid_utf8_is_exit_2_with_byte_offset_and_others_still_linted(tmp_path):
    write_ruleset(tmp_path)
    (tmp_path / "bad.txt").write_bytes(b"Hello \xff\xfe there")
    (tmp_path / "ok.txt").write_text("calm down", encoding="utf-8")
    p = run_cli("check", "--format", "json", "bad.txt", "ok.txt", cwd=tmp_path)
    assert p.returncode == 2
    assert "replylint: error: bad.txt: invalid UTF-8 at byte offset 6" in p.stderr
    assert [d["path"] for d in json.loads(p.stdout)] == ["ok.txt"]
    assert "Traceback" not in p.stderr


def test_empty_file_is_clean(tmp_path):
    write_ruleset(tmp_path)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "empty.jsonl").write_bytes(b"")
    p = run_cli("check", "empty.txt", "empty.jsonl", cwd=tmp_path)
    assert p.returncode == 0, p.stderr


def test_deeply_nested_json_record(tmp_path):
    write_ruleset(tmp_path)
    deep = '{"id": "x", "text": "hi", "meta": ' + "[" * 100000 + "]" * 100000 + "}\n"
    (tmp_path / "deep.jsonl").write_text(deep, encoding="utf-8")
    p = run_cli("check", "deep.jsonl", cwd=tmp_path)
    assert p.returncode == 2
    assert "deep.jsonl:1: line 1 is nested too deeply to read" in p.stderr and "Traceback" not in p.stderr


def test_symlink_loop_terminates(tmp_path):
    write_ruleset(tmp_path)
    d = tmp_path / "replies"
    d.mkdir()
    (d / "a.txt").write_text("calm down", encoding="utf-8")
    os.symlink(d, d / "loop")
    p = run_cli("check", "--format", "json", "replies", cwd=tmp_path)
    assert p.returncode == 1
    assert [x["path"] for x in json.loads(p.stdout)] == ["replies/a.txt"]


def test_unreadable_file_is_exit_2_and_others_still_linted(tmp_path, monkeypatch, capsys):
    import builtins

    from replylint.checkrun import CheckOptions, run_check

    write_ruleset(tmp_path)
    (tmp_path / "locked.txt").write_text("calm down", encoding="utf-8")
    (tmp_path / "ok.txt").write_text("calm down", encoding="utf-8")
    real_open = builtins.open

    def guarded(file, *a, **k):
        if str(file).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *a, **k)

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(builtins, "open", guarded)
    code = run_check(CheckOptions(paths=["locked.txt", "ok.txt"], fmt="json", jobs=1))
    out = capsys.readouterr()
    assert code == 2
    assert "replylint: error: locked.txt: cannot read: permission denied" in out.err
    assert [d["path"] for d in json.loads(out.out)] == ["ok.txt"]


def test_huge_reply_file_is_skipped_in_bounded_memory(tmp_path):
    write_ruleset(tmp_path)
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        line = b"Please calm down, the parcel is on its way and will arrive soon.\n"
        fh.write(line * (50 * 1024 * 1024 // len(line) + 1))
    code = (
        "import resource, subprocess, sys\n"
        "p = subprocess.run([sys.executable, '-m', 'replylint', 'check', 'big.txt'], capture_output=True, text=True)\n"
        "print(p.returncode); print(p.stderr.strip())\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    import subprocess
    p = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    rc, note, rss_kb = p.stdout.strip().split("\n")
    assert rc == "0"
    assert note == "replylint: note: big.txt: skipped: 50.0 MB is over the 2 MB limit for one reply"
    assert int(rss_kb) < 150 * 1024  # never read into memory


def test_large_jsonl_batch_streams(tmp_path):
    write_ruleset(tmp_path)
    rec = json.dumps({"id": "r", "text": "Thanks for waiting, it ships today. " * 20})
    (tmp_path / "batch.jsonl").write_text("\n".join(rec.replace('"r"', f'"r{i}"') for i in range(3000)) + "\n", encoding="utf-8")
    p = run_cli("check", "--quiet", "batch.jsonl", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
