"""A real LSP client (pygls's own) driving `python -m alpaco_gen lsp` over stdio."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient

from tests.helpers import REPO

TIMEOUT = 60  # seconds: the first check imports the models and rules; the machine is shared


class Session:
    """One server process and what it has published."""

    def __init__(self, client: LanguageClient) -> None:
        self.client = client
        self.published: dict[str, list[lsp.PublishDiagnosticsParams]] = {}
        self.arrived = asyncio.Condition()
        self.versions: dict[str, int] = {}

    async def record(self, params: lsp.PublishDiagnosticsParams) -> None:
        async with self.arrived:
            self.published.setdefault(params.uri, []).append(params)
            self.arrived.notify_all()

    def open(self, path: Path, text: str) -> str:
        uri = path.resolve().as_uri()
        self.versions[uri] = 1
        self.client.text_document_did_open(lsp.DidOpenTextDocumentParams(
            lsp.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)))
        return uri

    def change(self, uri: str, text: str, span: lsp.Range | None = None) -> int:
        """Replace the whole text, or the `span` of it (an incremental change, as editors send)."""
        self.versions[uri] += 1
        if span is None:
            event: lsp.TextDocumentContentChangeEvent = lsp.TextDocumentContentChangeWholeDocument(text=text)
        else:
            event = lsp.TextDocumentContentChangePartial(range=span, text=text)
        self.client.text_document_did_change(lsp.DidChangeTextDocumentParams(
            lsp.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]), [event]))
        return self.versions[uri]

    async def save(self, uri: str) -> list[lsp.Diagnostic]:
        """Tell the server the document was saved; what it publishes then."""
        before = len(self.published.get(uri, []))
        self.client.text_document_did_save(lsp.DidSaveTextDocumentParams(lsp.TextDocumentIdentifier(uri)))
        return await self._published_after(uri, before)

    async def close(self, uri: str) -> list[lsp.Diagnostic]:
        """Close the document; what the server publishes for it then."""
        before = len(self.published.get(uri, []))
        self.client.text_document_did_close(lsp.DidCloseTextDocumentParams(lsp.TextDocumentIdentifier(uri)))
        return await self._published_after(uri, before)

    async def _published_after(self, uri: str, before: int) -> list[lsp.Diagnostic]:
        async with self.arrived:
            await asyncio.wait_for(self.arrived.wait_for(lambda: len(self.published.get(uri, [])) > before),
                                   TIMEOUT)
        return self.published[uri][before].diagnostics

    async def diagnostics(self, uri: str, version: int | None = None) -> list[lsp.Diagnostic]:
        """The diagnostics published for `version` (default: the latest sent) of `uri`."""
        wanted = self.versions[uri] if version is None else version

        def ready() -> bool:
            return any(p.version == wanted for p in self.published.get(uri, []))

        async with self.arrived:
            await asyncio.wait_for(self.arrived.wait_for(ready), TIMEOUT)
        return next(p.diagnostics for p in reversed(self.published[uri]) if p.version == wanted)

    async def hover(self, uri: str, line: int, character: int) -> lsp.Hover | None:
        return await asyncio.wait_for(self.client.text_document_hover_async(lsp.HoverParams(
            lsp.TextDocumentIdentifier(uri), lsp.Position(line, character))), TIMEOUT)

    async def code_actions(self, uri: str, diagnostics: list[lsp.Diagnostic]) -> list[lsp.CodeAction]:
        span = diagnostics[0].range if diagnostics else lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0))
        result = await asyncio.wait_for(self.client.text_document_code_action_async(lsp.CodeActionParams(
            lsp.TextDocumentIdentifier(uri), span, lsp.CodeActionContext(diagnostics=diagnostics))), TIMEOUT)
        return [a for a in result or [] if isinstance(a, lsp.CodeAction)]


@contextlib.asynccontextmanager
async def session(cwd: Path = REPO) -> AsyncIterator[Session]:
    client = LanguageClient("alpaco-gen-tests", "1")
    current = Session(client)

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    async def on_diagnostics(params: lsp.PublishDiagnosticsParams) -> None:
        await current.record(params)

    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    await client.start_io(sys.executable, "-m", "alpaco_gen", "lsp", cwd=str(cwd), env=env)
    try:
        await asyncio.wait_for(client.initialize_async(lsp.InitializeParams(
            capabilities=lsp.ClientCapabilities(), root_uri=cwd.as_uri())), TIMEOUT)
        client.initialized(lsp.InitializedParams())
        yield current
        await asyncio.wait_for(client.shutdown_async(None), TIMEOUT)
        client.exit(None)
        await asyncio.wait_for(client.stop(), TIMEOUT)
    finally:
        if client._server is not None and client._server.returncode is None:
            client._server.kill()


def apply(text: str, edits: list[lsp.TextEdit]) -> str:
    """`text` with `edits` applied (positions in UTF-16 units, as the server sends them by default)."""
    lines = text.split("\n")

    def offset(position: lsp.Position) -> int:
        before = sum(len(line) + 1 for line in lines[:position.line])
        line = lines[position.line] if position.line < len(lines) else ""
        units = 0
        for i, char in enumerate(line):
            if units >= position.character:
                return before + i
            units += 2 if ord(char) > 0xFFFF else 1
        return before + len(line)

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[:offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end):]
    return text
