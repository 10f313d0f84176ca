"""Every .tf file of every generated root parses with HashiCorp's HCL parser (npm @cdktf/hcl2json)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import terraform_roots
from hcl import HclError, blocks, literal, parse_hcl, parse_hcl_files, strings, tf_files

FIXTURE_ROOT = Path(__file__).with_name("fixtures") / "hello-service" / "terraform"


def test_every_generated_file_parses(summary):
    roots = terraform_roots()
    assert roots, "no generated/<service>/terraform/ root: run `alpaco-gen render` and commit generated/"
    files = [f for root in roots for f in tf_files(root)]
    try:
        parsed = parse_hcl_files(files)
    except HclError as error:
        summary("hcl parse", f"{len(error.diagnostics)} errors in {len(files)} files")
        raise
    summary("hcl parse", f"{len(parsed)} files of {len(roots)} roots ok")


def test_fixture_parses_and_reads_back():
    parsed = parse_hcl_files(tf_files(FIXTURE_ROOT))
    assert {p.name for p in parsed} == {
        "lambda.tf",
        "locals.tf",
        "outputs.tf",
        "stepfunctions.tf",
        "variables.tf",
        "versions.tf",
    }
    function = blocks(parsed)["aws_lambda_function.hello"]
    assert literal(function["environment"][0]["variables"]["LOG_LEVEL"]) == "INFO"
    assert function["function_name"] == "${local.name}-hello"
    assert literal(function["function_name"]) is None  # an expression, not a literal
    assert "data.aws_iam_policy_document.lambda_assume" not in blocks(parsed)
    assert "aws_iam_policy_document.lambda_assume" in blocks(parsed, "data")


def test_repeated_attribute_fails_with_its_position(tmp_path):
    path = tmp_path / "dup.tf"
    path.write_text('resource "aws_iam_role" "x" {\n  name = "a"\n  name = "b"\n}\n')
    with pytest.raises(HclError) as error:
        parse_hcl(path)
    assert error.value.diagnostics == [
        f'{path}:3:3: Attribute redefined; The argument "name" was already set at {path}:2,3-7. '
        "Each argument may be set only once."
    ]


def test_syntax_errors_of_every_file_are_reported(tmp_path):
    good, bad, worse = tmp_path / "good.tf", tmp_path / "bad.tf", tmp_path / "worse.tf"
    good.write_text("locals {\n  a = 1\n}\n")
    bad.write_text("locals {\n  a = \n}\n")
    worse.write_text('locals {\n  b = "open\n}\n')
    with pytest.raises(HclError) as error:
        parse_hcl_files([good, bad, worse])
    text = str(error.value)
    assert f"{bad}:2:7: Invalid expression" in text
    assert f"{worse}:2:12: Invalid multi-line string" in text
    assert str(good) not in text


def test_strings_read_back_as_written(tmp_path):
    path = tmp_path / "s.tf"
    path.write_text(
        "locals {\n"
        '  quoted  = "say \\"hi\\" \\\\ 한"\n'
        '  escaped = "$${not.a.ref} %%{if}"\n'
        '  mixed   = "a-${var.b}"\n'
        '  list    = ["x", 1]\n'
        "}\n"
    )
    tree = parse_hcl(path)
    values = dict(strings(tree))
    assert values == {
        "locals[0].quoted": 'say "hi" \\ 한',
        "locals[0].escaped": "$${not.a.ref} %%{if}",
        "locals[0].mixed": "a-${var.b}",
        "locals[0].list[0]": "x",
    }
    assert literal(values["locals[0].escaped"]) == "${not.a.ref} %{if}"
    assert literal(values["locals[0].mixed"]) is None


def test_a_missing_node_fails_with_a_clear_message(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(RuntimeError, match="node is not on PATH"):
        parse_hcl_files([FIXTURE_ROOT / "lambda.tf"])
