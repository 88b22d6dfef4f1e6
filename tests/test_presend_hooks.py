"""The example hooks in examples/hooks/, run as git, mutt and a shell would run them."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from email.message import EmailMessage
from pathlib import Path

import pytest

from conftest import ROOT
from test_presend import COMPLAINT, make_project

HOOKS = ROOT / "examples" / "hooks"
REPLYLINT = f"{sys.executable} -m replylint"

pytestmark = pytest.mark.skipif(shutil.which("sh") is None, reason="needs a POSIX shell")


def run(cmd: list[str], cwd: Path, input: bytes | None = None, **env: str) -> subprocess.CompletedProcess:
    full = dict(os.environ, REPLYLINT=REPLYLINT, **env)
    full.pop("REPLYLINT_TOKEN", None)
    return subprocess.run(cmd, cwd=cwd, input=input, capture_output=True, env=full, timeout=120)


def email_file(path: Path, body: str) -> Path:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "agent@example.com", "customer@example.com", "Re: your order"
    msg.set_content(body)  # non-ASCII bodies come out quoted-printable or base64
    path.write_bytes(bytes(msg))
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path).parent


def test_sendemail_validate(project):
    hook = str(HOOKS / "sendemail-validate")
    ok = run(["sh", hook, str(email_file(project / "ok.eml", "Your order ships today."))], project)
    assert ok.returncode == 0, ok.stderr
    assert b"ALLOW" in ok.stderr
    blocked = run(["sh", hook, str(email_file(project / "bad.eml", "Please calm down, it ships today."))], project)
    assert blocked.returncode == 1
    assert b"TPS01" in blocked.stderr and b"replylint blocked bad.eml" in blocked.stderr


def test_sendemail_validate_on_error(project):
    (project / ".replylint.yaml").write_text("presend: {deny: [x]}\n", encoding="utf-8")
    mail = str(email_file(project / "ok.eml", "Fine."))
    assert run(["sh", str(HOOKS / "sendemail-validate"), mail], project).returncode == 1
    assert run(["sh", str(HOOKS / "sendemail-validate"), mail], project, REPLYLINT_ON_ERROR="allow").returncode == 0


def test_mutt_sendmail_wrapper(project):
    out = project / "sent.eml"
    sendmail = f"sh -c 'cat > \"$0\"' {out}"
    hook = [sys.executable, str(HOOKS / "replylint-sendmail"), "customer@example.com"]
    good = bytes(email_file(project / "a.eml", "Café — your order ships today.").read_bytes())
    r = run(hook, project, input=good, REPLYLINT_SENDMAIL=sendmail)
    assert r.returncode == 0, r.stderr
    assert out.read_bytes() == good  # passed on unchanged
    out.unlink()
    bad = email_file(project / "b.eml", "Ça suffit — please calm down.").read_bytes()
    r = run(hook, project, input=bad, REPLYLINT_SENDMAIL=sendmail)
    assert r.returncode == 1 and not out.exists()
    assert b"TPS01" in r.stderr and b"not sent (blocked by replylint)" in r.stderr
    skip = b"X-Replylint: skip\n" + bad
    assert run(hook, project, input=skip, REPLYLINT_SENDMAIL=sendmail).returncode == 0 and out.exists()


def test_presend_sh(project):
    reply, ctx = project / "reply.txt", project / "customer.txt"
    ctx.write_text(COMPLAINT, encoding="utf-8")
    script = str(HOOKS / "presend.sh")
    reply.write_text("Your order ships today.", encoding="utf-8")
    assert run(["sh", script, str(reply)], project).returncode == 0
    warn = run(["sh", script, str(reply), str(ctx)], project)  # no apology to a complaint: warn, no terminal: allowed
    assert warn.returncode == 0 and b"WARN" in warn.stderr and b"TPS07" in warn.stderr
    reply.write_text("Please calm down.", encoding="utf-8")
    blocked = run(["sh", script, str(reply)], project)
    assert blocked.returncode == 1 and b"blocked" in blocked.stderr


def test_zendesk_app_is_consistent():
    """examples/zendesk-app: valid manifest, every setting labelled, the iframe uses the ticket.save hook and /v1/presend."""
    import json

    app = ROOT / "examples" / "zendesk-app"
    manifest = json.loads((app / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["frameworkVersion"] == "2.0"
    assert manifest["location"]["support"]["ticket_sidebar"]["url"] == "assets/iframe.html"
    params = {p["name"]: p for p in manifest["parameters"]}
    assert params["replylint_token"]["secure"] is True
    labels = json.loads((app / "translations" / "en.json").read_text(encoding="utf-8"))["app"]["parameters"]
    assert set(labels) == set(params)
    html = (app / "assets" / "iframe.html").read_text(encoding="utf-8")
    assert "client.on('ticket.save'" in html and "/v1/presend" in html and "{{setting.replylint_token}}" in html
    for name in params:
        assert f"settings.{name}" in html or f"setting.{name}" in html, name
    for logo in ("logo.png", "logo-small.png"):
        assert (app / "assets" / logo).read_bytes().startswith(b"\x89PNG")
