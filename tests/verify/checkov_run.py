"""Run checkov on a Terraform root, offline, from its own virtualenv (made by .ci/checkov-setup.sh).

checkov pins versions (bc-python-hcl2, boto3, ...) that would break the project's environment, so it lives in
`.cache/checkov-venv` (or $CHECKOV_VENV) and runs as a subprocess. It must not reach the network: the platform
mapping download, the guideline download and the PyPI update check are all switched off.

By hand: `python tests/verify/checkov_run.py generated/<service>/terraform [more roots]` prints each failed
check (id, resource, file:lines, title) and exits 1 if any failed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from provider_schema import neutralize_escapes

REPO = Path(__file__).resolve().parents[2]
DEFAULT_VENV = REPO / ".cache" / "checkov-venv"
OFFLINE_ENV = {
    "BC_SKIP_MAPPING": "TRUE",  # no download of the BC_* id mapping from the platform
    "CKV_SKIP_PACKAGE_UPDATE_CHECK": "true",  # no version check against PyPI
}
ARGS = [
    "--framework",
    "terraform",
    "-o",
    "json",
    "--compact",
    "--skip-download",
    "--download-external-modules",
    "false",
]


class CheckovMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class Check:
    check_id: str
    resource: str
    file: str
    lines: tuple[int, int]
    name: str
    reason: str = ""  # suppress comment, for skipped checks

    def __str__(self) -> str:
        where = f"{self.file}:{self.lines[0]}-{self.lines[1]}"
        tail = f" (skipped: {self.reason})" if self.reason else ""
        return f"{self.check_id} {self.resource} {where} {self.name}{tail}"


@dataclass
class CheckovResult:
    root: Path
    passed: int = 0
    failed: list[Check] = field(default_factory=list)
    skipped: list[Check] = field(default_factory=list)
    parsing_errors: list[str] = field(default_factory=list)
    resource_count: int = 0
    neutralized: list[str] = field(default_factory=list)  # files scanned with template escapes replaced


def checkov_binary() -> Path | None:
    venv = Path(os.environ.get("CHECKOV_VENV", DEFAULT_VENV))
    binary = venv / "bin" / "checkov"
    return binary if binary.exists() else None


def _check(raw: dict, root: Path) -> Check:
    file = raw.get("file_path", "").lstrip("/")
    lines = tuple(raw.get("file_line_range") or (0, 0))
    suppress = (raw.get("check_result") or {}).get("suppress_comment", "")
    return Check(
        raw["check_id"],
        raw.get("resource", "?"),
        str(root / file),
        (lines[0], lines[-1]),
        raw.get("check_name", ""),
        suppress or "",
    )


def _scan(binary: Path, scan_dir: Path, root: Path, timeout: int) -> CheckovResult:
    """Run checkov on scan_dir; report paths as if it were root (they differ for a neutralized copy)."""
    env = {**os.environ, **OFFLINE_ENV}
    proc = subprocess.run(
        [str(binary), "-d", str(scan_dir), *ARGS], capture_output=True, text=True, env=env, timeout=timeout
    )
    try:
        doc = json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        raise RuntimeError(
            f"checkov gave no JSON for {root} (exit {proc.returncode}):\n"
            f"{proc.stderr[-3000:] or proc.stdout[-3000:]}"
        ) from exc
    result = CheckovResult(root)
    # One report per framework: a list, a single report, or just a summary when there was nothing to scan.
    reports = doc if isinstance(doc, list) else [doc]
    for report in reports:
        summary = report.get("summary", report)
        result.passed += summary.get("passed", 0)
        result.resource_count += summary.get("resource_count", 0)
        results = report.get("results", {})
        result.failed += [_check(r, root) for r in results.get("failed_checks", [])]
        result.skipped += [_check(r, root) for r in results.get("skipped_checks", [])]
        for path in results.get("parsing_errors", []):  # absolute paths under scan_dir
            result.parsing_errors.append(str(root / Path(path).relative_to(scan_dir.resolve())))
        if summary.get("parsing_errors") and not results.get("parsing_errors"):
            result.parsing_errors.append(f"{root}: {summary['parsing_errors']} parsing error(s)")
    return result


def run_checkov(root: Path | str, timeout: int = 600) -> CheckovResult:
    """checkov's verdict on one Terraform root. Raises CheckovMissing if the venv is absent, RuntimeError if
    checkov produced no JSON.

    checkov's HCL parser (bc-python-hcl2) rejects some valid template escapes (`"$${\""`) and then skips the
    whole file. If it reports parsing errors, the root is scanned again as a copy with those escapes replaced
    by plain text (provider_schema.neutralize_escapes: literal text only, lines kept); if the copy parses, its
    results stand and `neutralized` lists the files concerned.
    """
    root = Path(root)
    binary = checkov_binary()
    if binary is None:
        raise CheckovMissing(
            f"checkov is not installed in {os.environ.get('CHECKOV_VENV', DEFAULT_VENV)}: "
            "run `bash .ci/checkov-setup.sh` first"
        )
    result = _scan(binary, root, root, timeout)
    if not result.parsing_errors:
        return result
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / root.name
        shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".terraform"))
        for tf in copy.glob("*.tf"):
            tf.write_text(neutralize_escapes(tf.read_text(encoding="utf-8")), encoding="utf-8")
        retry = _scan(binary, copy.resolve(), root, timeout)
    if retry.parsing_errors:
        return result
    retry.neutralized = result.parsing_errors
    return retry


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip().splitlines()[-2], file=sys.stderr)
        return 2
    status = 0
    for arg in argv:
        try:
            res = run_checkov(arg)
        except CheckovMissing as exc:
            print(exc, file=sys.stderr)
            return 2
        for check in res.failed:
            print(f"FAILED  {check}")
        for check in res.skipped:
            print(f"skipped {check}")
        for err in res.parsing_errors:
            print(f"PARSE ERROR {err}")
        for path in res.neutralized:
            print(f"note    {path}: checkov could not parse it as is; scanned with $${{ escapes neutralized")
        print(
            f"{arg}: {res.passed} passed, {len(res.failed)} failed, {len(res.skipped)} skipped, "
            f"{len(res.parsing_errors)} parsing errors, {res.resource_count} resources"
        )
        if res.failed or res.parsing_errors:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
