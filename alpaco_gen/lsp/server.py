"""`alpaco-gen lsp`: a language server over stdio (pygls) for service.yaml files.

It publishes the findings of the same pipeline `validate` runs, on the editor's unsaved text, on open, change
and save; hover shows `explain` for a rule id or name under the cursor and for the findings there; code
actions apply fixes that rules mark as mechanical (a `Fix` on the finding). Models and rules stay loaded, so
a keystroke costs only the pipeline.

Checks run on one worker thread, so hover and code actions are answered while a large spec is checked.
Edits that arrive during a check coalesce: when it ends, the latest text is checked once more. A small spec
is therefore checked on every keystroke with no added delay, and a large one as often as it can be.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.workspace import PositionCodec, TextDocument

from alpaco_gen import __version__
from alpaco_gen.diagnostics import Finding, Fix, Severity, UnusableInput
from alpaco_gen.lsp.edits import fix_edits, token_range
from alpaco_gen.spec.sections import YamlCache

SOURCE = "alpaco-gen"
_SEVERITY = {Severity.ERROR: lsp.DiagnosticSeverity.Error, Severity.WARNING: lsp.DiagnosticSeverity.Warning,
             Severity.NOTE: lsp.DiagnosticSeverity.Information}
_WORD = re.compile(r"[A-Za-z0-9_-]+")
log = logging.getLogger(__name__)


class SpecServer(LanguageServer):
    """The server and what it keeps per open document: its last diagnostics and its parsed pieces."""

    def __init__(self) -> None:
        super().__init__(SOURCE, __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental)
        self.checker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="alpaco-gen-check")
        self.checking: set[str] = set()
        self.stale: set[str] = set()
        self.published: dict[str, list[lsp.Diagnostic]] = {}
        self.caches: dict[str, YamlCache] = {}  # used by the checker thread only
        self.tasks: set[asyncio.Task[None]] = set()  # the loop keeps only weak references to tasks

    def request_check(self, uri: str) -> None:
        """Check `uri` now, or once more after the check under way (which is then out of date)."""
        if uri in self.checking:
            self.stale.add(uri)
            return
        self.checking.add(uri)
        task = asyncio.get_running_loop().create_task(self._check_until_current(uri))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _check_until_current(self, uri: str) -> None:
        loop = asyncio.get_running_loop()
        try:
            while True:
                self.stale.discard(uri)
                document = self.workspace.get_text_document(uri)
                text, version = document.source, document.version
                cache = self.caches.setdefault(uri, YamlCache())
                diagnostics = await loop.run_in_executor(self.checker, diagnose, _spec_path(document), text, cache)
                if uri not in self.stale:
                    break
            if uri not in self.workspace.text_documents:
                return  # closed meanwhile: its diagnostics were cleared
            diagnostics = _to_client_units(document.position_codec, text, diagnostics)
            self.published[uri] = diagnostics
            self.text_document_publish_diagnostics(
                lsp.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version))
        finally:
            self.checking.discard(uri)


def diagnose(path: Path, text: str, cache: YamlCache | None = None) -> list[lsp.Diagnostic]:
    """The diagnostics of `text`, checked as the spec at `path`, in code points (see `_to_client_units`)."""
    from alpaco_gen.pipeline import check_spec

    lines = text.split("\n")
    try:
        checked = check_spec(path, text=text, cache=cache)
    except UnusableInput as exc:
        return [_diagnostic(lines, (1, 1), lsp.DiagnosticSeverity.Error, str(exc))]
    except Exception as exc:  # a fault of ours: say so in the editor rather than go quiet
        log.exception("checking %s failed", path)
        return [_diagnostic(lines, (1, 1), lsp.DiagnosticSeverity.Error,
                            f"alpaco-gen internal error: {type(exc).__name__}: {exc}")]
    return [_from_finding(lines, f, checked.spec_file) for f in checked.findings]


def _from_finding(lines: list[str], finding: Finding, spec_file: str) -> lsp.Diagnostic:
    message = finding.message
    if finding.file and finding.file != spec_file:  # a finding in another file: shown at the top
        message = f"{finding.file}:{finding.line}:{finding.column}: {message}"
    if finding.help:
        message += f"\nhelp: {finding.help}"
    where = (finding.line, finding.column) if finding.file == spec_file and finding.line else (1, 1)
    data = None
    if finding.fix is not None:
        data = {"path": list(finding.path), "title": finding.fix.title, "replacement": finding.fix.replacement}
    return _diagnostic(lines, where, _SEVERITY[finding.severity], message, finding.rule_id, data)


def _diagnostic(lines: list[str], where: tuple[int, int], severity: lsp.DiagnosticSeverity, message: str,
                code: str | None = None, data: Any = None) -> lsp.Diagnostic:
    (start_line, start), (end_line, end) = token_range(lines, *where)
    return lsp.Diagnostic(range=lsp.Range(lsp.Position(start_line, start), lsp.Position(end_line, end)),
                          severity=severity, code=code, source=SOURCE, message=message, data=data)


def _to_client_units(codec: PositionCodec, text: str, diagnostics: list[lsp.Diagnostic]) -> list[lsp.Diagnostic]:
    """Columns in the client's units (UTF-16 unless it chose otherwise) instead of code points."""
    if text.isascii():
        return diagnostics
    lines = text.split("\n")
    for d in diagnostics:
        d.range = codec.range_to_client_units(lines, d.range)
    return diagnostics


def _spec_path(document: TextDocument) -> Path:
    """The file a document is checked as; an unsaved one is checked as if in the working directory."""
    if document.uri.startswith("file:") and document.path:
        return Path(document.path)
    return Path.cwd() / (document.filename or "service.yaml")


server = SpecServer()


@server.feature(lsp.INITIALIZED)
def initialized(ls: SpecServer, params: lsp.InitializedParams) -> None:
    ls.checker.submit(_load_models_and_rules)


def _load_models_and_rules() -> None:
    """Pay for importing the pipeline, the models and the rule catalog before the first document arrives."""
    from alpaco_gen.pipeline import check_spec  # noqa: F401
    from alpaco_gen.resolve.resolver import resolve  # noqa: F401
    from alpaco_gen.rules import catalog
    from alpaco_gen.spec.validate import parse_spec  # noqa: F401

    catalog()
    # What is loaded now lives as long as the server: keep the cyclic GC from walking it on every check.
    gc.freeze()


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: SpecServer, params: lsp.DidOpenTextDocumentParams) -> None:
    ls.request_check(params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: SpecServer, params: lsp.DidChangeTextDocumentParams) -> None:
    ls.request_check(params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: SpecServer, params: lsp.DidSaveTextDocumentParams) -> None:
    ls.request_check(params.text_document.uri)  # `source` folders may have appeared on disk meanwhile


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: SpecServer, params: lsp.DidCloseTextDocumentParams) -> None:
    ls.published.pop(params.text_document.uri, None)
    ls.caches.pop(params.text_document.uri, None)
    ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))


@server.feature(lsp.TEXT_DOCUMENT_HOVER)
def hover(ls: SpecServer, params: lsp.HoverParams) -> lsp.Hover | None:
    """`explain` of the rule named under the cursor (`AG201`, `reserved-environment-variable`), else of the
    findings at the cursor."""
    from alpaco_gen.rules import find
    from alpaco_gen.rules.docs import explain_text

    document = ls.workspace.get_text_document(params.text_document.uri)
    position = document.position_from_client_units(params.position)
    line = document.lines[position.line] if position.line < len(document.lines) else ""
    rules = []
    for match in _WORD.finditer(line):
        if match.start() <= position.character <= match.end() and (rule := find(match.group())):
            rules.append(rule)
    if not rules:
        client_position = params.position
        for d in ls.published.get(document.uri, []):
            if d.code and _contains(d.range, client_position) and (rule := find(str(d.code))):
                rules.append(rule)
    if not rules:
        return None
    unique = list(dict.fromkeys(rules))
    text = "\n\n---\n\n".join(explain_text(rule) for rule in unique)
    return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=text))


def _contains(span: lsp.Range, position: lsp.Position) -> bool:
    start, end = (span.start.line, span.start.character), (span.end.line, span.end.character)
    return start <= (position.line, position.character) <= end


@server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION,
                lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]))
def code_action(ls: SpecServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
    """A quick fix for each diagnostic in the request whose finding has a mechanical fix."""
    document = ls.workspace.get_text_document(params.text_document.uri)
    actions = []
    for d in params.context.diagnostics:
        if d.source != SOURCE or not isinstance(d.data, dict) or "path" not in d.data:
            continue
        fix = Fix(str(d.data["title"]), d.data.get("replacement"))
        edits = fix_edits(document.source, tuple(d.data["path"]), fix)
        if not edits:
            continue
        lines, codec = document.lines, document.position_codec
        text_edits = [lsp.TextEdit(range=codec.range_to_client_units(
            lines, lsp.Range(lsp.Position(*e.start), lsp.Position(*e.end))), new_text=e.text) for e in edits]
        actions.append(lsp.CodeAction(title=fix.title, kind=lsp.CodeActionKind.QuickFix, diagnostics=[d],
                                      is_preferred=True,
                                      edit=lsp.WorkspaceEdit(changes={document.uri: text_edits})))
    return actions


def serve() -> None:
    """Serve one client over stdin/stdout until it exits."""
    server.start_io()
