"""replylint beside the prose linters people use today, on the same corpus, same run.

    python benchmarks/compare.py [--replies 1000] [--words 170] [--rounds 3]

Writes a generated corpus of realistic replies (one file each), then runs, in
alternating rounds so machine noise hits every tool alike: replylint (CLI,
whole corpus, default --jobs), proselint (PyPI, if installed), and alex and
write-good (npm, if found on PATH or in ./node_modules/.bin or
$REPLYLINT_NPM_BIN). Prints the median seconds of each and replylint's
throughput ratio to each. Tools that are not installed are reported as such.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import write  # noqa: E402


def find_tool(name: str) -> str | None:
    for d in (os.environ.get("REPLYLINT_NPM_BIN"), "node_modules/.bin"):
        if d and (Path(d) / name).exists():
            return str(Path(d) / name)
    return shutil.which(name)


def commands(files: list[str]) -> dict[str, list[str] | None]:
    proselint = find_tool("proselint")
    alex = find_tool("alex")
    write_good = find_tool("write-good")
    return {
        "replylint": [sys.executable, "-m", "replylint", "check", "--exit-zero", "--quiet", "--format", "json", *files],
        "proselint": [proselint, "check", *files] if proselint else None,
        "alex": [alex, *files] if alex else None,
        "write-good": [write_good, *files] if write_good else None,
    }


def run(argv: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--replies", type=int, default=1000)
    ap.add_argument("--words", type=int, default=170)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = [str(p) for p in write(Path(tmp), args.replies, words=args.words)]
        kb = sum(os.path.getsize(p) for p in paths) / 1024
        cmds = commands(paths)
        times: dict[str, list[float]] = {name: [] for name, argv in cmds.items() if argv}
        for _ in range(args.rounds):
            for name in times:
                times[name].append(run(cmds[name]))  # type: ignore[arg-type]
    print(f"corpus: {args.replies} replies of ~{args.words} words ({kb:.0f} KB); median of {args.rounds} alternating rounds")
    ours = statistics.median(times["replylint"])
    for name, argv in cmds.items():
        if argv is None:
            print(f"{name:11} not installed")
            continue
        t = statistics.median(times[name])
        ratio = "" if name == "replylint" else f"  replylint is {t / ours:.1f}x faster"
        print(f"{name:11} {t:7.2f} s  {args.replies / t:8.0f} replies/s{ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
