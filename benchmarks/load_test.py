#!/usr/bin/env python3
"""Load test for `replylint serve`: N concurrent keep-alive clients on loopback.

    python benchmarks/load_test.py                      # starts its own server, 50 clients, presend
    python benchmarks/load_test.py --workers 2 --requests 40000
    python benchmarks/load_test.py --port 8080 --token T   # a server you started (loopback only)

Each client sends a 150-word reply to POST /v1/presend (or /v1/lint) over one
HTTP/1.1 keep-alive connection, waits for the answer, and sends the next one
(a closed loop). It is bounded twice: a total request count and a time limit,
whichever comes first, then it stops by itself and reports throughput and
latency percentiles. Traffic only ever goes to a loopback address.

The client is a small asyncio HTTP/1.1 client (no third-party dependency) so
that the load generator itself costs little CPU on a 2-core machine.
"""
from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from presend_bench import CONTEXT, REPLIES  # noqa: E402  (the same ~150-word replies as the in-process benchmark)

REPLIES = {**REPLIES, "tiny": "Thanks, it ships today."}  # tiny: what the HTTP layer costs on its own


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, int(round(p / 100.0 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


class Stats:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.errors = 0
        self.statuses: dict[int, int] = {}


async def client(host: str, port: int, request: bytes, stats: Stats, budget: list[int], deadline: float, record: bool) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while budget[0] > 0 and time.perf_counter() < deadline:
            budget[0] -= 1
            t0 = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            m = re.search(rb"(?i)content-length:\s*(\d+)", head)
            body = await reader.readexactly(int(m.group(1))) if m else b""
            elapsed = time.perf_counter() - t0
            status = int(head[9:12])
            if record:
                stats.statuses[status] = stats.statuses.get(status, 0) + 1
                if status == 200 and body[:1] == b"{":
                    stats.latencies.append(elapsed)
                else:
                    stats.errors += 1
    except (ConnectionError, asyncio.IncompleteReadError) as exc:
        stats.errors += 1
        print(f"client error: {exc!r}", file=sys.stderr)
    finally:
        writer.close()


def build_request(host: str, port: int, path: str, token: str | None, text: str, context: str | None) -> bytes:
    body = json.dumps({"text": text, "context": context}).encode()
    headers = [f"POST {path} HTTP/1.1", f"Host: {host}:{port}", "Content-Type: application/json",
               f"Content-Length: {len(body)}", "Connection: keep-alive"]
    if token:
        headers.append(f"Authorization: Bearer {token}")
    return ("\r\n".join(headers) + "\r\n\r\n").encode() + body


async def run_load(host: str, port: int, request: bytes, clients: int, requests: int, seconds: float, warmup: int) -> tuple[Stats, float]:
    # Warm-up (not recorded): rulesets compiled, connections open.
    warm = Stats()
    await asyncio.gather(*(client(host, port, request, warm, [max(1, warmup // clients)], time.perf_counter() + 10, False)
                           for _ in range(clients)))
    stats = Stats()
    budget = [requests]
    t0 = time.perf_counter()
    await asyncio.gather(*(client(host, port, request, stats, budget, t0 + seconds, True) for _ in range(clients)))
    return stats, time.perf_counter() - t0


def wait_healthy(host: str, port: int, timeout: float = 20.0) -> None:
    url = f"http://{host}:{port}/healthz"
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=1) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"server at {url} did not become healthy in {timeout:.0f}s")


def start_server(workers: int, token: str | None) -> tuple[subprocess.Popen, int]:
    env = dict(os.environ)
    if token:
        env["REPLYLINT_TOKEN"] = token
    proc = subprocess.Popen([sys.executable, "-m", "replylint", "serve", "--port", "0", "--workers", str(workers)],
                            stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT / "benchmarks")
    assert proc.stderr is not None
    line = proc.stderr.readline()
    m = re.search(r"http://127\.0\.0\.1:(\d+)", line)
    if not m:
        proc.kill()
        raise SystemExit(f"server did not start: {line}{proc.stderr.read()}")
    return proc, int(m.group(1))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--host", default="127.0.0.1", help="loopback address of a running server (default: start one)")
    ap.add_argument("--port", type=int, default=None, help="port of a running server; omitted: start `replylint serve`")
    ap.add_argument("--token", default=None)
    ap.add_argument("--workers", type=int, default=1, help="workers for the server this script starts")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=20000, help="total requests (the count bound)")
    ap.add_argument("--seconds", type=float, default=30.0, help="time bound for the measured run")
    ap.add_argument("--warmup", type=int, default=1000)
    ap.add_argument("--endpoint", choices=["presend", "lint"], default="presend")
    ap.add_argument("--reply", choices=sorted(REPLIES), default="blocked",
                    help="which reply to send: clean (allowed), blocked (calm down), safe-fix (warned, '!!' fixed), tiny")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = ap.parse_args()

    try:
        if not ipaddress.ip_address(args.host).is_loopback:
            raise ValueError
    except ValueError:
        raise SystemExit(f"refusing to load-test {args.host}: only loopback addresses (127.0.0.0/8, ::1)")
    text = REPLIES[args.reply]
    words = len(text.split())
    proc = None
    port = args.port
    if port is None:
        proc, port = start_server(args.workers, args.token)
    try:
        wait_healthy(args.host, port)
        request = build_request(args.host, port, f"/v1/{args.endpoint}", args.token, text, CONTEXT)
        try:  # the client's own CPU competes with the server on a 2-core machine: use the faster loop if there is one
            import uvloop
            uvloop.install()
        except ImportError:
            pass
        stats, elapsed = asyncio.run(run_load(args.host, port, request, args.clients, args.requests, args.seconds, args.warmup))
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    lat = sorted(stats.latencies)
    done = len(lat)
    figures = {
        "endpoint": f"/v1/{args.endpoint}", "reply": args.reply, "reply_words": words, "clients": args.clients,
        "server_workers": args.workers if args.port is None else None, "requests_ok": done, "errors": stats.errors,
        "statuses": stats.statuses, "seconds": round(elapsed, 3), "throughput_rps": round(done / elapsed, 1) if elapsed else 0.0,
        "latency_ms": {"p50": round(percentile(lat, 50) * 1000, 2), "p90": round(percentile(lat, 90) * 1000, 2),
                       "p99": round(percentile(lat, 99) * 1000, 2), "max": round(lat[-1] * 1000, 2) if lat else None,
                       "mean": round(statistics.fmean(lat) * 1000, 2) if lat else None},
    }
    if args.json:
        print(json.dumps(figures))
    else:
        l = figures["latency_ms"]
        print(f"{figures['endpoint']}: {done} requests ({stats.errors} errors) from {args.clients} clients in {elapsed:.2f}s "
              f"= {figures['throughput_rps']} req/s; latency p50 {l['p50']} ms, p90 {l['p90']} ms, p99 {l['p99']} ms, "
              f"max {l['max']} ms ({args.reply} {words}-word reply, server workers: {figures['server_workers'] or 'external'})")
    return 0 if stats.errors == 0 and done else 1


if __name__ == "__main__":
    sys.exit(main())
