"""checkov (issue 4 item 6): zero failed checks on every generated Terraform root; inline skips documented."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

# The checkers and conftest's helpers are sibling modules: importable under any pytest --import-mode.
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from checkov_run import CheckovResult, checkov_binary, run_checkov  # noqa: E402
from conftest import GENERATED, REPO, terraform_roots  # noqa: E402

from alpaco_gen.render.security import SKIPS  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures_schema" / "checkov"
SECURITY_DOC = REPO / "docs" / "security.md"
TEMPLATES = REPO / "templates"

_SKIP = re.compile(r"checkov:skip=(?P<id>CKV2?_[A-Z0-9]+_\d+)(?::(?P<reason>[^\n]*))?")
_ROW = re.compile(r"^\|\s*`?(?P<id>CKV2?_[A-Z0-9]+_\d+)`?\s*\|(?P<cells>.*)\|\s*$", re.M)


def describe_failures(results: list[CheckovResult]) -> str:
    lines = [f"FAILED {c}" for r in results for c in r.failed]
    lines += [f"PARSE ERROR {e}" for r in results for e in r.parsing_errors]
    return "\n".join(lines)


def skip_comments(files: list[Path]) -> list[tuple[Path, int, str, str]]:
    """(file, line, check id, reason) of every inline `checkov:skip=ID:reason` comment."""
    found = []
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        for m in _SKIP.finditer(text):
            found.append((path, text.count("\n", 0, m.start()) + 1, m["id"], (m["reason"] or "").strip()))
    return found


def documented_skips(markdown: str) -> dict[str, str]:
    """check id -> reason (last table cell) from the rows of docs/security.md."""
    return {m["id"]: m["cells"].split("|")[-1].strip() for m in _ROW.finditer(markdown)}


def skip_doc_problems(generated: list[Path], templates: list[Path], markdown: str,
                      table: dict[str, str] | None = None) -> list[str]:
    """Problems keeping inline skips and the doc in sync (see docs/security.md)."""
    problems = []
    doc = documented_skips(markdown)
    comments = skip_comments(generated) + skip_comments(templates)
    for path, line, check_id, reason in skip_comments(generated):
        if not reason:
            problems.append(f"{path}:{line}: checkov:skip={check_id} has no reason (write ID:reason)")
    for path, line, check_id, _ in comments:
        if check_id not in doc:
            problems.append(f"{path}:{line}: {check_id} is skipped but has no row in docs/security.md")
    table = table or {}  # the generator's table of skips (alpaco_gen/render/security.py), which templates write from
    for check_id in sorted(set(table) - set(doc)):
        problems.append(f"alpaco_gen/render/security.py: {check_id} is skipped but has no row in docs/security.md")
    used = {c[2] for c in comments} | set(table)
    for check_id, reason in sorted(doc.items()):
        if not reason:
            problems.append(f"docs/security.md: {check_id} has no reason")
        if check_id not in used:
            problems.append(f"docs/security.md: {check_id} is documented but skipped nowhere (stale row)")
    return problems


def test_checkov_is_installed():
    if checkov_binary() is None:
        pytest.fail(
            "checkov is not installed: run `bash .ci/checkov-setup.sh` (a separate venv, .cache/checkov-venv)"
        )


def test_clean_fixture_passes_with_one_skip():
    result = run_checkov(FIXTURES / "clean")
    assert (result.failed, result.parsing_errors) == ([], []), describe_failures([result])
    assert result.passed > 0
    assert [(c.check_id, c.resource) for c in result.skipped] == [
        ("CKV_AWS_158", "aws_cloudwatch_log_group.app")
    ]
    assert result.skipped[0].reason.startswith("fixture:")


def test_failed_check_names_id_resource_and_location(tmp_path):
    root = tmp_path / "root"
    shutil.copytree(FIXTURES / "clean", root)
    main = root / "main.tf"
    main.write_text(main.read_text().replace("retention_in_days = 365", "retention_in_days = 7"))
    result = run_checkov(root)
    message = describe_failures([result])
    assert f"FAILED CKV_AWS_338 aws_cloudwatch_log_group.app {root}/main.tf:7-11" in message, message


def test_escape_checkov_cannot_parse_is_scanned_neutralized(tmp_path):
    # `"$${\""` is valid HCL that checkov's parser rejects, skipping the whole file; the retry scans it anyway
    root = tmp_path / "root"
    shutil.copytree(FIXTURES / "clean", root)
    main = root / "main.tf"
    main.write_text(
        main.read_text().replace(
            "sqs_managed_sse_enabled = true", 'sqs_managed_sse_enabled = true\n  tags = { X = "a$$$${\\"" }'
        )
    )
    result = run_checkov(root)
    assert (result.failed, result.parsing_errors, result.neutralized) == ([], [], [str(main)])
    assert result.passed > 0 and len(result.skipped) == 1


def test_skip_doc_checker(tmp_path):
    tf = tmp_path / "a.tf"
    tf.write_text("#checkov:skip=CKV_AWS_1:ok\n#checkov:skip=CKV2_AWS_2\n")
    doc = (
        "| Check | Resource types | Why |\n|---|---|---|\n"
        "| CKV_AWS_1 | aws_x | fine |\n| CKV_AWS_9 | aws_y | old |\n"
    )
    assert skip_doc_problems([tf], [], doc) == [
        f"{tf}:2: checkov:skip=CKV2_AWS_2 has no reason (write ID:reason)",
        f"{tf}:2: CKV2_AWS_2 is skipped but has no row in docs/security.md",
        "docs/security.md: CKV_AWS_9 is documented but skipped nowhere (stale row)",
    ]


def test_skip_comments_are_documented():
    generated = sorted(GENERATED.glob("**/*.tf"))
    templates = sorted(p for p in TEMPLATES.glob("**/*") if p.is_file())
    problems = skip_doc_problems(generated, templates, SECURITY_DOC.read_text(encoding="utf-8"), SKIPS)
    assert not problems, "\n".join(problems)


def test_generated_roots_pass_checkov(summary):
    roots = terraform_roots()
    if not roots:
        summary("checkov", "no generated Terraform roots to check")
        pytest.skip("generated/ holds no <service>/terraform root yet")
    results = [run_checkov(root) for root in roots]
    passed = sum(r.passed for r in results)
    failed = sum(len(r.failed) for r in results)
    skipped = sum(len(r.skipped) for r in results)
    summary("checkov", f"{passed} passed, {failed} failed, {skipped} skipped in {len(roots)} roots")
    assert not failed and not any(r.parsing_errors for r in results), describe_failures(results)
