"""Shared fixtures: run the CLI in-process or as a real subprocess."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str, input: str | bytes | None = None, cwd: str | Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `python -m replylint ARGS` as a user would; text in, text out."""
    full_env = dict(os.environ)
    full_env.pop("NO_COLOR", None)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "replylint", *args], input=input, capture_output=True,
                          text=not isinstance(input, bytes), cwd=cwd, env=full_env, timeout=120)


@pytest.fixture
def cli():
    return run_cli
