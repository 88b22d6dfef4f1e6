"""replylint's speed, measured: `python benchmarks/bench.py [--replies N] [--words W]`.

Prints, for a generated corpus of realistic replies (about 150 words each):
- in-process throughput (replies per second) and per-reply latency (p50/p99)
  with the full ruleset of every language;
- the same text through one combined pattern of every rule's anchor words
  (the floor a single scan sets), and the ratio;
- end to end through the CLI: one file from process start to exit (median of
  5), and the whole corpus as files, with --jobs 1 and --jobs 2.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import generate, write  # noqa: E402


def in_process(texts: list[str]) -> dict[str, float]:
    import replylint
    from replylint.api import get_ruleset

    replylint.lint("warm up: calm down!!", lang="en")  # load and compile once
    latencies = []
    start = time.perf_counter()
    for t in texts:
        t0 = time.perf_counter()
        replylint.lint(t)
        latencies.append(time.perf_counter() - t0)
    total = time.perf_counter() - start
    latencies.sort()
    rules = len(get_ruleset().rules())
    return {"rules": rules, "replies_per_s": len(texts) / total, "p50_ms": latencies[len(latencies) // 2] * 1000,
            "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000, "total_s": total}


def combined_scan(texts: list[str]) -> float:
    """Seconds for one combined automaton of every rule anchor over every text (the floor)."""
    from replylint.anchors import scan

    start = time.perf_counter()
    for t in texts:
        scan(t.lower())
    return time.perf_counter() - start


def combined_regex(texts: list[str]) -> float:
    """Seconds for one `regex` alternation of every English phrase pattern over every text."""
    import regex

    from replylint.api import get_ruleset
    from replylint.patterns import expand_macros

    lang = get_ruleset().languages["en"]
    pats = []
    for r in lang.rules:
        raw = r.spec.get("patterns") or []
        for p in [raw] if isinstance(raw, str) else raw:
            pats.append(expand_macros(p, lang.vocabulary))
    big = regex.compile("(?<![\\w'])(?:" + "|".join(f"(?:{p})" for p in pats) + ")(?![\\w])", regex.IGNORECASE)
    start = time.perf_counter()
    for t in texts:
        for _ in big.finditer(t):
            pass
    return time.perf_counter() - start


def cli(args: list[str], cwd: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "replylint", "check", "--exit-zero", "--quiet", *args], cwd=cwd,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--replies", type=int, default=2000)
    ap.add_argument("--words", type=int, default=150)
    ap.add_argument("--files", type=int, default=1000, help="files for the end-to-end CLI run")
    args = ap.parse_args()

    texts = generate(args.replies, words=args.words)
    words = statistics.mean(len(t.split()) for t in texts)
    r = in_process(texts)
    print(f"corpus: {len(texts)} generated replies, {words:.0f} words on average; {r['rules']} rules loaded")
    print(f"in-process: {r['replies_per_s']:.0f} replies/s; per reply p50 {r['p50_ms']:.2f} ms, p99 {r['p99_ms']:.2f} ms")
    floor = combined_scan(texts)
    print(f"one combined anchor scan (Aho-Corasick) of the same text: {len(texts) / floor:.0f} replies/s "
          f"(replylint takes {r['total_s'] / floor:.1f}x the time of that single scan)")
    sample = texts[:200]
    big = combined_regex(sample)
    print(f"one combined regex of every English phrase pattern: {len(sample) / big:.0f} replies/s "
          f"(replylint is {big / len(sample) / (r['total_s'] / len(texts)):.1f}x faster than that single pattern)")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        one = write(root / "one", 1, words=args.words)[0]
        singles = sorted(cli([str(one)], root) for _ in range(5))
        print(f"CLI, one file, process start to exit: median {singles[2] * 1000:.0f} ms (min {singles[0] * 1000:.0f} ms)")
        write(root / "many", args.files, words=args.words)
        for jobs in (1, 2):
            secs = cli(["--jobs", str(jobs), "many"], root)
            print(f"CLI, {args.files} files, --jobs {jobs}: {secs:.2f} s ({args.files / secs:.0f} replies/s)")
    print(f"(machine: {os.cpu_count()} cores, Python {sys.version.split()[0]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
