"""AWS provider schema conformance (issue 4 item 3): the checker on fixtures, then on every generated root."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

# The checkers and conftest's helpers are sibling modules: importable under any pytest --import-mode.
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import REPO, terraform_roots  # noqa: E402
from provider_schema import SUBSET as SCHEMA_FILE  # noqa: E402
from provider_schema import analyze_root, check_root, constraint_admits, references  # noqa: E402

GOOD = Path(__file__).parent / "fixtures_schema" / "terraform" / "good"

# (id, file, text in the good fixture, replacement, expected message fragment)
MUTATIONS = [
    (
        "misspelt-argument",
        "main.tf",
        'function_name    = "${local.name}-fn"',
        'fucntion_name = "${local.name}-fn"',
        "unsupported argument 'fucntion_name'; did you mean 'function_name'?",
    ),
    (
        "missing-required-argument",
        "main.tf",
        "role             = aws_iam_role.fn.arn",
        "",
        "aws_lambda_function.fn: missing required argument 'role'",
    ),
    (
        "undeclared-resource",
        "main.tf",
        "[aws_security_group.fn.id]",
        "[aws_security_group.lambda.id]",
        "reference to undeclared aws_security_group.lambda",
    ),
    (
        "bad-attribute",
        "main.tf",
        "role             = aws_iam_role.fn.arn",
        "role             = aws_iam_role.fn.role_arn",
        "aws_iam_role.fn has no attribute 'role_arn'",
    ),
    (
        "unused-variable",
        "variables.tf",
        "locals {",
        'variable "unused" {\n  type = string\n}\n\nlocals {',
        "var.unused: variable is declared but never used",
    ),
    ("provider-constraint", "versions.tf", '"~> 6.25"', '"~> 5.0"', "'~> 5.0' does not admit 6.25.0"),
    (
        "computed-only-set",
        "main.tf",
        'name               = "${local.name}-fn"',
        'name = "${local.name}-fn"\n  arn = "arn:aws:iam::123456789012:role/x"',
        "'arn' is read-only",
    ),
    (
        "block-as-argument",
        "main.tf",
        'tracing_config {\n    mode = "Active"\n  }',
        'tracing_config = { mode = "Active" }',
        "'tracing_config' is a block",
    ),
    ("argument-as-block", "main.tf", "variables = {", "variables {", "'variables' is an argument"),
    (
        "missing-required-nested",
        "main.tf",
        'type        = "Service"',
        "",
        "data.aws_iam_policy_document.assume.statement.principals: missing required argument 'type'",
    ),
    (
        "max-items",
        "main.tf",
        "  tracing_config {",
        "  vpc_config {\n    subnet_ids = []\n    security_group_ids = []\n  }\n  tracing_config {",
        "at most 1 'vpc_config' block(s) allowed, found 2",
    ),
    (
        "unindexed-count",
        "main.tf",
        "aws_cloudwatch_log_group.fn[0].arn",
        "aws_cloudwatch_log_group.fn.arn",
        "has count/for_each: index it",
    ),
    (
        "indexed-single",
        "main.tf",
        "vpc_id            = aws_vpc.main.id",
        "vpc_id = aws_vpc.main[0].id",
        "aws_vpc.main has no count/for_each",
    ),
    ("undeclared-variable", "versions.tf", "var.region", "var.regoin", "undeclared variable var.regoin"),
    ("undeclared-local", "versions.tf", "local.tags", "local.tgas", "undeclared local value local.tgas"),
    (
        "unused-local",
        "variables.tf",
        "locals {",
        "locals {\n  spare = 1",
        "local.spare: local value is declared",
    ),
    (
        "nested-attribute",
        "main.tf",
        "vpc_config[0].vpc_id",
        "vpc_config[0].vpcid",
        "aws_lambda_function.fn.vpc_config has no attribute 'vpcid'",
    ),
    (
        "data-attribute",
        "main.tf",
        "current.account_id",
        "current.account",
        "data.aws_caller_identity.current has no attribute 'account'",
    ),
    (
        "unknown-type",
        "main.tf",
        'resource "aws_cloudwatch_log_group"',
        'resource "aws_cloudwatch_loggroup"',
        "unknown resource type 'aws_cloudwatch_loggroup'",
    ),
    (
        "type-not-vendored",
        "main.tf",
        'resource "aws_cloudwatch_log_group"',
        'resource "aws_instance"',
        "resource type 'aws_instance' is missing from the vendored schema subset",
    ),
    (
        "attribute-syntax-missing-field",
        "main.tf",
        "    self             = true\n",
        "",
        "ingress in attribute syntax must set every field; missing self",
    ),
    ("no-provider-constraint", "versions.tf", '      version = "~> 6.25"\n', "", "no version constraint"),
    (
        "lifecycle-key",
        "main.tf",
        "ignore_changes = [tags]",
        "ignore_change = [tags]",
        "unknown lifecycle argument 'ignore_change'",
    ),
    (
        "dynamic-unknown-block",
        "main.tf",
        'dynamic "ephemeral_storage"',
        'dynamic "ephemeral_storag"',
        "unsupported block 'ephemeral_storag'",
    ),
    (
        "templatefile-missing-variable",
        "main.tf",
        "    function_validate = aws_lambda_function.fn.arn\n",
        "    function_valid = aws_lambda_function.fn.arn\n",
        "templatefile(flow.asl.json): the template uses ${function_validate} but the vars map",
    ),
    (
        "templatefile-missing-file",
        "main.tf",
        '"${path.module}/flow.asl.json"',
        '"${path.module}/flow.json"',
        "templatefile: no such file '${path.module}/flow.json'",
    ),
    (
        "variable-argument",
        "variables.tf",
        'description = "Region of every resource"',
        'descripton = "Region of every resource"',
        "var.region: unsupported argument 'descripton'; did you mean 'description'?",
    ),
    (
        "output-without-value",
        "main.tf",
        "value = values(aws_subnet.private)[*].id",
        'description = "ids"',
        "output.subnets: missing required argument 'value'",
    ),
    (
        "provider-config",
        "versions.tf",
        "region = var.region",
        "regoin = var.region",
        "provider.aws: unsupported argument 'regoin'; did you mean 'region'?",
    ),
]


def mutate(tmp_path: Path, file: str, old: str, new: str) -> Path:
    root = tmp_path / "root"
    shutil.copytree(GOOD, root)
    path = root / file
    text = path.read_text()
    assert text.count(old) == 1, f"mutation anchor {old!r} must occur once in {file}"
    path.write_text(text.replace(old, new))
    return root


def test_good_fixture_passes():
    result = analyze_root(GOOD)
    assert result.violations == []
    assert result.blocks == 11


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"), [m[1:] for m in MUTATIONS], ids=[m[0] for m in MUTATIONS]
)
def test_mutation_is_caught(tmp_path, file, old, new, expected):
    found = [str(v) for v in check_root(mutate(tmp_path, file, old, new))]
    assert any(expected in v for v in found), "\n".join(found) or "no violations"


def test_violation_names_file_line_and_address(tmp_path):
    anchor = "role             = aws_iam_role.fn.arn"
    root = mutate(tmp_path, "main.tf", anchor, "role = aws_iam_role.fn.role_arn")
    (v,) = check_root(root)
    assert (v.file, v.address) == ("main.tf", "aws_lambda_function.fn")
    assert (
        (root / "main.tf")
        .read_text()
        .splitlines()[v.line - 1]
        .startswith('resource "aws_lambda_function" "fn"')
    )


def test_template_escapes_python_hcl2_rejects_still_parse(tmp_path):
    # `"$${\""` is valid HCL (Terraform reads the literal `${"`) that python-hcl2 8.1 alone fails on
    root = mutate(
        tmp_path, "variables.tf", "{ Service = var.service }", '{ Service = var.service, X = "a$$$${\\"" }'
    )
    assert check_root(root) == []


def test_parallel_checks_agree(tmp_path):
    # python-hcl2 is not thread-safe; the property tests check roots from several threads
    bad = mutate(tmp_path, "main.tf", "[aws_security_group.fn.id]", "[aws_security_group.lambda.id]")
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda root: [str(v) for v in check_root(root)], [GOOD, bad] * 8))
    assert results[0::2] == [[]] * 8
    assert all(len(r) == 1 and "undeclared aws_security_group.lambda" in r[0] for r in results[1::2])


def test_unparsable_file_is_a_violation(tmp_path):
    (tmp_path / "broken.tf").write_text('resource "aws_vpc" "x" {\n  cidr_block = \n')
    assert any("cannot parse" in str(v) for v in check_root(tmp_path))


@pytest.mark.parametrize(
    ("constraint", "admitted"),
    [
        ("~> 6.25", True),
        ("~> 6.0", True),
        ("~> 6", True),
        ("~> 6.25.0", True),
        ("~> 6.24.0", False),
        ("~> 6.26", False),
        ("~> 5.0", False),
        ("~> 5", False),
        (">= 6.0", True),
        (">= 6.25.1", False),
        ("> 6.25", False),
        ("> 6.24.9", True),
        ("< 7.0", True),
        ("< 6.25", False),
        ("<= 6.25", True),
        ("= 6.25.0", True),
        ("6.25.0", True),
        ("= 6.25", True),
        ("!= 6.25.0", False),
        ("!= 6.24.0", True),
        (">= 6.0, < 7.0", True),
        (">= 5.0, < 6.0", False),
        (">= 6.0,!= 6.25.0", False),
    ],
)
def test_constraint_admits_terraform_semantics(constraint, admitted):
    assert constraint_admits(constraint, "6.25.0") is admitted


@pytest.mark.parametrize("bad", ["~>", ">= six", "=> 6.0", "v6.25.0"])
def test_malformed_constraint_raises(bad):
    with pytest.raises(ValueError):
        constraint_admits(bad, "6.25.0")


def test_references_skip_literal_text():
    refs = {
        r.root + "".join(f".{s[1]}" if s[0] == "attr" else "[]" for s in r.segments)
        for r in references(
            '"arn:aws:s3:::aws_x.y.z/${aws_s3_bucket.b.arn} $${var.literal} %{ if var.c }x%{ endif }"'
        )
    }
    assert refs == {"aws_s3_bucket.b.arn", "var.c"}


def test_references_traverse_index_and_splat():
    (ref,) = [r for r in references('${aws_subnet.p["a"].id}') if r.root == "aws_subnet"]
    assert ref.segments == (("attr", "p"), ("index", '"a"'), ("attr", "id"))
    (ref,) = references("${aws_subnet.p[*].id}")
    assert ref.segments == (("attr", "p"), ("splat", "*"), ("attr", "id"))


REFRESH = REPO / "scripts" / "refresh_provider_schema.py"


def refresh(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(REFRESH), *args], capture_output=True, text=True, timeout=120)


def test_vendored_schema_is_current():
    """The vendored file holds exactly the types the script's lists, generated/ and the fixtures ask for
    (checked offline against its catalog: no full schema is needed at test time)."""
    proc = refresh("--check")
    assert proc.returncode == 0, proc.stderr + proc.stdout
    assert "provider-schemas.json: current (" in proc.stdout


def test_stale_vendored_schema_is_reported(tmp_path):
    document = json.loads(SCHEMA_FILE.read_text())
    del document["providers"]["aws"]["resources"]["aws_lambda_function"]
    document["providers"]["aws"]["resources"]["aws_instance"] = {}
    stale = tmp_path / "provider-schemas.json"
    stale.write_text(json.dumps(document))
    proc = refresh("--check", "--out", str(stale))
    assert proc.returncode == 1, proc.stdout
    assert "aws: resource type aws_lambda_function: not vendored: rerun with --from" in proc.stderr
    assert "aws: resource type aws_instance vendored but not wanted" in proc.stderr


def test_regenerating_needs_the_full_schemas():
    proc = refresh()
    assert proc.returncode == 2
    assert "give --from DIR" in proc.stderr


def test_generated_roots_conform_to_provider_schema(summary):
    roots = terraform_roots()
    if not roots:
        summary("provider schema", "no generated Terraform roots to check")
        pytest.skip("generated/ holds no <service>/terraform root yet")
    results = {root: analyze_root(root) for root in roots}
    violations = [f"{root}/{v}" for root, res in results.items() for v in res.violations]
    blocks = sum(res.blocks for res in results.values())
    summary("provider schema", f"{len(violations)} violations in {blocks} blocks ({len(roots)} roots)")
    assert not violations, "\n".join(violations)
