"""Seed failure 2, end to end: a function placed in a subnet (or security group) the network never declares.

The seed's `locals.tf` referenced `aws_subnet.private_subnet_a` and `..._c` before `network.tf` declared them,
and Terraform stopped at apply with "Reference to undeclared resource". Here the same mistake is made in a
copy of the reference spec, and `alpaco-gen validate` must report it with AG101 at the exact line and column.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from alpaco_gen.cli import cli

REFERENCE = Path(__file__).resolve().parents[2] / "specs" / "problem_service.yaml"
FUNCTION = "  problem-generator-streaming:\n"


def _inject(tmp_path: Path, old: str, new: str) -> tuple[Path, int, int]:
    """Copy the reference spec with the first `old` after the streaming function's key replaced by `new`.

    Returns the copy and the 1-based line and column of `new`'s last item, computed from the copy's text.
    """
    text = REFERENCE.read_text(encoding="utf-8")
    start = text.index(FUNCTION) + len(FUNCTION)
    end = re.compile(r"^\S|^  \S", re.M).search(text, start)  # the next function, or the next section
    at = text.index(old, start)
    assert end is None or at < end.start(), f"`{old}` is not a field of `problem-generator-streaming`"
    edited = text[:at] + new + text[at + len(old):]
    spec = tmp_path / "specs" / "problem_service.yaml"
    spec.parent.mkdir()
    spec.write_text(edited, encoding="utf-8")

    wrong = re.findall(r"[\w-]+", new)[-1]
    offset = at + new.rindex(wrong)
    line = edited.count("\n", 0, offset) + 1
    column = offset - (edited.rfind("\n", 0, offset) + 1) + 1
    return spec, line, column


@pytest.mark.parametrize(("old", "new", "message"), [
    ("subnets: [private_a, private_c]", "subnets: [private_a, private_b]",
     "subnet `private_b` is not declared in `network.subnets`"),
    ("security_groups: [lambda]", "security_groups: [lambda_sg]",
     "security group `lambda_sg` is not declared in `network.security_groups`"),
], ids=["subnet", "security-group"])
def test_undeclared_network_reference_is_located(tmp_path, old, new, message):
    spec, line, column = _inject(tmp_path, old, new)

    text = CliRunner().invoke(cli, ["validate", str(spec)])
    assert text.exit_code == 1, text.output
    assert f"{spec.as_posix()}:{line}:{column}: error AG101 undeclared-reference: {message}" in text.output

    result = CliRunner().invoke(cli, ["validate", "--format", "json", str(spec)])
    assert result.exit_code == 1
    undeclared = [f for f in json.loads(result.output)["findings"] if f["rule_id"] == "AG101"]
    assert [(f["severity"], f["line"], f["column"], f["message"]) for f in undeclared] == [
        ("error", line, column, message)]


def test_the_reference_spec_itself_has_no_undeclared_reference():
    result = CliRunner().invoke(cli, ["validate", "--format", "json", str(REFERENCE)])
    assert result.exit_code == 0, result.output
    assert "AG101" not in {f["rule_id"] for f in json.loads(result.output)["findings"]}
