"""Time from `didChange` to `publishDiagnostics` of `alpaco-gen lsp`, as an editor sees it.

    python benchmarks/lsp_latency.py [--changes 30] SPEC ...

One server per spec, driven over stdio by pygls's own client. After the document is open and its first
diagnostics are in, each change types or deletes one character at the end of the middle `description:`
line of the spec (a full check, like any keystroke) and waits for the diagnostics of that version before
sending the next, so no change is coalesced with another. The first changes warm the server up and are
not counted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient

ROOT = Path(__file__).resolve().parents[1]
WARM_UP = 3
TIMEOUT = 120


@dataclass
class Latency:
    spec: Path
    seconds: list[float]
    diagnostics: int
    cpu_per_change: float  # the server's own CPU time (all its threads), mean over the measured changes

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def p90(self) -> float:
        return statistics.quantiles(self.seconds, n=10)[-1]


async def measure(spec: Path, changes: int, env: dict[str, str] | None = None) -> Latency:
    """Latencies of `changes` one-character edits of `spec` (after WARM_UP unmeasured ones)."""
    client = LanguageClient("alpaco-gen-benchmark", "1")
    arrived: dict[int, tuple[float, int]] = {}
    published = asyncio.Event()

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params: lsp.PublishDiagnosticsParams) -> None:
        if params.version is not None:
            arrived[params.version] = (time.perf_counter(), len(params.diagnostics))
            published.set()

    async def wait_for(version: int) -> tuple[float, int]:
        while version not in arrived:
            published.clear()
            await asyncio.wait_for(published.wait(), TIMEOUT)
        return arrived[version]

    text = spec.read_text()
    lines = text.split("\n")
    line = _middle_description(lines)
    column = len(lines[line])
    uri = spec.resolve().as_uri()
    await client.start_io(sys.executable, "-m", "alpaco_gen", "lsp", cwd=str(ROOT), env=env)
    try:
        await asyncio.wait_for(client.initialize_async(lsp.InitializeParams(capabilities=lsp.ClientCapabilities())),
                               TIMEOUT)
        client.initialized(lsp.InitializedParams())
        client.text_document_did_open(lsp.DidOpenTextDocumentParams(
            lsp.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)))
        _, count = await wait_for(1)
        seconds = []
        cpu_before = 0.0
        for version in range(2, 2 + WARM_UP + changes):
            if version == 2 + WARM_UP:
                cpu_before = _cpu_seconds(client._server.pid)
            at = lsp.Position(line, column)
            if version % 2 == 0:  # type a character at the end of the description, then delete it
                change = lsp.TextDocumentContentChangePartial(range=lsp.Range(at, at), text="x")
            else:
                change = lsp.TextDocumentContentChangePartial(
                    range=lsp.Range(at, lsp.Position(line, column + 1)), text="")
            sent = time.perf_counter()
            client.text_document_did_change(lsp.DidChangeTextDocumentParams(
                lsp.VersionedTextDocumentIdentifier(uri=uri, version=version), [change]))
            received, _ = await wait_for(version)
            if version >= 2 + WARM_UP:
                seconds.append(received - sent)
        cpu = (_cpu_seconds(client._server.pid) - cpu_before) / changes
        await asyncio.wait_for(client.shutdown_async(None), TIMEOUT)
        client.exit(None)
        await asyncio.wait_for(client.stop(), TIMEOUT)
    finally:
        if client._server is not None and client._server.returncode is None:
            client._server.kill()
    return Latency(spec, seconds, count, cpu)


# One warm, cached check of a spec after a one-character change, stage by stage, as the server runs it.
_STAGES = """
import gc, json, statistics, sys, time
from pathlib import Path
from alpaco_gen.pipeline import suppress
from alpaco_gen.resolve.resolver import resolve
from alpaco_gen.rules import run_rules
from alpaco_gen.spec.loader import load_yaml, locate
from alpaco_gen.spec.sections import YamlCache
from alpaco_gen.spec.validate import parse_spec

gc.set_threshold(200_000, 30, 30)
path = Path(sys.argv[1])
text, line = path.read_text(), int(sys.argv[2])
lines = text.split("\\n")
cache, times = YamlCache(), {}
for i in range(int(sys.argv[3]) + 2):
    changed = "\\n".join(lines[:line] + [lines[line] + "x" * (i % 2)] + lines[line + 1:])
    clock = [time.process_time()]
    loaded = load_yaml(path, path.name, changed, cache)
    clock.append(time.process_time())
    spec, found = parse_spec(loaded)
    clock.append(time.process_time())
    service, references = resolve(spec, path.name)
    clock.append(time.process_time())
    findings = run_rules(service)
    clock.append(time.process_time())
    locate(suppress(found + references + findings, spec, ()), loaded)
    clock.append(time.process_time())
    if i >= 2:
        for stage, start, end in zip(("load", "models", "resolve", "rules", "report"), clock, clock[1:]):
            times.setdefault(stage, []).append(end - start)
print(json.dumps({stage: statistics.median(values) for stage, values in times.items()}))
"""


def stage_cpu(spec: Path, repeats: int = 9) -> dict[str, float]:
    """Median CPU seconds of each pipeline stage of a cached check after a change (a fresh process)."""
    line = _middle_description(spec.read_text().split("\n"))
    proc = subprocess.run([sys.executable, "-c", _STAGES, str(spec), str(line), str(repeats)], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def _middle_description(lines: list[str]) -> int:
    descriptions = [i for i, line in enumerate(lines) if line.lstrip().startswith("description: ")]
    return descriptions[len(descriptions) // 2]  # the middle one: of a function, in the 1,000-function spec


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a running process so far (Linux /proc, in clock ticks of 10 ms)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=30)
    parser.add_argument("specs", type=Path, nargs="+")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    for spec in args.specs:
        result = asyncio.run(measure(spec, args.changes, env))
        print(f"{spec}: median {result.median * 1e3:.1f} ms, p90 {result.p90 * 1e3:.1f} ms, "
              f"CPU {result.cpu_per_change * 1e3:.1f} ms per change, {result.diagnostics} diagnostics, "
              f"{len(result.seconds)} changes")
        stages = ", ".join(f"{stage} {cpu * 1e3:.1f} ms" for stage, cpu in stage_cpu(spec).items())
        print(f"  CPU by stage: {stages}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
