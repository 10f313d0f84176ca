"""Fuzz the pipeline with seeded mutations of every example spec: whatever the input, the answer is exit 0,
1 or 2 with located findings or a clear message, never an internal error, and each case takes under 2 s.

The pipeline runs in-process (the functions the CLI calls, with exceptions mapped by the CLI's own
`exit_code`), which is what lets 10,000 cases fit in a few minutes. FUZZ_CASES and FUZZ_SEED override the
defaults; a failure names the seed and case, and saves the spec that caused it next to the test's tmp files.
"""

from __future__ import annotations

import os
import random
import time
import traceback
from pathlib import Path

from alpaco_gen.cli_support import EXIT_FINDINGS, EXIT_OK, exit_code
from alpaco_gen.pipeline import check_spec, render_files
from alpaco_gen.report import format_findings
from alpaco_gen.rules import catalog
from tests.fuzz.mutator import Mutator
from tests.helpers import SPECS

CASES = int(os.environ.get("FUZZ_CASES", "10200"))
SEED = int(os.environ.get("FUZZ_SEED", "20261203"))
MAX_SECONDS = 2.0
FORMATS = ("text", "json", "sarif", "github")


def run_case(spec: Path, out: Path, fmt: str, render: bool) -> tuple[int, str]:
    """(exit code, what a user would read) of `validate`/`render` on `spec`, the way the CLI gets them."""
    try:
        checked = check_spec(spec)
        report = format_findings(checked.findings, fmt, rules=catalog())
        unlocated = [f for f in checked.findings if not (f.file and f.line >= 1 and f.column >= 1)]
        assert not unlocated, f"findings without a position: {unlocated}"
        if checked.has_errors:
            return EXIT_FINDINGS, report
        if render:
            files = render_files(checked, out)
            assert files and all(text.endswith("\n") for text in files.values())
        return EXIT_OK, report
    except Exception as exc:  # noqa: BLE001 - mapped exactly as alpaco_gen.cli.main maps them
        code = exit_code(exc)
        if code is None:
            raise AssertionError(f"internal error: {type(exc).__name__}: {exc}\n{traceback.format_exc()}") from exc
        message = str(exc)
        assert message.strip() and "Traceback" not in message
        return code, message


def test_mutated_specs_never_cause_an_internal_error(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "specs").mkdir(parents=True)
    (project / "pyproject.toml").write_text("")
    spec = project / "specs" / "service.yaml"
    mutators = [Mutator(path.read_text(encoding="utf-8"), random.Random(f"{SEED}:{path.name}")) for path in SPECS]
    for path in SPECS:  # warm up: imports, compiled templates and detect-secrets are not a case's time
        spec.write_bytes(path.read_bytes())
        run_case(spec, project / "generated", "text", render=True)
    failures: list[str] = []
    counts = {0: 0, 1: 0, 2: 0}
    slowest = (0.0, -1)
    started, cpu = time.perf_counter(), time.process_time()
    for case in range(CASES):
        mutator = mutators[case % len(mutators)]
        raw = mutator.mutate()
        spec.write_bytes(raw)
        # Every format, but mostly text: json/sarif indent with the pure-Python encoder, the main cost otherwise.
        fmt = FORMATS[case // 4 % len(FORMATS)] if case % 4 == 0 else "text"
        start = time.perf_counter()
        try:
            code, _ = run_case(spec, project / "generated", fmt, render=case % 5 == 0)
            counts[code] += 1
        except AssertionError as exc:
            saved = tmp_path / f"failing-{case}.yaml"
            saved.write_bytes(raw)
            failures.append(f"case {case} (seed {SEED}, saved as {saved}): {exc}")
        elapsed = time.perf_counter() - start
        slowest = max(slowest, (elapsed, case))
        if elapsed > MAX_SECONDS:
            saved = tmp_path / f"slow-{case}.yaml"
            saved.write_bytes(raw)
            failures.append(f"case {case} (seed {SEED}, saved as {saved}) took {elapsed:.2f} s")
    total, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"\nfuzz: {CASES} cases in {total:.1f} s wall, {cpu:.1f} s CPU ({1000 * cpu / CASES:.1f} ms each), "
          f"exit codes {counts}, slowest case {slowest[1]} at {slowest[0]:.2f} s")
    assert not failures, "\n\n".join(failures[:5]) + f"\n\n{len(failures)} failing cases"
    assert sum(counts.values()) == CASES >= 10_000 or "FUZZ_CASES" in os.environ
    assert all(counts.values()), f"every exit code should occur among {CASES} mutations: {counts}"
