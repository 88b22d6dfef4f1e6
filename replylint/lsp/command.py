"""The `replylint lsp` click command (registered lazily in `replylint.cli.LAZY_COMMANDS`)."""
from __future__ import annotations

import logging
import sys

import click


@click.command("lsp")
@click.option("--stdio", is_flag=True, help="Speak LSP over standard input and output (the default and only transport).")
@click.option("--debounce-ms", type=click.IntRange(0, 5000), default=25, show_default=True,
              help="Wait this long after the last change before linting (0: lint on every change).")
@click.option("--log-file", type=click.Path(dir_okay=False), default=None, help="Write the server's log here (default: warnings to stderr).")
@click.option("--verbose", "-v", is_flag=True, help="Log at debug level.")
def lsp(stdio: bool, debounce_ms: int, log_file: str | None, verbose: bool) -> None:
    """Run the language server: diagnostics, quick fixes and hover in any LSP editor."""
    try:
        from .server import build_server
    except ImportError as exc:  # pygls / lsprotocol missing
        click.echo(f"replylint: error: the language server needs the 'lsp' extra ({exc.name or exc} is not installed): "
                   "pip install 'replylint[lsp]'", err=True)
        sys.exit(2)
    level = logging.DEBUG if verbose else logging.WARNING
    if log_file:
        logging.basicConfig(filename=log_file, level=level, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    else:
        logging.basicConfig(stream=sys.stderr, level=level, format="replylint-lsp: %(levelname)s %(message)s")
    build_server(debounce=debounce_ms / 1000).start_io()
