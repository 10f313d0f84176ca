"""Tests of the init/validate/plan harness itself, on a small hand-written service folder (not generated).

Each broken copy must fail with Terraform's own error: proof that the stub providers and the harness let a
real mistake through to Terraform and report it, rather than passing everything.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import tfstub

FIXTURE = Path(__file__).with_name("fixtures") / "hello-service"
FIXTURE_CREATES = {
    "aws_cloudwatch_log_group.hello",
    "aws_iam_role.hello",
    "aws_iam_role_policy.hello_logs",
    "aws_lambda_function.hello",
    "aws_iam_role.workflow",
    "aws_iam_role_policy.workflow",
    "aws_sfn_state_machine.workflow",
}


def edited_copy(tmp_path: Path, file: str, old: str, new: str) -> Path:
    """A copy of the fixture service folder with `old` replaced by `new` (once) in terraform/<file>."""
    service = tfstub.copy_service(FIXTURE, tmp_path / FIXTURE.name)
    path = service / "terraform" / file
    text = path.read_text()
    assert text.count(old) == 1, f"{old!r} must occur once in {file}"
    path.write_text(text.replace(old, new))
    return service


@pytest.fixture(scope="module")
def fixture_run(tmp_path_factory):
    """One run of the intact fixture, its copy kept for a look."""
    before = {p: p.read_bytes() for p in FIXTURE.rglob("*") if p.is_file()}
    workdir = tmp_path_factory.mktemp("fixture")
    return tfstub.run_root(FIXTURE, workdir=workdir), workdir / FIXTURE.name / "terraform", before


def test_fixture_passes_init_validate_plan(fixture_run):
    result, _, _ = fixture_run
    assert result.ok, result.report()
    assert result.summary() == f"hello-service: validate ok, plan {len(FIXTURE_CREATES)} to add"
    assert result.to_add == len(result.creates)
    assert set(result.creates) == FIXTURE_CREATES


def test_only_the_copy_gets_the_local_backend(fixture_run):
    """The fixture's backend is S3 (unreachable here): init passes only through the override in the copy."""
    result, copy, before = fixture_run
    assert result.ok, result.report()
    assert {p: p.read_bytes() for p in FIXTURE.rglob("*") if p.is_file()} == before
    assert (copy / tfstub.OVERRIDE_FILE).read_text() == tfstub.OVERRIDE
    assert 'backend "s3"' in (copy / "versions.tf").read_text()
    assert (copy / ".terraform.lock.hcl").exists()  # init ran in the copy, not in the fixture
    assert not (FIXTURE / "terraform" / ".terraform.lock.hcl").exists()


def test_lock_file_and_provider_cache_of_a_real_init_are_not_copied(tmp_path):
    service = tfstub.copy_service(FIXTURE, tmp_path / "src" / FIXTURE.name)
    # a lock file from the real provider: its checksums do not match the stub, so init would fail on it
    (service / "terraform" / ".terraform.lock.hcl").write_text(
        'provider "registry.terraform.io/hashicorp/aws" {\n'
        '  version     = "6.25.0"\n'
        '  constraints = "~> 6.0"\n'
        '  hashes      = ["h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="]\n'
        "}\n"
    )
    (service / "terraform" / ".terraform").mkdir()
    (service / "terraform" / ".terraform" / "terraform.tfstate").write_text("not json")
    result = tfstub.run_root(service)
    assert result.ok, result.report()


def test_variable_without_default_fails_the_plan(tmp_path):
    no_default = 'variable "stage" {\n  type = string\n}\n\nvariable "region" {'
    service = edited_copy(tmp_path, "variables.tf", 'variable "region" {', no_default)
    result = tfstub.run_root(service)
    assert result.failed is not None and result.failed.name == "plan", result.report()
    assert "No value for required variable" in result.failed.output
    assert tfstub.NO_DEFAULT_HINT in result.report()


# case -> (file under terraform/, text, its replacement, what Terraform must say)
BROKEN = {
    "misspelt-argument": (
        "lambda.tf",
        "memory_size   = 512",
        "memroy_size   = 512",
        'Unsupported argument\n\n  on lambda.tf line 43, in resource "aws_lambda_function" "hello":',
    ),
    "missing-required-argument": (
        "lambda.tf",
        "  role          = aws_iam_role.hello.arn\n",
        "",
        "Missing required argument",
    ),
    "wrong-type": (
        "lambda.tf",
        "memory_size   = 512",
        'memory_size   = ["512"]',
        "Incorrect attribute value type",
    ),
    "undeclared-reference": (
        "lambda.tf",
        "role          = aws_iam_role.hello.arn",
        "role          = aws_iam_role.hello_missing.arn",
        "Reference to undeclared resource",
    ),
    "missing-attribute": (
        "stepfunctions.tf",
        "resources = [aws_lambda_function.hello.arn]",
        "resources = [aws_lambda_function.hello.invoke_url]",
        "Unsupported attribute",
    ),
    # the Lambda waits for its log policy (depends_on); a policy naming the Lambda closes the loop
    "cycle": (
        "lambda.tf",
        'resources = ["${aws_cloudwatch_log_group.hello.arn}:*"]',
        'resources = ["${aws_cloudwatch_log_group.hello.arn}:*", aws_lambda_function.hello.arn]',
        "Error: Cycle: ",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_copy_fails_with_terraforms_error(tmp_path, case):
    file, old, new, error = BROKEN[case]
    result = tfstub.run_root(edited_copy(tmp_path, file, old, new))
    assert result.failed is not None, f"{case}: Terraform accepted the broken copy\n{result.report()}"
    assert result.failed.name == "validate", result.report()
    assert error in result.failed.output, result.report()
    assert result.summary().startswith("hello-service: validate failed (")


def test_a_missing_terraform_fails_with_a_clear_message(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(tfstub.ToolMissing, match="terraform is not on PATH"):
        tfstub.terraform_bin()


def test_host_terraform_variables_do_not_reach_the_run(monkeypatch):
    monkeypatch.setenv("TF_VAR_region", "us-east-1")
    monkeypatch.setenv("TF_CLI_ARGS_plan", "-destroy")
    env = tfstub.terraform_env(Path("/x/terraformrc"))
    assert not {"TF_VAR_region", "TF_CLI_ARGS_plan"} & env.keys()
    assert env["TF_CLI_CONFIG_FILE"] == "/x/terraformrc" and env["TF_IN_AUTOMATION"] == "1"


def test_plan_diagnostics_read_like_terraforms_own_output():
    diagnostic = {
        "severity": "error",
        "summary": "Reference to undeclared input variable",
        "detail": 'An input variable with the name "nope" has not been declared.',
        "range": {"filename": "lambda.tf", "start": {"line": 43, "column": 19}},
        "snippet": {
            "context": 'resource "aws_lambda_function" "hello"',
            "code": "  memory_size = var.nope",
            "start_line": 43,
        },
    }
    assert tfstub.render_diagnostic(diagnostic) == (
        "Error: Reference to undeclared input variable\n\n"
        '  on lambda.tf line 43, in resource "aws_lambda_function" "hello":\n'
        "  43:   memory_size = var.nope\n\n"
        'An input variable with the name "nope" has not been declared.\n'
    )
