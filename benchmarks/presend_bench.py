#!/usr/bin/env python3
"""In-process speed of `replylint.presend()` on a 150-word reply (aim: under 2 ms a call).

    python benchmarks/presend_bench.py              # the shipped rules, the default policy
    python benchmarks/presend_bench.py --n 2000 --json

Three replies of about 150 words are timed: one that is clean of span findings,
one that is blocked, and one with a safe fix (which costs a second lint of the
fixed text, as `replylint.fix` re-lints until stable). `lint()` alone is timed
for comparison. Each is warmed up first (rulesets load and compile once), then
called N times; the figures are per call: median, p99 and mean wall time, and
CPU time per call (less than wall time when other processes share the machine).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import replylint  # noqa: E402

BASE = (
    "Hi Sam,\n\nThanks for getting in touch about your order. I'm sorry the parcel hasn't arrived yet; I know how "
    "frustrating it is to wait when you were expecting it last week. I've checked with our warehouse and the tracking "
    "shows it left on Monday. I have asked the courier to trace it today, and I will email you by Friday with an update "
    "either way. If it still hasn't turned up by then, I'll send a replacement straight away or refund you in full, "
    "whichever you prefer. {middle} In the meantime, you can follow the parcel with the tracking link in your account. "
    "If anything else comes up, just reply to this email and it will come straight to me. Thank you for your patience "
    "while we sort this out for you, and for being a customer of ours for so long.\n\nBest regards,\nAlex"
)
REPLIES = {
    "clean": BASE.format(middle="We are on it, and I will keep you posted."),
    "blocked": BASE.format(middle="Please calm down, we are on it."),
    "safe-fix": BASE.format(middle="We are on it, I promise!!"),
}
CONTEXT = "My order still hasn't arrived and it's been two weeks. Where is it??"


def measure(fn, n: int) -> dict[str, float]:
    for _ in range(max(20, n // 20)):
        fn()
    times: list[float] = []
    cpu0 = time.process_time()
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    cpu = (time.process_time() - cpu0) / n
    times.sort()
    return {"median_ms": round(statistics.median(times) * 1000, 3), "p99_ms": round(times[int(0.99 * (n - 1))] * 1000, 3),
            "mean_ms": round(statistics.fmean(times) * 1000, 3), "cpu_ms": round(cpu * 1000, 3)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1000, help="calls per measurement")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    results: dict[str, dict] = {}
    for name, text in REPLIES.items():
        v = replylint.presend(text, context=CONTEXT)
        results[f"presend[{name}]"] = {"words": len(text.split()), "action": v.action, "fixes": v.fixes_applied,
                                       **measure(lambda: replylint.presend(text, context=CONTEXT), args.n)}
        results[f"lint[{name}]"] = {"words": len(text.split()), **measure(lambda: replylint.lint(text, context=CONTEXT), args.n)}
    if args.json:
        print(json.dumps(results))
        return 0
    for key, r in results.items():
        extra = f"  -> {r['action']}, {r['fixes']} safe fix(es)" if "action" in r else ""
        print(f"{key:20} {r['words']} words: median {r['median_ms']:.3f} ms, p99 {r['p99_ms']:.3f} ms, "
              f"mean {r['mean_ms']:.3f} ms, cpu {r['cpu_ms']:.3f} ms/call{extra}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
