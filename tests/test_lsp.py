"""The language server, tested as an editor uses it.

Each test starts `python -m replylint lsp` as a subprocess and speaks LSP
JSON-RPC to it over stdio with the small client below (Content-Length framing,
answers the server's own requests). The rules come from a temporary ruleset
folder selected by a temporary `.replylint.yaml`, so shipped rule changes do
not move these expectations.
"""
from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable

import pytest

from helpers import install_rules

pytest.importorskip("pygls", reason="the language server needs the 'lsp' extra")

ROOT = Path(__file__).resolve().parent.parent

# --- a tiny LSP client ----------------------------------------------------------------


class LspClient:
    def __init__(self, cwd: Path, *args: str) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
        self.proc = subprocess.Popen([sys.executable, "-m", "replylint", "lsp", *args], cwd=cwd, env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.inbox: "queue.Queue[dict | None]" = queue.Queue()
        self.notifications: list[dict] = []
        self.server_requests: list[dict] = []
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.inbox.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            assert length is not None, "a message without Content-Length"
            self.inbox.put(json.loads(out.read(length).decode("utf-8")))

    def send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def _next(self, deadline: float) -> dict:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("no message from the server in time")
        try:
            msg = self.inbox.get(timeout=remaining)
        except queue.Empty:
            raise TimeoutError("no message from the server in time") from None
        if msg is None:
            raise EOFError("the server closed its output: " + self.proc.stderr.read().decode(errors="replace") if self.proc.poll() is not None else "")
        if "method" in msg and "id" in msg:  # a request from the server: answer it
            self.server_requests.append(msg)
            self.send({"id": msg["id"], "result": None})
            return self._next(deadline)
        return msg

    def request(self, method: str, params: Any, timeout: float = 15) -> Any:
        self.next_id += 1
        rid = self.next_id
        self.send({"id": rid, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        while True:
            msg = self._next(deadline)
            if msg.get("id") == rid and "method" not in msg:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result")
            self.notifications.append(msg)

    def notify(self, method: str, params: Any) -> None:
        self.send({"method": method, "params": params})

    def wait_for(self, method: str, pred: Callable[[dict], bool] = lambda p: True, timeout: float = 15) -> dict:
        for i, msg in enumerate(self.notifications):
            if msg.get("method") == method and pred(msg["params"]):
                del self.notifications[i]
                return msg["params"]
        deadline = time.monotonic() + timeout
        while True:
            msg = self._next(deadline)
            if msg.get("method") == method and pred(msg["params"]):
                return msg["params"]
            self.notifications.append(msg)

    def diagnostics(self, uri: str, version: int | None = None, timeout: float = 15) -> list[dict]:
        return self.wait_for("textDocument/publishDiagnostics",
                             lambda p: p["uri"] == uri and (version is None or p.get("version") == version), timeout)["diagnostics"]

    def initialize(self, root: Path, encodings: list[str] | None = None) -> dict:
        caps: dict[str, Any] = {
            "workspace": {"workspaceEdit": {"documentChanges": True, "resourceOperations": ["create"]},
                          "didChangeWatchedFiles": {"dynamicRegistration": True}},
            "textDocument": {"publishDiagnostics": {"versionSupport": True},
                             "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix", "source.fixAll"]}}},
                             "hover": {"contentFormat": ["markdown", "plaintext"]}},
        }
        if encodings:
            caps["general"] = {"positionEncodings": encodings}
        result = self.request("initialize", {"processId": os.getpid(), "rootUri": root.as_uri(), "capabilities": caps,
                                             "workspaceFolders": [{"uri": root.as_uri(), "name": "project"}]})
        self.notify("initialized", {})
        return result

    def open(self, path: Path, text: str, language: str = "plaintext", version: int = 1) -> str:
        uri = path.as_uri()
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": language, "version": version, "text": text}})
        return uri

    def close(self) -> int:
        try:
            if self.proc.poll() is None:
                self.request("shutdown", None, timeout=10)
                self.notify("exit", None)
            return self.proc.wait(timeout=10)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
            for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
                try:
                    stream.close()  # type: ignore[union-attr]
                except Exception:
                    pass


# --- independent position helpers (UTF-16 as LSP counts, written separately from the server's) ----------

def utf16_col(line_text: str, chars: int) -> int:
    return sum(2 if ord(c) > 0xFFFF else 1 for c in line_text[:chars])


def offset_at(text: str, pos: dict, encoding: str = "utf-16") -> int:
    lines = text.split("\n")
    base = sum(len(line) + 1 for line in lines[:pos["line"]])
    units = 0
    for i, ch in enumerate(lines[pos["line"]]):
        if units >= pos["character"]:
            return base + i
        units += (2 if ord(ch) > 0xFFFF else 1) if encoding == "utf-16" else len(ch.encode("utf-8"))
    return base + len(lines[pos["line"]])


def apply_edits(text: str, edits: list[dict]) -> str:
    spans = sorted(((offset_at(text, e["range"]["start"]), offset_at(text, e["range"]["end"]), e["newText"]) for e in edits), reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def char_range(text: str, start: int, end: int) -> dict:
    """The LSP range (UTF-16) of character offsets [start, end) in a LF-only text."""
    def pos(off: int) -> dict:
        line = text.count("\n", 0, off)
        line_start = text.rfind("\n", 0, off) + 1
        return {"line": line, "character": utf16_col(text[line_start:], off - line_start)}
    return {"start": pos(start), "end": pos(end)}


# --- the project under test -------------------------------------------------------------

RULES = {
    "calm-down/test-calm.yaml": """\
code: XT0301
name: test-calm
category: calm-down
kind: phrase
severity: error
message: Do not tell the customer to calm down.
rationale: |
  TEST RATIONALE: instructing someone how to feel escalates the conversation.
patterns:
  - "calm down"
suggestions:
  - title: Name the feeling
    replacement: "I can see this has been frustrating"
    applicability: unsafe
examples:
  bad: ["Please [[calm down]]."]
  good: ["I understand."]
""",
    "shouting/test-bangs.yaml": """\
code: XT0801
name: test-bangs
category: shouting
kind: punctuation
severity: warning
message: Stacked exclamation marks read as shouting.
rationale: One mark says the same thing calmly.
patterns:
  - "!{2,}"
suggestions:
  - title: Use one mark
    replacement: "!"
    applicability: safe
examples:
  bad: ["Done[[!!]]"]
  good: ["Done!"]
""",
    "dismissive-closer/test-whatever.yaml": """\
code: XT0701
name: test-whatever
category: dismissive-closer
kind: phrase
severity: info
message: '"Whatever" dismisses the customer.'
rationale: It tells the customer their problem does not matter.
patterns:
  - "whatever"
suggestions:
  - title: Say what you will do instead
    replacement: "Here is what I will do next"
    applicability: display-only
examples:
  bad: ["OK, [[whatever]]."]
  good: ["OK."]
""",
}
CONFIG = "rulesets: [rules]\nselect: [XT]\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    install_rules(tmp_path, RULES, CONFIG)
    (tmp_path / "replies").mkdir()
    return tmp_path


@pytest.fixture
def client(project: Path):
    c = LspClient(project, "--debounce-ms", "20")
    yield c
    c.close()


def codes(diags: list[dict]) -> list[str]:
    return sorted(d["code"] for d in diags)


# --- tests ----------------------------------------------------------------------------------------

def test_initialize_advertises_features(client: LspClient, project: Path) -> None:
    result = client.initialize(project)
    caps = result["capabilities"]
    assert result["serverInfo"]["name"] == "replylint"
    assert caps["positionEncoding"] == "utf-16"
    assert caps["hoverProvider"]
    assert "quickfix" in caps["codeActionProvider"]["codeActionKinds"]
    assert caps["textDocumentSync"]["change"] == 2  # incremental
    assert caps["textDocumentSync"]["openClose"] is True


def test_open_publishes_exact_utf16_ranges_after_an_emoji(client: LspClient, project: Path) -> None:
    client.initialize(project)
    text = "Hi Sam \U0001F600\U0001F600 please calm down now!!\n\u00e9\U0001F44D whatever you say.\n"
    uri = client.open(project / "replies" / "emoji.txt", text)
    diags = client.diagnostics(uri, version=1)
    by_code = {d["code"]: d for d in diags}
    assert codes(diags) == ["XT0301", "XT0701", "XT0801"]
    start = text.index("calm down")
    assert by_code["XT0301"]["range"] == char_range(text, start, start + len("calm down"))
    # Two emoji are four UTF-16 units, so the finding starts at unit 19, not at character 17.
    assert by_code["XT0301"]["range"]["start"] == {"line": 0, "character": 19}
    bangs = text.index("!!")
    assert by_code["XT0801"]["range"] == {"start": {"line": 0, "character": bangs + 2}, "end": {"line": 0, "character": bangs + 4}}
    assert by_code["XT0701"]["range"] == {"start": {"line": 1, "character": 4}, "end": {"line": 1, "character": 12}}
    assert by_code["XT0301"]["severity"] == 1 and by_code["XT0801"]["severity"] == 2 and by_code["XT0701"]["severity"] == 3
    assert all(d["source"] == "replylint" for d in diags)
    # The display-only suggestion is shown as a hint in the message.
    assert "here is what i will do next" in by_code["XT0701"]["message"].lower()
    assert by_code["XT0301"]["message"].startswith("Do not tell the customer to calm down.")


def test_utf8_position_encoding_when_the_client_asks(project: Path) -> None:
    c = LspClient(project)
    try:
        assert c.initialize(project, encodings=["utf-8", "utf-16"])["capabilities"]["positionEncoding"] == "utf-8"
        text = "\U0001F600 calm down"
        uri = c.open(project / "replies" / "u8.txt", text)
        [d] = c.diagnostics(uri)
        assert d["range"] == {"start": {"line": 0, "character": 5}, "end": {"line": 0, "character": 14}}
    finally:
        c.close()


def test_change_republishes_for_the_new_version(client: LspClient, project: Path) -> None:
    client.initialize(project)
    text = "Thanks for waiting.\n"
    uri = client.open(project / "replies" / "edit.txt", text)
    assert client.diagnostics(uri, version=1) == []
    # An incremental edit: insert an emoji and "calm down!!" on the first line.
    insert = "\U0001F600 calm down!! "
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
        {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": insert}]})
    diags = client.diagnostics(uri, version=2)
    new_text = insert + text
    assert codes(diags) == ["XT0301", "XT0801"]
    calm = next(d for d in diags if d["code"] == "XT0301")
    assert calm["range"] == char_range(new_text, 2, 11) == {"start": {"line": 0, "character": 3}, "end": {"line": 0, "character": 12}}
    # Several quick changes are debounced into one lint of the last version.
    for v in (3, 4, 5):
        client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": v}, "contentChanges": [{"text": "All good." if v == 5 else "calm down"}]})
    assert client.diagnostics(uri, version=5) == []


def test_code_actions_apply_to_the_expected_text(client: LspClient, project: Path) -> None:
    client.initialize(project)
    text = "\U0001F600 Please calm down!! It was whatever.\n"
    uri = client.open(project / "replies" / "fix.txt", text)
    diags = client.diagnostics(uri, version=1)
    whole = {"start": {"line": 0, "character": 0}, "end": {"line": 1, "character": 0}}
    actions = client.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": whole, "context": {"diagnostics": diags}})
    titles = [a["title"] for a in actions]
    safe = next(a for a in actions if "(safe fix)" in a["title"])
    unsafe = next(a for a in actions if "(unsafe fix" in a["title"])
    hint = next(a for a in actions if "display-only" in a["title"])
    assert safe["kind"] == "quickfix" and safe.get("isPreferred") is True
    assert safe["diagnostics"][0]["code"] == "XT0801"
    assert apply_edits(text, safe["edit"]["changes"][uri]) == "\U0001F600 Please calm down! It was whatever.\n"
    assert apply_edits(text, unsafe["edit"]["changes"][uri]) == "\U0001F600 Please I can see this has been frustrating!! It was whatever.\n"
    assert "edit" not in hint and hint["command"]["command"] == "replylint.showSuggestion", titles
    assert "here is what i will do next" in hint["title"].lower()
    # The display-only command shows the suggestion and changes nothing.
    client.request("workspace/executeCommand", {"command": hint["command"]["command"], "arguments": hint["command"]["arguments"]})
    shown = client.wait_for("window/showMessage")
    assert "here is what i will do next" in shown["message"].lower()
    # Only the actions for the finding under the cursor when the range is narrow.
    at_bangs = {"start": {"line": 0, "character": 20}, "end": {"line": 0, "character": 20}}  # between the two marks
    narrow = client.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": at_bangs, "context": {"diagnostics": []}})
    assert {d["code"] for a in narrow for d in a.get("diagnostics", [])} == {"XT0801"}
    # Fix-all applies every safe fix.
    fix_all = client.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": whole,
                                                         "context": {"diagnostics": [], "only": ["source.fixAll"]}})
    assert [a["kind"] for a in fix_all] == ["source.fixAll.replylint"]
    assert apply_edits(text, fix_all[0]["edit"]["changes"][uri]) == "\U0001F600 Please calm down! It was whatever.\n"


def test_ignore_rule_for_file_edits_config_and_reloads(client: LspClient, project: Path) -> None:
    client.initialize(project)
    text = "Please calm down!!\n"
    uri = client.open(project / "replies" / "ign.txt", text)
    diags = client.diagnostics(uri, version=1)
    assert codes(diags) == ["XT0301", "XT0801"]
    at = {"start": {"line": 0, "character": 8}, "end": {"line": 0, "character": 8}}
    actions = client.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": at, "context": {"diagnostics": diags}})
    ignore = next(a for a in actions if a["title"].startswith("Ignore XT0301"))
    cfg_path = project / ".replylint.yaml"
    [edits] = ignore["edit"]["changes"].values()
    assert list(ignore["edit"]["changes"]) == [cfg_path.as_uri()]
    new_config = apply_edits(CONFIG, edits)
    assert new_config == CONFIG + 'per-file-ignores:\n  "replies/ign.txt": [XT0301]\n'
    # The editor saves the file; the watcher tells the server, which reloads and re-lints.
    cfg_path.write_text(new_config, encoding="utf-8")
    client.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": cfg_path.as_uri(), "type": 2}]})
    assert codes(client.diagnostics(uri)) == ["XT0801"]


def test_ignore_rule_creates_a_config_when_there_is_none(tmp_path: Path) -> None:
    (tmp_path / "replies").mkdir()
    c = LspClient(tmp_path)
    try:
        c.initialize(tmp_path)
        uri = c.open(tmp_path / "replies" / "a.txt", "Please CALM DOWN NOW, it is fine.\n")
        diags = c.diagnostics(uri)
        if not diags:
            pytest.skip("the shipped rules found nothing in this text")
        code = diags[0]["code"]
        actions = c.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": diags[0]["range"], "context": {"diagnostics": diags}})
        ignore = next(a for a in actions if a["title"].startswith(f"Ignore {code}"))
        create, edit = ignore["edit"]["documentChanges"]
        assert create == {"kind": "create", "uri": (tmp_path / ".replylint.yaml").as_uri(), "options": {"overwrite": False, "ignoreIfExists": True}}
        assert edit["edits"][0]["newText"] == f'per-file-ignores:\n  "replies/a.txt": [{code}]\n'
    finally:
        c.close()


def test_hover_shows_the_rule_rationale(client: LspClient, project: Path) -> None:
    client.initialize(project)
    uri = client.open(project / "replies" / "hover.md", "# Reply\n\n\U0001F600 Please calm down.\n", language="markdown")
    [diag] = client.diagnostics(uri)
    pos = {"line": diag["range"]["start"]["line"], "character": diag["range"]["start"]["character"] + 2}
    hover = client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": pos})
    assert hover["contents"]["kind"] == "markdown"
    assert "XT0301 test-calm" in hover["contents"]["value"]
    assert "TEST RATIONALE" in hover["contents"]["value"]
    assert hover["range"] == diag["range"]
    assert client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 1}}) is None


def test_config_changes_are_picked_up(client: LspClient, project: Path) -> None:
    client.initialize(project)
    uri = client.open(project / "replies" / "cfg.txt", "Calm down!!\n")
    assert codes(client.diagnostics(uri)) == ["XT0301", "XT0801"]
    cfg = project / ".replylint.yaml"
    cfg.write_text("rulesets: [rules]\nselect: [XT]\nignore: [shouting]\nseverity:\n  XT0301: info\n", encoding="utf-8")
    client.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": cfg.as_uri(), "type": 2}]})
    [d] = client.diagnostics(uri)
    assert d["code"] == "XT0301" and d["severity"] == 3
    # A broken config is reported, not a crash; fixing it and saving (didSave of the open config) recovers.
    cfg.write_text("rulesets: [rules]\nselect: [XT]\nbogus-key: 1\n", encoding="utf-8")
    client.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": cfg.as_uri(), "type": 2}]})
    broken = client.diagnostics(uri)
    assert len(broken) == 1 and "bogus-key" in broken[0]["message"]
    on_config = client.diagnostics(cfg.as_uri())
    assert on_config[0]["range"]["start"]["line"] == 2
    cfg.write_text(CONFIG, encoding="utf-8")
    client.open(cfg, CONFIG, language="yaml")
    client.notify("textDocument/didSave", {"textDocument": {"uri": cfg.as_uri()}})
    assert codes(client.diagnostics(uri)) == ["XT0301", "XT0801"]


def test_close_clears_and_shutdown_exits_cleanly(project: Path) -> None:
    c = LspClient(project)
    c.initialize(project)
    uri = c.open(project / "replies" / "bye.txt", "calm down")
    assert c.diagnostics(uri)
    c.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    assert c.diagnostics(uri) == []
    assert c.close() == 0


def test_server_registers_a_config_watcher(client: LspClient, project: Path) -> None:
    client.initialize(project)
    uri = client.open(project / "replies" / "w.txt", "calm down")
    client.diagnostics(uri)
    regs = [r for req in client.server_requests if req["method"] == "client/registerCapability" for r in req["params"]["registrations"]]
    assert regs and regs[0]["method"] == "workspace/didChangeWatchedFiles"
    globs = [w["globPattern"] for w in regs[0]["registerOptions"]["watchers"]]
    assert "**/.replylint.yaml" in globs


def test_lsp_command_without_pygls_says_how_to_install(tmp_path: Path) -> None:
    blocker = tmp_path / "block"
    blocker.mkdir()
    (blocker / "pygls").mkdir()
    (blocker / "pygls" / "__init__.py").write_text("raise ImportError('blocked', name='pygls')\n")
    env = dict(os.environ, PYTHONPATH=str(blocker) + os.pathsep + str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "replylint", "lsp"], capture_output=True, text=True, env=env, timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode == 2
    assert "replylint[lsp]" in proc.stderr and "Traceback" not in proc.stderr


def test_latency_benchmark_script_runs() -> None:
    """The benchmark the issue's 50 ms figure comes from keeps working (a small, generous run)."""
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "lsp_latency.py"), "-n", "10", "--json", "--budget-ms", "500"],
                          capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads(proc.stdout)
    assert report["words"] >= 300
    assert report["lsp_no_debounce"]["findings"] >= 1
    assert report["lsp_debounced"]["debounce_ms"] == 25


@pytest.mark.parametrize("name, language, raw", [
    ("reply.html", "html", "<p>Hi Sam &amp; welcome \U0001F600</p>\n<p>Please <b>calm down</b>, it is fine.</p>\n"),
    ("macros.json", "json", json.dumps({"macros": [{"title": "Late parcel", "actions": [
        {"field": "comment_value", "value": "Hi {{ticket.requester.first_name}},\n\n\U0001F600 \"Please\" calm down."}]}]},
        ensure_ascii=False, indent=2) + "\n"),
    ("canned.yaml", "yaml", "- title: Late parcel\n  content: |\n    Hi \U0001F600 there,\n    please calm down.\n"),
])
def test_readers_are_picked_by_path_with_exact_ranges(client: LspClient, project: Path, name: str, language: str, raw: str) -> None:
    client.initialize(project)
    uri = client.open(project / "replies" / name, raw, language=language)
    diags = client.diagnostics(uri)
    calm = [d for d in diags if d["code"] == "XT0301"]
    assert len(calm) == 1, diags
    start = raw.index("calm down")
    assert calm[0]["range"] == char_range(raw, start, start + len("calm down"))
