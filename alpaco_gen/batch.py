"""Many specs in one run: find them, check each (every environment), report once, exit with the worst.

A monorepo or a pre-commit hook calls alpaco-gen once for all its specs. Each spec is checked on its own (one
that cannot be read does not stop the others); the report groups findings per spec and ends with one summary.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from alpaco_gen.diagnostics import Finding, UnusableInput, UsageError
from alpaco_gen.pipeline import Checked

STDIN = "-"
SPEC_SUFFIXES = (".yaml", ".yml")
EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2


@dataclass
class SpecResult:
    """One spec argument: its checked environments, or why it could not be used at all."""

    spec_file: str
    checks: list[Checked] = field(default_factory=list)
    unusable: str = ""

    @property
    def findings(self) -> list[Finding]:
        from alpaco_gen.environments import report_findings

        return report_findings(self.checks) if self.checks else []

    @property
    def has_errors(self) -> bool:
        return any(c.has_errors for c in self.checks)

    @property
    def exit_code(self) -> int:
        return EXIT_UNUSABLE if self.unusable else EXIT_FINDINGS if self.has_errors else EXIT_OK


def discover(arguments: Sequence[str], *, stdin: bool = False) -> list[str]:
    """Spec files named by the arguments: files as given, a folder's *.yaml/*.yml, `-` for standard input.

    With no argument: `service.yaml` of the current folder, else `specs/*.yaml` there.
    """
    if not arguments:
        for default in ("service.yaml", "service.yml"):
            if Path(default).is_file():
                return [default]
        found = _folder(Path("specs"))
        if not found:
            raise UsageError("no spec given, and neither service.yaml nor specs/*.yaml here; name spec files or "
                             "folders (`alpaco-gen init` writes a first spec)")
        return found
    specs: list[str] = []
    for argument in arguments:
        if argument == STDIN:
            if not stdin:
                raise UsageError("`-` (standard input) works with `validate` only: the others need a file")
            specs.append(STDIN)
        elif Path(argument).is_dir():
            found = _folder(Path(argument))
            if not found:
                raise UsageError(f"{argument}: a folder without *.yaml or *.yml specs")
            specs += found
        else:
            specs.append(argument)
    return list(dict.fromkeys(specs))


def _folder(folder: Path) -> list[str]:
    if not folder.is_dir():
        return []
    files = [p for p in folder.iterdir() if p.suffix in SPEC_SUFFIXES and p.is_file()]
    return [p.as_posix() for p in sorted(files)]


def check_all(specs: Sequence[str], ignore: Sequence[str] = (),
              environments: Sequence[str] | None = None) -> list[SpecResult]:
    """Check every spec (the selected environments of each); unusable specs are results, not exceptions."""
    from alpaco_gen.environments import check_environments, check_text
    from alpaco_gen.pipeline import display_path
    from alpaco_gen.spec.reading import read_stdin

    results = []
    for spec in specs:
        try:
            if spec == STDIN:
                checks = check_text(read_stdin(), "<stdin>", ignore, environments or None)
                results.append(SpecResult("<stdin>", checks))
            else:
                checks = check_environments(Path(spec), ignore, environments or None)
                results.append(SpecResult(checks[0].spec_file, checks))
        except UnusableInput as exc:
            results.append(SpecResult(display_path(Path(spec)) if spec != STDIN else "<stdin>", unusable=str(exc)))
    return results


def worst(codes: Sequence[int]) -> int:
    return max(codes, default=EXIT_OK)


def format_report(results: Sequence[SpecResult], fmt: str, color: bool, version: str) -> tuple[str, str]:
    """(stdout, stderr) of a validate run. One spec reads as it always did; several get a line each and a total."""
    from alpaco_gen.report import format_findings, summary_line
    from alpaco_gen.rules import catalog

    findings = [f for r in results for f in r.findings]
    problems = "".join(f"error: {r.unusable}\n" for r in results if r.unusable)
    if fmt == "json":
        document = json.loads(format_findings(findings, fmt, tool_version=version))
        document["specs"] = [_json_spec(r) for r in results]
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n", problems
    if fmt != "text":
        rules = catalog() if fmt == "sarif" else ()  # only SARIF describes the rules
        return format_findings(findings, fmt, rules=rules, tool_version=version), problems
    if len(results) == 1:
        result = results[0]
        if result.unusable:
            return "", problems
        if not findings:
            return "", f"{result.spec_file}: {_ok(result)}\n"
        return format_findings(findings, fmt, color=color), ""
    out = []
    for result in results:
        if result.unusable:
            out.append(f"{result.spec_file}: unusable, see below\n")
        elif result.findings:
            text = format_findings(result.findings, fmt, color=color)
            out.append(text.rsplit("\n", 2)[0] + f"\n{result.spec_file}: {summary_line(result.findings)}\n")
        else:
            out.append(f"{result.spec_file}: {_ok(result)}\n")
    environments = sum(len(r.checks) for r in results)
    unusable = sum(1 for r in results if r.unusable)
    total = (f"{len(results)} specs, {environments} environment{'s' if environments != 1 else ''}: "
             f"{summary_line(findings)}" + (f", {unusable} unusable" if unusable else ""))
    return "".join(out) + total + "\n", problems


def _ok(result: SpecResult) -> str:
    names = [c.environment for c in result.checks if c.environment]
    return f"ok ({', '.join(names)})" if names else "ok"


def _json_spec(result: SpecResult) -> dict[str, object]:
    from alpaco_gen.report import summary_line

    entry: dict[str, object] = {"spec": result.spec_file,
                                "environments": [c.environment for c in result.checks if c.environment]}
    if result.unusable:
        entry["unusable"] = result.unusable
    else:
        entry["summary"] = summary_line(result.findings)
    return entry
