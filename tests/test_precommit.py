"""The pre-commit hook, proven with pre-commit itself.

A temporary git repository holds macro files; `pre-commit try-repo <this
checkout> replylint --all-files` must fail on a bad macro (showing
file:line:column) and pass on clean ones.

`try-repo` snapshots uncommitted changes to *tracked* files only, so new files
in a working tree would be missing from the hook. The test therefore copies
this checkout (tracked and untracked, not ignored) into a scratch git
repository with one commit and points try-repo at that: it tests exactly the
tree under test, from a fresh CI clone or a developer's edits alike. pre-commit
installs the hook environment from PyPI (hatchling, regex, PyYAML, click), so
the test needs network access to PyPI, as CI has; the environment is cached in
a per-session PRE_COMMIT_HOME.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GIT_ENV = {"GIT_AUTHOR_NAME": "replylint-tests", "GIT_AUTHOR_EMAIL": "tests@example.invalid",
           "GIT_COMMITTER_NAME": "replylint-tests", "GIT_COMMITTER_EMAIL": "tests@example.invalid"}
JUNK = shutil.ignore_patterns(".git", "__pycache__", "*.pyc", ".pytest_cache", ".ruff_cache", ".mypy_cache", "*.egg-info",
                              ".venv", "venv", "build", "dist", ".tox")

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(GIT_ENV)
    env["PRE_COMMIT_HOME"] = str(home)
    env.pop("NO_COLOR", None)
    env["PRE_COMMIT_COLOR"] = "never"
    return env


def _git(cwd: Path, *args: str, env: dict[str, str]) -> None:
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True)


def _files_of_checkout() -> list[str]:
    """Tracked and untracked (not ignored) files of this checkout; everything if it is not a git checkout."""
    try:
        out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=ROOT,
                             capture_output=True, check=True).stdout.decode()
        return [f for f in out.split("\0") if f and (ROOT / f).is_file()]
    except (subprocess.CalledProcessError, OSError):
        return []


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    pytest.importorskip("pre_commit")
    base = tmp_path_factory.mktemp("precommit")
    env = _env(base / "home")
    snap = base / "replylint-snapshot"
    files = _files_of_checkout()
    if files:
        for rel in files:
            dest = snap / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, dest)
    else:
        shutil.copytree(ROOT, snap, ignore=JUNK)
    assert (snap / ".pre-commit-hooks.yaml").is_file()
    _git(snap, "init", "-q", env=env)
    _git(snap, "add", "-A", env=env)
    _git(snap, "commit", "-q", "-m", "snapshot", env=env)
    return snap, env


def _macro_repo(path: Path, files: dict[str, str], env: dict[str, str]) -> Path:
    path.mkdir()
    _git(path, "init", "-q", env=env)
    for name, text in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text, encoding="utf-8")
    _git(path, "add", "-A", env=env)
    return path


def _try_repo(repo: Path, hook_repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "replylint", "--all-files"],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=900)


CLEAN_MD = """# Refund delay

Hi {{ticket.requester.first_name | default: "there"}},

I am sorry your refund is late, and I understand how frustrating the wait is.
I have escalated it and will update you by Friday.
"""

CLEAN_JSON = """{"macros": [{"id": 1, "title": "Thanks", "actions": [
  {"field": "comment_value", "value": "Thanks for the kind words, it made our day."}]}]}
"""

BAD_JSON = """{
  "macros": [
    {
      "id": 7,
      "title": "Angry customer",
      "actions": [{"field": "comment_value", "value": "Hello,\\n\\nPlease calm down, the order is on its way."}]
    }
  ]
}
"""


def test_hook_passes_on_clean_macros(tmp_path, hook_repo):
    snap, env = hook_repo
    repo = _macro_repo(tmp_path / "clean", {"macros/refund.md": CLEAN_MD, "macros/zendesk.json": CLEAN_JSON,
                                            "package.json": '{"name": "macros", "description": "not a macro"}',
                                            "README.md": "# Our macros\n\nPlease calm down: this page is documentation.\n"}, env)
    proc = _try_repo(repo, snap, env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "replylint" in proc.stdout and "Passed" in proc.stdout


def test_hook_fails_on_a_bad_macro_and_shows_file_line_column(tmp_path, hook_repo):
    snap, env = hook_repo
    repo = _macro_repo(tmp_path / "bad", {"macros/refund.md": CLEAN_MD, "macros/zendesk.json": BAD_JSON}, env)
    proc = _try_repo(repo, snap, env)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Failed" in proc.stdout
    assert "macros/zendesk.json:6:66: (Angry customer) RL0301" in proc.stdout
    assert "macros/refund.md" not in proc.stdout  # the clean macro has nothing to report
