"""The HTTP service, tested as a helpdesk uses it: a real `replylint serve` process, real HTTP on loopback.

The servers run a small custom ruleset (tests/test_presend.py's TPS rules, a temp
`.replylint.yaml` with `select: [TPS]`), so the exact findings checked here do
not change when the shipped rules do. Responses are checked against the schemas
of the OpenAPI document the server itself serves.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from jsonschema import Draft202012Validator  # noqa: E402

from conftest import ROOT, run_cli  # noqa: E402
from test_presend import COMPLAINT, make_project  # noqa: E402

TOKEN = "t0k3n-for-tests"
MAX_BODY = 2048


class Server:
    def __init__(self, proc: subprocess.Popen, port: int, token: str | None) -> None:
        self.proc, self.port, self.token = proc, port, token
        self.base = f"http://127.0.0.1:{port}"

    def request(self, method: str, path: str, body: bytes | str | dict | None = None, *, token: str | None | bool = True,
                headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], Any]:
        """(status, headers, parsed JSON body) for one request; `token=True` sends the server's token."""
        data = json.dumps(body).encode() if isinstance(body, dict) else body.encode() if isinstance(body, str) else body
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        tok = self.token if token is True else token or None
        if tok:
            req.add_header("Authorization", f"Bearer {tok}")
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                status, hdrs, raw = r.status, dict(r.headers), r.read()
        except urllib.error.HTTPError as e:
            status, hdrs, raw = e.code, dict(e.headers), e.read()
        assert hdrs.get("content-type", hdrs.get("Content-Type", "")).startswith("application/json"), (status, raw)
        return status, {k.lower(): v for k, v in hdrs.items()}, json.loads(raw)


def start_server(cwd: Path, *args: str, env: dict[str, str] | None = None, token: str | None = None) -> Server:
    full_env = dict(os.environ)
    full_env.pop("REPLYLINT_TOKEN", None)
    full_env.update(env or {})
    proc = subprocess.Popen([sys.executable, "-m", "replylint", "serve", "--port", "0", *args], cwd=cwd, env=full_env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    line = proc.stderr.readline()
    m = re.search(r"serving on http://127\.0\.0\.1:(\d+)", line)
    if not m:
        proc.kill()
        pytest.fail(f"server did not start: {line}{proc.stderr.read()}")
    server = Server(proc, int(m.group(1)), token)
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(server.base + "/healthz", timeout=2) as r:
                if r.status == 200:
                    return server
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail(f"server never became healthy: {proc.stderr.read()}")
            time.sleep(0.05)


def stop(server: Server) -> None:
    server.proc.terminate()
    try:
        server.proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        server.proc.wait()


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("serve"))


@pytest.fixture(scope="module")
def server(project):
    """Token from the environment (REPLYLINT_TOKEN), a 2 KiB body limit, the TPS rules."""
    s = start_server(project.parent, "--max-body", str(MAX_BODY), env={"REPLYLINT_TOKEN": TOKEN}, token=TOKEN)
    yield s
    stop(s)


@pytest.fixture(scope="module")
def open_server(project):
    """No token, two worker processes, `--config` given explicitly, `--token` unset."""
    s = start_server(ROOT, "--workers", "2", "--config", str(project))
    yield s
    stop(s)


@pytest.fixture(scope="module")
def spec(server) -> dict:
    status, _, doc = server.request("GET", "/openapi.json", token=False)
    assert status == 200
    return doc


def check(spec: dict, schema_name: str, instance: Any) -> None:
    """Validate `instance` against components/schemas/NAME of the served OpenAPI document."""
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": spec["components"]}
    Draft202012Validator(schema).validate(instance)


# --- the OpenAPI description ---------------------------------------------------------------

def test_openapi_document_is_valid(spec):
    from openapi_spec_validator import validate

    validate(spec)
    assert spec["openapi"].startswith("3.1")
    assert set(spec["paths"]) == {"/v1/lint", "/v1/presend", "/healthz", "/openapi.json"}
    assert spec["paths"]["/v1/presend"]["post"]["security"] == [{"bearer": []}]
    assert str(MAX_BODY) in spec["info"]["description"]


def test_openapi_finding_schema_follows_the_json_output_schema(spec):
    """The OpenAPI Finding/Suggestion/Edit list the same fields as docs/schema/findings.schema.json."""
    path = ROOT / "docs" / "schema" / "findings.schema.json"
    if not path.exists():
        pytest.skip("docs/schema/findings.schema.json not present")
    defs = json.loads(path.read_text(encoding="utf-8"))["$defs"]
    ours = spec["components"]["schemas"]
    for theirs, mine in (("finding", "Finding"), ("suggestion", "Suggestion"), ("edit", "Edit")):
        assert sorted(ours[mine]["required"]) == sorted(defs[theirs]["required"]), mine
        assert set(ours[mine]["properties"]) == set(defs[theirs]["properties"]), mine


# --- health, auth, limits, errors ------------------------------------------------------------

def test_healthz_needs_no_token(server, spec):
    status, _, body = server.request("GET", "/healthz", token=False)
    assert status == 200 and body["status"] == "ok"
    check(spec, "Health", body)


@pytest.mark.parametrize("path", ["/v1/lint", "/v1/presend"])
@pytest.mark.parametrize("token, reason", [(False, "needs a bearer token"), ("wrong", "not valid")])
def test_token_required(server, spec, path, token, reason):
    status, headers, body = server.request("POST", path, {"text": "Hello."}, token=token)
    assert status == 401
    assert body["error"] == "unauthorized" and reason in body["message"]
    assert headers["www-authenticate"].startswith("Bearer")
    check(spec, "Error", body)


def test_token_in_wrong_scheme_refused(server):
    status, _, body = server.request("POST", "/v1/lint", {"text": "Hi."}, token=False, headers={"Authorization": f"Basic {TOKEN}"})
    assert status == 401


def test_body_over_limit_is_413(server, spec):
    status, _, body = server.request("POST", "/v1/presend", {"text": "a" * MAX_BODY})
    assert status == 413
    assert body == {"error": "payload_too_large", "message": f"the body is {MAX_BODY + 12} bytes; the limit is {MAX_BODY}"}
    check(spec, "Error", body)


def test_body_at_limit_is_accepted(server):
    text = "a" * (MAX_BODY - 12)
    status, _, body = server.request("POST", "/v1/lint", {"text": text})
    assert status == 200 and body["findings"] == []


def test_chunked_body_over_limit_is_413(server):
    """Without Content-Length the server counts the bytes as they arrive."""
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    def chunks():
        yield b'{"text": "'
        for _ in range(10):
            yield b"x" * 1000
        yield b'"}'
    conn.request("POST", "/v1/lint", body=chunks(), headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
                 encode_chunked=True)
    r = conn.getresponse()
    assert r.status == 413
    assert json.loads(r.read())["error"] == "payload_too_large"
    conn.close()


@pytest.mark.parametrize("raw, error, message", [
    ('{"text": ', "invalid_json", "malformed JSON: Expecting value at line 1 column 10"),
    ("", "invalid_json", "malformed JSON: Expecting value at line 1 column 1"),
    ('["text"]', "invalid_request", "the body must be a JSON object"),
    ('{"context": "x"}', "invalid_request", "'text' is required and must be a string"),
    ('{"text": 3}', "invalid_request", "'text' is required and must be a string"),
    ('{"text": "x", "lang": 3}', "invalid_request", "'lang' must be a string or null"),
    ('{"text": "x", "contxt": "y"}', "invalid_request", "unknown field(s) 'contxt'"),
])
def test_bad_requests_are_400_with_a_message(server, spec, raw, error, message):
    status, _, body = server.request("POST", "/v1/presend", raw)
    assert status == 400
    assert body["error"] == error and message in body["message"]
    check(spec, "Error", body)


def test_invalid_utf8_is_400(server):
    status, _, body = server.request("POST", "/v1/lint", b'{"text": "\xff"}')
    assert status == 400 and body["error"] == "invalid_json"


def test_unknown_path_and_method_are_json(server, spec):
    status, _, body = server.request("GET", "/v2/nothing", token=False)
    assert status == 404 and body["error"] == "not_found"
    check(spec, "Error", body)
    status, _, body = server.request("GET", "/v1/lint", token=False)
    assert status == 405 and body["error"] == "method_not_allowed"
    check(spec, "Error", body)


# --- lint and presend --------------------------------------------------------------------------

REPLY = "Please calm down!! Make it quick."

EXPECTED_FINDINGS = [
    # (code, severity, category, line, column, end_line, end_column, offset, length)
    ("TPS01", "warning", "calm-down", 1, 8, 1, 17, 7, 9),
    ("TPS05", "warning", "shouting", 1, 17, 1, 19, 16, 2),
    ("TPS06", "info", "rushing", 1, 20, 1, 33, 19, 13),
]


def summary(findings: list[dict]) -> list[tuple]:
    return [(f["code"], f["severity"], f["category"], f["line"], f["column"], f["end_line"], f["end_column"], f["offset"], f["length"])
            for f in findings]


def test_lint_exact_findings(server, spec):
    status, _, body = server.request("POST", "/v1/lint", {"text": REPLY})
    assert status == 200
    check(spec, "LintResponse", body)
    assert summary(body["findings"]) == EXPECTED_FINDINGS
    assert body["notes"] == []
    marks = body["findings"][1]
    assert marks["suggestions"][0]["applicability"] == "safe"
    assert [(e["offset"], e["length"], e["replacement"]) for e in marks["suggestions"][0]["edits"]] == [(16, 2, "!")]


def test_lint_findings_are_the_json_output_objects(server, project):
    """The same objects as `replylint check --format json` (only `path` differs: <stdin> vs <text>)."""
    _, _, body = server.request("POST", "/v1/lint", {"text": REPLY})
    r = run_cli("check", "--format", "json", "-", input=REPLY, cwd=project.parent)
    assert r.returncode == 1, r.stderr
    cli = json.loads(r.stdout)
    for f in cli:
        assert f.pop("path") == "<stdin>"
    for f in body["findings"]:
        assert f.pop("path") == "<text>"
    assert body["findings"] == cli


def test_presend_block_verdict(server, spec):
    status, _, body = server.request("POST", "/v1/presend", {"text": REPLY})
    assert status == 200
    check(spec, "Verdict", body)
    assert body["action"] == "block"
    assert summary(body["findings"]) == EXPECTED_FINDINGS
    assert body["finding_actions"] == ["block", "warn", "allow"]
    assert body["fixed_text"] == "Please calm down! Make it quick."
    assert body["fixes_applied"] == 1
    assert body["summary"] == "block: do not send this reply (1 blocking finding: TPS01 calm-down)"


def test_presend_warn_and_allow(server, spec):
    _, _, warn = server.request("POST", "/v1/presend", {"text": "It ships today!!"})
    assert (warn["action"], [f["code"] for f in warn["findings"]], warn["fixed_text"]) == ("warn", ["TPS05"], "It ships today!")
    _, _, allow = server.request("POST", "/v1/presend", {"text": "It ships today."})
    assert allow == {"action": "allow", "summary": "allow: ok to send (no findings)", "findings": [], "finding_actions": [],
                     "fixed_text": "It ships today.", "fixes_applied": 0, "notes": []}
    check(spec, "Verdict", allow)


def test_presend_context_and_lang(server, spec):
    _, _, body = server.request("POST", "/v1/presend", {"text": "Your order ships today.", "context": COMPLAINT, "lang": "en"})
    assert body["action"] == "warn"
    assert summary(body["findings"]) == [("TPS07", "warning", "missing-apology", 1, 1, 1, 24, 0, 23)]
    _, _, body = server.request("POST", "/v1/presend", {"text": "Your order ships today.", "context": None, "lang": None})
    assert body["action"] == "allow"
    _, _, body = server.request("POST", "/v1/lint", {"text": "Calm down.", "lang": "xx"})
    assert body == {"findings": [], "notes": ["not linted: no ruleset for language 'xx'"]}
    check(spec, "LintResponse", body)


def test_unicode_offsets_are_characters(server):
    text = "Café ☕ — calm down!!"
    _, _, body = server.request("POST", "/v1/lint", {"text": text})
    calm = body["findings"][0]
    assert text[calm["offset"]:calm["offset"] + calm["length"]] == "calm down"


# --- a server without a token, with workers ------------------------------------------------------

def test_open_server_needs_no_token_and_runs_workers(open_server):
    status, _, body = open_server.request("POST", "/v1/presend", {"text": REPLY}, token=False)
    assert status == 200 and body["action"] == "block"
    status, _, doc = open_server.request("GET", "/openapi.json", token=False)
    assert "security" not in doc["paths"]["/v1/presend"]["post"]
    # the default body limit (128 KiB)
    status, _, body = open_server.request("POST", "/v1/lint", {"text": "a" * 131072}, token=False)
    assert status == 413


def test_serve_refuses_a_bad_policy(tmp_path):
    path = make_project(tmp_path, "presend:\n  block: [threating]\n")
    r = run_cli("serve", "--port", "0", cwd=path.parent)
    assert r.returncode == 2
    assert "'threating' name no category, rule, code or severity" in r.stderr and "Traceback" not in r.stderr


def test_load_test_script_runs_and_stops_by_itself():
    """benchmarks/load_test.py, tiny: it starts its own server, is bounded, and reports figures."""
    r = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "load_test.py"), "--clients", "5", "--requests", "100",
                        "--warmup", "10", "--seconds", "20", "--json"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    figures = json.loads(r.stdout)
    assert figures["requests_ok"] == 100 and figures["errors"] == 0
    assert figures["throughput_rps"] > 0 and figures["latency_ms"]["p99"] >= figures["latency_ms"]["p50"] > 0


def test_presend_sh_against_the_service(server, tmp_path):
    """examples/hooks/presend.sh with REPLYLINT_URL: asks the running service (curl, bearer token)."""
    import shutil

    if shutil.which("curl") is None or shutil.which("sh") is None:
        pytest.skip("needs sh and curl")
    reply = tmp_path / "reply.txt"
    env = dict(os.environ, REPLYLINT_URL=server.base, REPLYLINT_TOKEN=TOKEN)
    script = str(ROOT / "examples" / "hooks" / "presend.sh")
    reply.write_text("Please calm down!!", encoding="utf-8")
    r = subprocess.run(["sh", script, str(reply)], env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 1, r.stderr
    assert "[block] 1:8 TPS01 Calm down." in r.stderr and "[warn] 1:17 TPS05" in r.stderr
    reply.write_text("It ships today.", encoding="utf-8")
    assert subprocess.run(["sh", script, str(reply)], env=env, capture_output=True, timeout=60).returncode == 0
    env["REPLYLINT_TOKEN"] = "wrong"
    r = subprocess.run(["sh", script, str(reply)], env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "unauthorized" in r.stderr


def test_sequential_requests_are_not_delayed_by_nagle(server):
    """One keep-alive client, one request after another: no 40 ms Nagle / delayed-ACK stalls."""
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    body = json.dumps({"text": "It ships today."})
    times = []
    for _ in range(30):
        t0 = time.perf_counter()
        conn.request("POST", "/v1/lint", body, {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
        r = conn.getresponse()
        r.read()
        times.append(time.perf_counter() - t0)
    conn.close()
    times.sort()
    assert times[len(times) // 2] < 0.035, times  # the median; a Nagle stall is ~40 ms on every request
