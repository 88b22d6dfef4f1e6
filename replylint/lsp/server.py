"""The language server: diagnostics, quick fixes, ignore-for-file, hover, config reload.

Built on pygls (JSON-RPC, document sync, position-encoding negotiation) and
lsprotocol (the LSP types). Every open document is linted with the reader its
path picks (plain text, Markdown, HTML, macro JSON/YAML, JSONL) and the config
that applies to it (found upward from the file, exactly as `replylint check`
does), on open at once and on change after a short debounce.

Positions: replylint reports character offsets; they are converted to the
negotiated LSP encoding (UTF-16 code units by default) by `positions.LineIndex`.
"""
from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from lsprotocol import types as t
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from .. import __version__
from .. import api, config as config_mod
from ..config import CONFIG_NAMES, Config, ConfigError
from ..document import Source
from ..engine import LanguageNotLinted, RuleTimeout
from ..model import Applicability, Diagnostic, Severity
from ..readers import InputError, ReadOptions
from ..ruleset import RulesetError
from . import configedit
from .positions import LineIndex

log = logging.getLogger("replylint.lsp")

SOURCE = "replylint"
CMD_SHOW = "replylint.showSuggestion"
CMD_IGNORE = "replylint.ignoreRuleForFile"
FIX_ALL_KIND = "source.fixAll.replylint"
SEVERITY = {Severity.ERROR: t.DiagnosticSeverity.Error, Severity.WARNING: t.DiagnosticSeverity.Warning,
            Severity.INFO: t.DiagnosticSeverity.Information}
# Untitled buffers have no path: pick the reader from the editor's language id.
LANGUAGE_SUFFIX = {"plaintext": ".txt", "markdown": ".md", "html": ".html", "json": ".json", "jsonc": ".json",
                   "yaml": ".yaml", "jsonl": ".jsonl"}
WATCHED = ["**/.replylint.yaml", "**/.replylint.yml", "**/pyproject.toml"]


@dataclass(slots=True)
class LintResult:
    """The last lint of one document version."""

    version: int | None
    text: str
    path: str
    index: LineIndex
    findings: list[Diagnostic] = field(default_factory=list)
    lsp: list[t.Diagnostic] = field(default_factory=list)
    config: Config | None = None
    seconds: float = 0.0


class ReplylintServer(LanguageServer):
    def __init__(self, debounce: float = 0.025) -> None:
        super().__init__(name="replylint", version=__version__, text_document_sync_kind=t.TextDocumentSyncKind.Incremental)
        self.debounce = debounce
        self.results: dict[str, LintResult] = {}
        self.open_docs: dict[str, None] = {}  # URIs exactly as the client sent them, in opening order
        self.timers: dict[str, asyncio.TimerHandle] = {}
        self.default_config = Config()
        self.config_problem: ConfigError | RulesetError | None = None

    # --- documents ------------------------------------------------------------------
    def encoding(self) -> str:
        enc = str(getattr(self.workspace, "position_encoding", None) or "utf-16")
        return enc if enc in ("utf-8", "utf-16", "utf-32") else "utf-16"

    def path_of(self, uri: str, language_id: str | None = None) -> str:
        path = to_fs_path(uri) if uri.startswith("file:") else None
        if path:
            return path
        root = self.workspace.root_path or str(Path.cwd())
        name = uri.rsplit("/", 1)[-1].replace(":", "_") or "untitled"
        if not Path(name).suffix:
            name += LANGUAGE_SUFFIX.get(language_id or "", ".txt")
        return str(Path(root) / name)

    def config_for(self, path: str) -> Config:
        cfg = config_mod.discover(path)
        return cfg if cfg.path is not None else self.default_config

    def lint(self, uri: str) -> LintResult:
        """Lint the document's current text (cached per version)."""
        doc = self.workspace.get_text_document(uri)
        cached = self.results.get(uri)
        if cached is not None and cached.version == doc.version and cached.text == doc.source:
            return cached
        started = time.perf_counter()
        text = doc.source
        path = self.path_of(uri, doc.language_id)
        result = LintResult(doc.version, text, path, LineIndex(text, self.encoding()))
        try:
            cfg = self.config_for(path)
            result.config = cfg
            if not cfg.excluded(path):
                options = ReadOptions(macro_fields=tuple(cfg.macro_fields))
                result.findings, notes = api.lint_source(Source(path, text), options=options, config=cfg)
                for note in notes:
                    log.info("%s", note)
        except (ConfigError, RulesetError) as exc:
            self.report_config_problem(exc)
            result.lsp = [t.Diagnostic(range=t.Range(t.Position(0, 0), t.Position(0, 0)), severity=t.DiagnosticSeverity.Error,
                                       source=SOURCE, message=f"replylint cannot use its configuration: {exc}")]
        except InputError as exc:
            line = max((exc.line or 1) - 1, 0)
            result.lsp = [t.Diagnostic(range=t.Range(t.Position(line, 0), t.Position(line, 0)), severity=t.DiagnosticSeverity.Information,
                                       source=SOURCE, message=f"replylint cannot read this file: {exc}")]
        except (LanguageNotLinted, RuleTimeout, TimeoutError) as exc:
            log.warning("%s: not linted: %s", path, exc)
        if result.findings:
            result.lsp = [self.to_lsp(result, d) for d in result.findings]
        result.seconds = time.perf_counter() - started
        self.results[uri] = result
        return result

    def to_lsp(self, result: LintResult, d: Diagnostic) -> t.Diagnostic:
        message = d.message
        if d.matched and not d.document_level and len(d.matched) <= 80:
            message += f" \u201c{d.matched}\u201d"
        message += f" [{d.name}]"
        hints = [s for s in d.suggestions if s.applicability is Applicability.DISPLAY_ONLY or not s.edits]
        for s in hints:
            message += f"\nSuggestion (edit by hand): {s.title}" + (f": \u201c{s.replacement}\u201d" if s.replacement and s.replacement != s.title else "")
        return t.Diagnostic(
            range=self.range(result.index, d.offset, d.offset + d.length),
            severity=SEVERITY[d.severity],
            code=d.code,
            source=SOURCE,
            message=message,
            data={"code": d.code, "name": d.name, "category": d.category, "offset": d.offset, "length": d.length},
        )

    @staticmethod
    def range(index: LineIndex, start: int, end: int) -> t.Range:
        sl, sc = index.position(start)
        el, ec = index.position(end)
        return t.Range(t.Position(sl, sc), t.Position(el, ec))

    def publish(self, uri: str) -> None:
        self.timers.pop(uri, None)
        if uri not in self.open_docs:  # closed meanwhile
            return
        result = self.lint(uri)
        self.text_document_publish_diagnostics(t.PublishDiagnosticsParams(uri=uri, diagnostics=result.lsp, version=result.version))

    def schedule(self, uri: str) -> None:
        old = self.timers.pop(uri, None)
        if old is not None:
            old.cancel()
        if self.debounce <= 0:
            self.publish(uri)
            return
        self.timers[uri] = asyncio.get_running_loop().call_later(self.debounce, self.publish, uri)

    def open_uris(self) -> list[str]:
        return list(self.open_docs)

    # --- configuration -----------------------------------------------------------------
    def report_config_problem(self, exc: ConfigError | RulesetError) -> None:
        if self.config_problem is not None and str(self.config_problem) == str(exc):
            return
        self.config_problem = exc
        self.window_show_message(t.ShowMessageParams(type=t.MessageType.Error, message=f"replylint: {exc}"))
        uri = from_fs_path(exc.path)
        if uri:
            line = max(exc.line - 1, 0)
            self.text_document_publish_diagnostics(t.PublishDiagnosticsParams(uri=uri, diagnostics=[t.Diagnostic(
                range=t.Range(t.Position(line, 0), t.Position(line, 1000)), severity=t.DiagnosticSeverity.Error,
                source=SOURCE, message=exc.message)]))

    def reload(self) -> None:
        """Forget every cached config, ruleset and linter, then re-lint the open documents."""
        for owner, name in ((config_mod, "_find_for_dir"), (config_mod, "load_cached"), (api, "_ruleset")):
            cached = getattr(owner, name, None)
            if hasattr(cached, "cache_clear"):
                cached.cache_clear()  # functools.lru_cache
        linters = getattr(api, "_LINTERS", None)
        if isinstance(linters, dict):
            linters.clear()
        self.default_config = Config()
        if self.config_problem is not None:
            old = from_fs_path(self.config_problem.path)
            self.config_problem = None
            if old:
                self.text_document_publish_diagnostics(t.PublishDiagnosticsParams(uri=old, diagnostics=[]))
        self.results.clear()
        for uri in self.open_uris():
            if Path(self.path_of(uri)).name not in CONFIG_NAMES:
                self.publish(uri)

    # --- code actions ------------------------------------------------------------------------
    def code_actions(self, params: t.CodeActionParams) -> list[t.CodeAction]:
        uri = params.text_document.uri
        result = self.lint(uri)
        only = params.context.only
        wants = lambda kind: only is None or any(kind == k or kind.startswith(str(k) + ".") for k in only)  # noqa: E731
        index = result.index
        lo = index.offset(params.range.start.line, params.range.start.character)
        hi = index.offset(params.range.end.line, params.range.end.character)
        actions: list[t.CodeAction] = []
        ignored: set[str] = set()
        if wants(t.CodeActionKind.QuickFix):
            for d, ld in zip(result.findings, result.lsp):
                if not (d.offset <= hi and lo <= d.offset + d.length):
                    continue
                preferred = True
                for s in d.suggestions:
                    if s.applicability is Applicability.DISPLAY_ONLY or not s.edits:
                        text = s.title + (f": \u201c{s.replacement}\u201d" if s.replacement and s.replacement != s.title else "")
                        actions.append(t.CodeAction(
                            title=f"Suggestion, edit by hand (display-only): {text}", kind=t.CodeActionKind.QuickFix,
                            diagnostics=[ld], command=t.Command(title="Show the suggestion", command=CMD_SHOW, arguments=[text])))
                        continue
                    label = "safe fix" if s.applicability is Applicability.SAFE else "unsafe fix: rewords, read it first"
                    edits = [t.TextEdit(range=self.range(index, e.offset, e.offset + e.length), new_text=e.replacement) for e in s.edits]
                    actions.append(t.CodeAction(
                        title=f"{s.title} ({label})", kind=t.CodeActionKind.QuickFix, diagnostics=[ld],
                        is_preferred=preferred and s.applicability is Applicability.SAFE,
                        edit=t.WorkspaceEdit(changes={uri: edits})))
                    preferred = False
                if d.code not in ignored:
                    ignored.add(d.code)
                    action = self.ignore_action(uri, result, d, ld)
                    if action is not None:
                        actions.append(action)
        if wants(FIX_ALL_KIND) or (only is not None and wants(t.CodeActionKind.SourceFixAll)):
            fix_all = self.fix_all_action(uri, result)
            if fix_all is not None:
                actions.append(fix_all)
        return actions

    def fix_all_action(self, uri: str, result: LintResult) -> t.CodeAction | None:
        chosen: list[tuple[int, int, str]] = []
        for d in result.findings:
            for s in d.suggestions:
                if s.applicability is Applicability.SAFE and s.edits:
                    spans = [(e.offset, e.offset + e.length, e.replacement) for e in s.edits]
                    if all(not (a < y and x < b) and not (a == b == x == y) for a, b, _ in spans for x, y, _ in chosen):
                        chosen.extend(spans)
                    break
        if not chosen:
            return None
        chosen.sort()
        edits = [t.TextEdit(range=self.range(result.index, a, b), new_text=r) for a, b, r in chosen]
        return t.CodeAction(title=f"Apply all safe replylint fixes ({len(edits)})", kind=FIX_ALL_KIND,
                            edit=t.WorkspaceEdit(changes={uri: edits}))

    def ignore_action(self, uri: str, result: LintResult, d: Diagnostic, ld: t.Diagnostic) -> t.CodeAction | None:
        edit = self.ignore_edit(result.path, d.code, result.config)
        if edit is None:
            return None
        name = Path(edit.path).name
        title = f"Ignore {d.code} ({d.name}) for this file in {name}"
        cfg_uri = from_fs_path(edit.path)
        if edit.create:
            caps = self.client_capabilities.workspace
            ops = (caps.workspace_edit.resource_operations or []) if caps and caps.workspace_edit else []
            if t.ResourceOperationKind.Create not in ops:
                return t.CodeAction(title=title, kind=t.CodeActionKind.QuickFix, diagnostics=[ld],
                                    command=t.Command(title=title, command=CMD_IGNORE, arguments=[uri, d.code]))
            changes: list[Any] = [
                t.CreateFile(uri=cfg_uri, options=t.CreateFileOptions(overwrite=False, ignore_if_exists=True)),
                t.TextDocumentEdit(text_document=t.OptionalVersionedTextDocumentIdentifier(uri=cfg_uri, version=None),
                                   edits=[t.TextEdit(range=t.Range(t.Position(0, 0), t.Position(0, 0)), new_text=edit.new_text)]),
            ]
            return t.CodeAction(title=title, kind=t.CodeActionKind.QuickFix, diagnostics=[ld], edit=t.WorkspaceEdit(document_changes=changes))
        start, end, inserted = configedit.minimal_change(edit.old_text, edit.new_text)
        index = LineIndex(edit.old_text, self.encoding())
        text_edit = t.TextEdit(range=self.range(index, start, end), new_text=inserted)
        return t.CodeAction(title=title, kind=t.CodeActionKind.QuickFix, diagnostics=[ld], edit=t.WorkspaceEdit(changes={cfg_uri: [text_edit]}))

    def ignore_edit(self, doc_path: str, code: str, cfg: Config | None) -> configedit.ConfigEdit | None:
        config_path = cfg.path if cfg is not None else None
        text = None
        if config_path:
            cfg_uri = from_fs_path(config_path)
            if unquote(cfg_uri) in self.workspace.text_documents:  # open in the editor: edit what the user sees
                text = self.workspace.get_text_document(cfg_uri).source
        try:
            return configedit.ignore_rule(doc_path, code, config_path, text, self.new_config_dir(doc_path))
        except OSError as exc:
            log.warning("cannot edit the config for %s: %s", doc_path, exc)
            return None

    def new_config_dir(self, doc_path: str) -> str:
        """Where a new .replylint.yaml goes: the workspace folder holding the file, else its folder."""
        p = Path(doc_path).resolve()
        folders = [to_fs_path(f.uri) for f in self.workspace.folders.values()] or [self.workspace.root_path]
        best = None
        for folder in folders:
            if not folder:
                continue
            try:
                p.relative_to(Path(folder).resolve())
            except ValueError:
                continue
            if best is None or len(str(folder)) > len(best):
                best = str(Path(folder).resolve())
        return best or str(p.parent)

    # --- hover ---------------------------------------------------------------------------------
    def hover(self, params: t.HoverParams) -> t.Hover | None:
        result = self.lint(params.text_document.uri)
        offset = result.index.offset(params.position.line, params.position.character)
        hits = [(d, ld) for d, ld in zip(result.findings, result.lsp) if d.offset <= offset <= d.offset + d.length]
        if not hits:
            return None
        rules = {}
        try:
            rules = {r.code: r for r in api.get_ruleset(result.config).rules()}
        except (ConfigError, RulesetError):
            pass
        parts = []
        for d, _ in hits:
            rule = rules.get(d.code)
            lines = [f"**{d.code} {d.name}** \u00b7 {d.category} \u00b7 {d.severity}", "", d.message]
            if rule is not None and rule.rationale:
                lines += ["", "**Why it matters**", "", rule.rationale.strip()]
            if d.suggestions:
                lines += ["", "**Fix**", ""]
                lines += [f"- ({s.applicability}) {s.title}" + (f": \u201c{s.replacement}\u201d" if s.replacement and s.replacement != s.title else "")
                          for s in d.suggestions]
            lines += ["", f"`replylint explain {d.code}` shows examples; ignore it for this file from the quick-fix menu."]
            parts.append("\n".join(lines))
        first = hits[0][1].range
        return t.Hover(contents=t.MarkupContent(kind=t.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)), range=first)


def build_server(debounce: float = 0.025) -> ReplylintServer:
    server = ReplylintServer(debounce=debounce)

    @server.feature(t.INITIALIZE)
    def initialize(ls: ReplylintServer, params: t.InitializeParams) -> None:
        opts = params.initialization_options
        if isinstance(opts, dict) and isinstance(opts.get("debounceMs"), (int, float)):
            ls.debounce = max(float(opts["debounceMs"]), 0.0) / 1000

    @server.feature(t.INITIALIZED)
    def initialized(ls: ReplylintServer, params: t.InitializedParams) -> None:
        caps = ls.client_capabilities.workspace
        watch = caps.did_change_watched_files if caps else None
        if watch is not None and watch.dynamic_registration:
            ls.client_register_capability(t.RegistrationParams(registrations=[t.Registration(
                id="replylint-config-watch", method=t.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=t.DidChangeWatchedFilesRegistrationOptions(watchers=[t.FileSystemWatcher(glob_pattern=g) for g in WATCHED]),
            )]))

    @server.feature(t.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: ReplylintServer, params: t.DidOpenTextDocumentParams) -> None:
        if Path(ls.path_of(params.text_document.uri)).name in CONFIG_NAMES:
            return
        ls.open_docs[params.text_document.uri] = None
        ls.publish(params.text_document.uri)

    @server.feature(t.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ReplylintServer, params: t.DidChangeTextDocumentParams) -> None:
        if params.text_document.uri not in ls.open_docs:
            return
        ls.schedule(params.text_document.uri)

    @server.feature(t.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: ReplylintServer, params: t.DidSaveTextDocumentParams) -> None:
        if Path(ls.path_of(params.text_document.uri)).name in CONFIG_NAMES:
            ls.reload()

    @server.feature(t.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ReplylintServer, params: t.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        timer = ls.timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        ls.results.pop(uri, None)
        if ls.open_docs.pop(uri, False) is False:
            return
        ls.text_document_publish_diagnostics(t.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(t.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched(ls: ReplylintServer, params: t.DidChangeWatchedFilesParams) -> None:
        names = {Path(to_fs_path(c.uri) or c.uri).name for c in params.changes}
        if names & set(CONFIG_NAMES) or any(n.endswith((".yaml", ".yml")) for n in names):
            ls.reload()

    @server.feature(t.TEXT_DOCUMENT_CODE_ACTION, t.CodeActionOptions(
        code_action_kinds=[t.CodeActionKind.QuickFix, FIX_ALL_KIND], resolve_provider=False))
    def code_action(ls: ReplylintServer, params: t.CodeActionParams) -> list[t.CodeAction]:
        return ls.code_actions(params)

    @server.feature(t.TEXT_DOCUMENT_HOVER)
    def hover(ls: ReplylintServer, params: t.HoverParams) -> t.Hover | None:
        return ls.hover(params)

    @server.command(CMD_SHOW)
    def show_suggestion(ls, *args):
        text = str(args[0]) if args else ""
        ls.window_show_message(t.ShowMessageParams(type=t.MessageType.Info, message=f"replylint suggests: {text}"))
        return None

    @server.command(CMD_IGNORE)
    def ignore_rule_for_file(ls, *args):
        """Fallback for clients that cannot create files through a WorkspaceEdit: write the config here."""
        uri, code = str(args[0]), str(args[1])
        result = ls.lint(uri)
        edit = ls.ignore_edit(result.path, code, result.config)
        if edit is None:
            ls.window_show_message(t.ShowMessageParams(type=t.MessageType.Warning, message=f"replylint: cannot add {code} to per-file-ignores"))
            return None
        Path(edit.path).write_text(edit.new_text, encoding="utf-8")
        ls.reload()
        return None

    return server
