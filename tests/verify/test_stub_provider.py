"""The stand-in providers (tests/verify/stubprovider/) through Terraform's eyes.

Terraform must see exactly the vendored schema (every type, attribute flag, block nesting and count), and what
the stubs add beyond the schema must hold: data sources with realistic values, tags_all from default_tags, ACM
validation options known at plan (for_each keys), provider functions, read-only attributes rejected, and an
apply that a second plan finds consistent ("No changes").
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import tfstub
from provider_schema import SUBSET as SCHEMA_FILE

ROOT = Path(__file__).with_name("fixtures") / "stub-behaviour" / "terraform"


def terraform(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [tfstub.terraform_bin(), *args, "-no-color"],
        cwd=cwd,
        env=tfstub.terraform_env(tfstub.cli_config()),
        capture_output=True,
        text=True,
        timeout=tfstub.TIMEOUT,
        check=False,
    )


def ok(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 0, f"{proc.args}: exit {proc.returncode}\n{proc.stdout}{proc.stderr}"
    return proc.stdout


@pytest.fixture(scope="module")
def initialised(tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("stub") / "terraform"
    shutil.copytree(ROOT, copy)
    ok(terraform(copy, "init", "-input=false"))
    return copy


@pytest.fixture(scope="module")
def plan(initialised) -> dict:
    ok(terraform(initialised, "plan", "-input=false", "-out=plan.bin"))
    return json.loads(ok(terraform(initialised, "show", "-json", "plan.bin")))


# ------------------------------------------------------------------------------------------- the schema served


def _served_block(block: dict) -> dict:
    """Terraform's JSON schema block -> {attrs: {name: flags}, blocks: {name: (nesting, min, max)}}."""
    attrs = {
        a: (bool(v.get("required")), bool(v.get("optional")), bool(v.get("computed")))
        for a, v in block.get("attributes", {}).items()
    }
    blocks = {
        b: (v["nesting_mode"], v.get("min_items", 0), v.get("max_items", 0), _served_block(v["block"]))
        for b, v in block.get("block_types", {}).items()
    }
    return {"attrs": attrs, "blocks": blocks}


def _vendored_block(node: dict) -> dict:
    """The same view of a vendored schema node, as the stub is meant to serve it."""
    attrs = {
        n: (a["required"], not a["required"], not a["required"] and n != "tags")
        for n, a in node.get("arguments", {}).items()
    }
    attrs.update({n: (False, False, True) for n in node.get("computed", {})})
    blocks = {}
    for name, b in node.get("blocks", {}).items():
        if b.get("as_attribute"):
            attrs[name] = (False, True, True)
            continue
        nesting = b["nesting"]
        blocks[name] = (nesting, b.get("min_items") or 0, b.get("max_items") or 0, _vendored_block(b))
    return {"attrs": attrs, "blocks": blocks}


def test_terraform_sees_exactly_the_vendored_schema(initialised, summary):
    served = json.loads(ok(terraform(initialised, "providers", "schema", "-json")))["provider_schemas"]
    vendored = json.loads(SCHEMA_FILE.read_text())["providers"]
    assert sorted(served) == sorted(f"registry.terraform.io/{p['source']}" for p in vendored.values())
    compared = 0
    for entry in vendored.values():
        schema = served[f"registry.terraform.io/{entry['source']}"]
        for section, served_key in (("resources", "resource_schemas"), ("data_sources", "data_source_schemas")):
            assert sorted(schema.get(served_key, {})) == sorted(entry[section]), f"{entry['source']} {section}"
            for type_name, node in entry[section].items():
                got = _served_block(schema[served_key][type_name]["block"])
                assert got == _vendored_block(node), f"{entry['source']} {type_name}"
                compared += 1
    summary("stub providers", f"{compared} types served as vendored")
    assert compared == sum(len(e["resources"]) + len(e["data_sources"]) for e in vendored.values())


# ------------------------------------------------------------------------------------------- beyond the schema


def _output(plan: dict, name: str) -> object:
    return plan["planned_values"]["outputs"][name]["value"]


def test_data_sources_read_realistic_values(plan):
    assert _output(plan, "account_id") == "123456789012"
    assert _output(plan, "region") == "eu-west-1"  # the provider block's region, not the default
    assert _output(plan, "zones") == ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
    assert _output(plan, "policy") == {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "Read",
                "Effect": "Allow",
                "Action": ["s3:GetObject", "s3:ListBucket"],
                "Resource": "arn:aws:s3:::bucket/*",
                "Principal": {"Service": "lambda.amazonaws.com"},
                "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}},
            }
        ],
    }


def test_plan_knows_what_the_real_provider_knows(plan):
    assert _output(plan, "queue_tags_all") == {"Team": "platform", "Kind": "queue"}
    assert _output(plan, "validation_records") == ["api.example.com", "www.example.com"]
    creates = sorted(c["address"] for c in plan["resource_changes"] if c["change"]["actions"] == ["create"])
    assert creates == [
        "aws_acm_certificate.api",
        'aws_route53_record.validation["api.example.com"]',
        'aws_route53_record.validation["www.example.com"]',
        "aws_route53_zone.main",
        "aws_sqs_queue.jobs",
        "null_resource.marker",
        "random_id.suffix",
    ]
    (queue,) = [c for c in plan["resource_changes"] if c["address"] == "aws_sqs_queue.jobs"]
    assert queue["change"]["after_unknown"]["arn"] is True  # computed: known after apply
    assert queue["change"]["after"]["region"] == "eu-west-1"


def test_provider_functions(plan):
    assert _output(plan, "arn_parts") == {
        "partition": "aws",
        "service": "iam",
        "region": "",
        "account_id": "123456789012",
        "resource": "role/path/deploy",
    }
    assert _output(plan, "trimmed_role") == "arn:aws:iam::123456789012:role/deploy"


def test_read_only_attribute_is_rejected(tmp_path):
    copy = tmp_path / "terraform"
    shutil.copytree(ROOT, copy)
    main = copy / "main.tf"
    main.write_text(main.read_text().replace('  name = "jobs"\n', '  name = "jobs"\n  arn  = "arn:aws:sqs:x"\n', 1))
    ok(terraform(copy, "init", "-input=false"))
    proc = terraform(copy, "validate")
    assert proc.returncode == 1, proc.stdout
    assert "Error: Value for unconfigurable attribute" in proc.stderr
    assert 'Can\'t configure a value for "arn"' in proc.stderr
    assert 'resource "aws_sqs_queue" "jobs"' in proc.stderr


def test_apply_then_plan_finds_no_changes(tmp_path):
    """Apply makes up what was unknown consistently with the plan; reading it back changes nothing."""
    copy = tmp_path / "terraform"
    shutil.copytree(ROOT, copy)
    ok(terraform(copy, "init", "-input=false"))
    ok(terraform(copy, "apply", "-input=false", "-auto-approve"))
    state = json.loads(ok(terraform(copy, "show", "-json")))
    queue = next(r for r in state["values"]["root_module"]["resources"] if r["address"] == "aws_sqs_queue.jobs")
    assert queue["values"]["arn"].startswith("arn:aws:stub:eu-west-1:123456789012:aws_sqs_queue/")
    assert queue["values"]["id"].startswith("stub-aws_sqs_queue-")
    proc = terraform(copy, "plan", "-input=false", "-detailed-exitcode")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "No changes." in proc.stdout
