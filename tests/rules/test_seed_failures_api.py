"""Seed failure 6, injected into a copy of the reference spec: WebSocket stage logging without the account's
API Gateway CloudWatch Logs role ("CloudWatch Logs role ARN must be set in account settings to enable
logging").

The test edits specs/problem_service.yaml as text, runs `alpaco-gen validate` on the copy as a user would, and
checks the exit code, the rule id and the exact line:column of the `logging` value, computed from the edited
text so that it keeps pointing at the mistake when the reference spec changes elsewhere.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REFERENCE = Path(__file__).resolve().parents[2] / "specs" / "problem_service.yaml"
SPEC = "specs/problem_service.yaml"


def edit(text: str, pattern: str, replacement: str) -> str:
    new, count = re.subn(pattern, replacement, text, flags=re.MULTILINE)
    assert count == 1, f"expected one match of {pattern!r} in the reference spec, found {count}"
    return new


def logging_value_position(text: str) -> tuple[int, int]:
    """Line and column of the value of the WebSocket API's `logging:` key."""
    lines = enumerate(text.splitlines(), 1)
    hits = [(n, line) for n, line in lines if re.match(r"\s+logging: (info|error)\b", line)]
    assert len(hits) == 1, f"expected one `logging: info|error` line, found {len(hits)}"
    number, line = hits[0]
    return number, line.index(":") + 3


def validate(tmp_path: Path, text: str) -> subprocess.CompletedProcess:
    spec = tmp_path / SPEC
    spec.parent.mkdir(parents=True, exist_ok=True)
    spec.write_text(text, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "alpaco_gen", "validate", SPEC], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)


def test_seed_6_websocket_stage_logging_without_the_account_role(tmp_path):
    text = edit(REFERENCE.read_text(encoding="utf-8"), r"^(\s*)api_gateway_cloudwatch_role: \w+$",
                r"\1api_gateway_cloudwatch_role: none")
    result = validate(tmp_path, text)
    assert result.returncode == 1, result.stdout + result.stderr
    line, column = logging_value_position(text)
    expected = f"{SPEC}:{line}:{column}: error AG601 stage-logging-without-account-role:"
    assert expected in result.stdout, result.stdout
    assert "CloudWatch Logs role ARN must be set in account settings to enable logging" in result.stdout


def test_seed_6_fixed_by_letting_terraform_own_the_account_role(tmp_path):
    result = validate(tmp_path, REFERENCE.read_text(encoding="utf-8"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "AG601" not in result.stdout
