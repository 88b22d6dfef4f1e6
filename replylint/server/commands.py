"""`replylint presend` (the CLI gate) and `replylint serve` (the HTTP service).

presend exit status: 0 allow or warn, 1 block, 2 errors (config, policy,
ruleset, unreadable input), one line on stderr and never a traceback.
"""
from __future__ import annotations

import ipaddress
import json
import os
import socket
import sys
from pathlib import Path
from typing import Any

import click

EXIT_OK, EXIT_BLOCK, EXIT_ERROR = 0, 1, 2


def _fail(message: str) -> "NoReturn":  # type: ignore[name-defined]  # noqa: F821
    click.echo(f"replylint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _split(values: tuple[str, ...]) -> list[str]:
    return [k.strip() for v in values for k in v.split(",") if k.strip()]


def _load_config(config_file: str | None):
    from ..config import ConfigError, discover, load_file

    try:
        return load_file(config_file) if config_file else discover(Path.cwd())
    except ConfigError as exc:
        _fail(str(exc))


@click.command("presend")
@click.option("--context", "context_file", type=click.Path(dir_okay=False), help="File holding the customer's message the reply answers.")
@click.option("--lang", default=None, help="Language of the reply (en, id, ...); default: detect.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Use this config file instead of discovering one.")
@click.option("--block", multiple=True, help="Replace the policy's block list (categories, codes, names, severities; comma-separated).")
@click.option("--warn", multiple=True, help="Replace the policy's warn list.")
@click.option("--fixed-output", type=click.Path(dir_okay=False, writable=True), help="Also write the reply with safe fixes applied to this file.")
def presend_command(context_file: str | None, lang: str | None, fmt: str, config_file: str | None,
                    block: tuple[str, ...], warn: tuple[str, ...], fixed_output: str | None) -> None:
    """Gate one reply read on stdin: exit 0 allow/warn, 1 block, 2 errors."""
    from ..config import ConfigError
    from ..engine import RuleTimeout
    from ..presend import Policy, presend, verdict_json
    from ..ruleset import RulesetError

    cfg = _load_config(config_file)
    if sys.stdin is None or sys.stdin.isatty():
        _fail("presend reads the reply on stdin (pipe it in)")
    raw = sys.stdin.buffer.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        _fail(f"<stdin>: not UTF-8 text (byte {exc.start})")
    context = None
    if context_file:
        try:
            context = Path(context_file).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            _fail(f"{context_file}: cannot read the context: {exc}")
    try:
        policy = Policy.from_config(cfg)
        if block or warn:
            policy = Policy(block=tuple(_split(block)) if block else policy.block, warn=tuple(_split(warn)) if warn else policy.warn)
        verdict = presend(text, context=context, lang=lang, policy=policy, config=cfg)
    except (ConfigError, RulesetError, RuleTimeout) as exc:
        _fail(str(exc))
    if fixed_output:
        try:
            Path(fixed_output).write_text(verdict.fixed_text, encoding="utf-8")
        except OSError as exc:
            _fail(f"{fixed_output}: cannot write: {exc}")
    if fmt == "json":
        click.echo(json.dumps(verdict_json(verdict), ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(verdict))
    sys.exit(EXIT_BLOCK if verdict.blocked else EXIT_OK)


def render_text(verdict: Any) -> str:
    from ..formatters.text import _line

    summary = verdict.summary()
    lines = [verdict.action.upper() + summary[len(verdict.action):]]
    for d, action in zip(verdict.findings, verdict.finding_actions):
        first, *rest = _line(d, False).split("\n")
        lines.append(f"  [{action}] {first}")
        lines.extend(f"  {r}" for r in rest)
    lines.extend(f"  note: {n}" for n in verdict.notes)
    if verdict.fixes_applied:
        lines.append(f"  {verdict.fixes_applied} safe fix{'es' if verdict.fixes_applied != 1 else ''} available (--format json: fixed_text)")
    return "\n".join(lines)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", default=8080, type=click.IntRange(0, 65535), show_default=True, help="Port; 0 picks a free one (printed on stderr).")
@click.option("--token", envvar="REPLYLINT_TOKEN", default=None, help="Require 'Authorization: Bearer TOKEN' on /v1/* [env: REPLYLINT_TOKEN].")
@click.option("--max-body", envvar="REPLYLINT_MAX_BODY", type=click.IntRange(1), default=None,
              help="Largest request body in bytes; larger ones get 413 [default: 131072; env: REPLYLINT_MAX_BODY].")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Use this config file instead of discovering one from the working folder.")
@click.option("--workers", default=1, type=click.IntRange(1, 64), show_default=True, help="Worker processes.")
@click.option("--cors-origin", multiple=True, help="Allow browser calls from this origin (repeatable); default: no CORS headers.")
@click.option("--access-log/--no-access-log", default=False, show_default=True, help="Log every request.")
def serve_command(host: str, port: int, token: str | None, max_body: int | None, config_file: str | None, workers: int,
                  cors_origin: tuple[str, ...], access_log: bool) -> None:
    """Serve the HTTP API: POST /v1/lint, POST /v1/presend, GET /healthz, GET /openapi.json."""
    try:
        import uvicorn

        from . import app as app_module
    except ImportError as exc:
        _fail(f"the HTTP service needs the 'server' extra: pip install \"replylint[server]\" ({exc})")
    from ..config import ConfigError
    from ..ruleset import RulesetError

    cfg = _load_config(config_file)
    limit = max_body or app_module.DEFAULT_MAX_BODY
    try:
        application = app_module.create_app(cfg, token=token, max_body=limit, cors_origins=cors_origin)
    except (ConfigError, RulesetError) as exc:
        _fail(str(exc))
    if not token and not _is_loopback(host):
        click.echo(f"replylint: warning: serving on {host} without a token: anyone who can reach it can use it "
                   "(set --token or REPLYLINT_TOKEN)", err=True)
    # With several workers on Linux each gets its own SO_REUSEPORT socket on the same port, so the
    # kernel spreads connections evenly; with one shared socket the first idle worker accepts a
    # burst of keep-alive connections and keeps them (one busy core, one idle one).
    reuseport = workers > 1 and sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")
    socks = [_listen(host, port, reuseport)]
    bound = socks[0].getsockname()[1]
    socks += [_listen(host, bound, True) for _ in range(workers - 1)] if reuseport else []
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"replylint: serving on http://{shown}:{bound} (workers: {workers}, token: {'yes' if token else 'no'}, "
               f"max body: {limit} bytes)", err=True)
    sys.stderr.flush()
    common: dict[str, Any] = dict(host=host, port=bound, access_log=access_log, log_level="warning",
                                  backlog=2048, timeout_keep_alive=30, server_header=False, lifespan="off")
    if workers == 1:
        _freeze_startup_objects()
        uvicorn.Server(uvicorn.Config(application, **common)).run(sockets=socks)
        return
    settings = {"config_file": str(Path(config_file).resolve()) if config_file else None, "token": token, "max_body": limit,
                "cors": cors_origin, "uvicorn": common}
    if reuseport:
        _supervise(socks, settings)
        return
    # Elsewhere: uvicorn's supervisor, workers sharing one socket, settings passed through the environment.
    os.environ[app_module.ENV_MAX_BODY] = str(limit)
    if token:
        os.environ[app_module.ENV_TOKEN] = token
    if config_file:
        os.environ[app_module.ENV_CONFIG] = settings["config_file"]
    if cors_origin:
        os.environ[app_module.ENV_CORS] = ",".join(cors_origin)
    from uvicorn.supervisors import Multiprocess

    config = uvicorn.Config("replylint.server.app:app_from_environment", factory=True, workers=workers, **common)
    Multiprocess(config, sockets=socks).run()


def _listen(host: str, port: int, reuseport: bool) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto=IPPROTO_TCP matters: asyncio sets TCP_NODELAY on accepted connections only when the
    # socket says it is TCP; with proto 0 every response (headers, then body) waits ~40 ms on Nagle.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuseport:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        _fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _freeze_startup_objects() -> None:
    """Move what start-up built (rulesets, compiled patterns, the app) out of the cyclic GC's sight.

    They live as long as the process; without this every full collection walks them
    again, which shows up as latency spikes under load.
    """
    import gc

    gc.collect()
    gc.freeze()


def _worker(sock: socket.socket, settings: dict[str, Any]) -> None:
    """One worker process: its own app (same settings), serving its own socket."""
    import uvicorn

    from ..config import discover, load_file
    from .app import create_app

    cfg = load_file(settings["config_file"]) if settings["config_file"] else discover(Path.cwd())
    app = create_app(cfg, token=settings["token"], max_body=settings["max_body"], cors_origins=tuple(settings["cors"]))
    _freeze_startup_objects()
    uvicorn.Server(uvicorn.Config(app, **settings["uvicorn"])).run(sockets=[sock])


def _supervise(socks: list[socket.socket], settings: dict[str, Any]) -> None:
    """Run one worker per socket; restart a worker that dies; stop them all on SIGINT / SIGTERM."""
    import multiprocessing
    import signal
    import time

    ctx = multiprocessing.get_context("spawn")
    procs: dict[int, Any] = {}
    stopping = False

    def start(i: int) -> None:
        proc = ctx.Process(target=_worker, args=(socks[i], settings), name=f"replylint-worker-{i}")
        proc.start()
        procs[i] = proc

    def on_signal(signum: int, frame: Any) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    for i in range(len(socks)):
        start(i)
    try:
        while not stopping:
            time.sleep(0.2)
            for i, proc in list(procs.items()):
                if not proc.is_alive() and not stopping:
                    click.echo(f"replylint: worker {i} exited ({proc.exitcode}); restarting it", err=True)
                    time.sleep(0.5)
                    start(i)
    finally:
        for proc in procs.values():
            proc.terminate()
        for proc in procs.values():
            proc.join(10)
            if proc.is_alive():
                proc.kill()
