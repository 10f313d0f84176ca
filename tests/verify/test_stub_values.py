"""The stand-in providers' plain-Python parts (no gRPC): types, the block model, values, aws knowledge."""

from __future__ import annotations

import json

import pytest
from stubprovider import aws, stamp
from stubprovider.ctytypes import TypeSyntaxError, contains_dynamic, parse_type, to_json
from stubprovider.placeholders import placeholder, string_for
from stubprovider.schema import build_block, load
from stubprovider.values import UNKNOWN, Unknown, empty_object, fill, is_known, plan_create, read_only_paths

LAMBDA_LIKE = {
    "arguments": {
        "function_name": {"required": True, "type": "string"},
        "memory_size": {"required": False, "type": "number"},
        "tags": {"required": False, "type": "map(string)"},
    },
    "computed": {"arn": "string"},
    "blocks": {
        "vpc_config": {
            "nesting": "list",
            "required": False,
            "max_items": 1,
            "arguments": {"subnet_ids": {"required": True, "type": "set(string)"}},
            "computed": {"vpc_id": "string"},
            "blocks": {},
        },
        "ingress": {
            "nesting": "set",
            "as_attribute": True,
            "arguments": {"port": {"required": True, "type": "number"}},
            "blocks": {},
        },
        "settings": {
            "nesting": "set",
            "required": True,
            "min_items": 1,
            "arguments": {"value": {"required": False, "type": "dynamic"}},
            "blocks": {},
        },
    },
}


@pytest.mark.parametrize(
    ("text", "cty"),
    [
        ("string", "string"),
        ("set(string)", ["set", "string"]),
        ("list(object({a=string,b=map(number)}))", ["list", ["object", {"a": "string", "b": ["map", "number"]}]]),
        ("object({})", ["object", {}]),
        ("map(list(dynamic))", ["map", ["list", "dynamic"]]),
    ],
)
def test_parse_type(text, cty):
    assert parse_type(text) == cty
    assert json.loads(to_json(cty)) == cty


@pytest.mark.parametrize("text", ["strng", "list(string", "list(string))", "object({a})", "", "tuple([string])"])
def test_malformed_type_raises(text):
    with pytest.raises(TypeSyntaxError):
        parse_type(text)


def test_every_vendored_type_parses_and_builds():
    for name in ("aws", "archive", "null", "random"):
        provider = load(stamp.SCHEMA_FILE, name)
        assert provider.resources, name
        assert not any(a.computed for a in provider.config.attributes.values())  # provider config: settable


def test_block_model():
    block = build_block(LAMBDA_LIKE)
    attrs = block.attributes
    assert (attrs["function_name"].required, attrs["function_name"].computed) == (True, False)
    assert (attrs["memory_size"].optional, attrs["memory_size"].computed) == (True, True)
    assert (attrs["tags"].optional, attrs["tags"].computed) == (True, False)
    assert attrs["arn"].read_only and not attrs["memory_size"].read_only
    assert attrs["ingress"].cty == ["set", ["object", {"port": "number"}]]  # as_attribute: an attribute
    assert block.blocks["vpc_config"].max_items == 1
    assert block.blocks["settings"].nesting == "list"  # a set of dynamic values is refused by Terraform
    assert block.blocks["settings"].min_items == 1
    assert contains_dynamic(["map", ["object", {"x": "dynamic"}]])


def test_plan_create_leaves_computed_unknown_and_configuration_alone():
    block = build_block(LAMBDA_LIKE)
    proposed = {
        "function_name": "fn", "memory_size": None, "tags": None, "arn": None, "ingress": None,
        "vpc_config": [{"subnet_ids": ["a", "b"], "vpc_id": None}], "settings": [],
    }
    planned = plan_create(proposed, block)
    assert planned["function_name"] == "fn" and planned["tags"] is None
    assert planned["memory_size"] is UNKNOWN and planned["arn"] is UNKNOWN
    assert planned["vpc_config"] == [{"subnet_ids": ["a", "b"], "vpc_id": UNKNOWN}]
    assert proposed["arn"] is None  # not changed in place
    assert not is_known(planned) and is_known(proposed)


def test_fill_makes_up_unknowns_but_not_inside_sets():
    assert fill(UNKNOWN, "string", "queue_arn", "eu-west-1", nulls=False).startswith("arn:aws:stub:eu-west-1:")
    assert fill(UNKNOWN, "string", "x", "eu-west-1", nulls=False, in_set=True) is None
    assert fill(None, "number", "x", "r", nulls=False) is None
    assert fill(None, "number", "x", "r", nulls=True) == 0
    assert fill([UNKNOWN], ["set", "string"], "ids", "r", nulls=False) == [None]
    assert fill({"a": UNKNOWN}, ["object", {"a": "bool"}], "o", "r", nulls=False) == {"a": False}


def test_dynamic_blocks_keep_their_wire_type():
    block = build_block(LAMBDA_LIKE)
    wire_type = b'["list",["object",{"value":"dynamic"}]]'
    config = {"function_name": "fn", "arn": "x", "settings": [wire_type, [{"value": 1}]]}
    assert read_only_paths(config, block) == [(("attr", "arn"),)]
    planned = plan_create({**config, "arn": None}, block)
    assert planned["settings"] == [wire_type, [{"value": 1}]]


def test_read_only_paths_reach_into_nested_blocks():
    block = build_block(LAMBDA_LIKE)
    config = {"function_name": "fn", "vpc_config": [{"subnet_ids": ["a"], "vpc_id": "vpc-1"}]}
    assert read_only_paths(config, block) == [(("attr", "vpc_config"), ("index", 0), ("attr", "vpc_id"))]
    assert read_only_paths({"function_name": "fn", "arn": UNKNOWN}, block) == [(("attr", "arn"),)]


def test_empty_object_for_imports():
    assert empty_object(build_block(LAMBDA_LIKE)) == {
        "function_name": None, "memory_size": None, "tags": None, "arn": None, "ingress": None,
        "vpc_config": [], "settings": [],
    }


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("account_id", "123456789012"),
        ("image_digest", "sha256:"),
        ("vpc_cidr_block", "10.0.0.0/16"),
        ("invoke_url", "https://stub-invoke-url.example.com"),
        ("output_base64sha256", "c3R1Yg=="),
        ("description", "stub-description"),
    ],
)
def test_placeholder_strings_follow_the_name(name, expected):
    assert string_for(name, "eu-west-1").startswith(expected)


def test_placeholders_have_the_type():
    cty = ["object", {"ids": ["list", "string"], "n": "number", "m": ["map", "bool"], "d": "dynamic"}]
    assert placeholder(cty, "x", "r") == {"ids": ["stub-ids"], "n": 0, "m": {}, "d": None}


def test_settings_follow_the_provider_block():
    settings = aws.Settings("us-east-1")
    settings.configure({"region": "eu-central-1", "default_tags": [{"tags": {"Team": "a"}}]})
    assert (settings.region, settings.default_tags) == ("eu-central-1", {"Team": "a"})
    settings.configure({"region": None, "default_tags": [{"tags": UNKNOWN}]})
    assert settings.region == "eu-central-1" and isinstance(settings.default_tags, Unknown)
    planned = {"tags_all": UNKNOWN, "region": UNKNOWN}
    aws.plan_create("aws_sqs_queue", settings, {"tags": {"K": "v"}}, planned)
    assert planned == {"tags_all": UNKNOWN, "region": "eu-central-1"}  # default tags unknown: so is tags_all


def test_acm_validation_options_need_known_names():
    settings = aws.Settings("r")
    planned: dict = {}
    aws.plan_create("aws_acm_certificate", settings, {"domain_name": "a.com", "subject_alternative_names": UNKNOWN},
                    planned)
    assert "domain_validation_options" not in planned
    aws.plan_create("aws_acm_certificate", settings,
                    {"domain_name": "a.com", "subject_alternative_names": ["b.com", "a.com"]}, planned)
    assert [o["domain_name"] for o in planned["domain_validation_options"]] == ["a.com", "b.com"]


def test_policy_document_single_values_and_id():
    out = aws.policy_document({"policy_id": "p", "statement": [
        {"actions": ["s3:GetObject"], "not_resources": ["*"], "effect": "Deny",
         "not_principals": [{"type": "AWS", "identifiers": ["a", "b"]}]}]})
    assert json.loads(out["json"]) == {"Version": "2012-10-17", "Id": "p", "Statement": [
        {"Effect": "Deny", "Action": "s3:GetObject", "NotResource": "*", "NotPrincipal": {"AWS": ["a", "b"]}}]}
    assert json.loads(out["minified_json"]) == json.loads(out["json"])
    assert out["id"] == aws.policy_document({"policy_id": "p", "statement": [
        {"actions": ["s3:GetObject"], "not_resources": ["*"], "effect": "Deny",
         "not_principals": [{"type": "AWS", "identifiers": ["a", "b"]}]}]})["id"]


def test_functions():
    params, _, arn_parse = aws.FUNCTIONS["arn_parse"]
    assert params == ("arn",)
    with pytest.raises(ValueError, match="invalid ARN"):
        arn_parse("not-an-arn")
    _, _, arn_build = aws.FUNCTIONS["arn_build"]
    assert arn_build("aws", "sqs", "eu-west-1", "1", "q") == "arn:aws:sqs:eu-west-1:1:q"
    _, _, trim = aws.FUNCTIONS["trim_iam_role_path"]
    assert trim("arn:aws:iam::1:user/x") == "arn:aws:iam::1:user/x"


def test_an_install_is_current_only_for_its_sources_and_its_path(tmp_path):
    install = tmp_path / "stub"
    assert not stamp.is_current(install)  # nothing there
    (install / "venv" / "bin").mkdir(parents=True)
    (install / "venv" / "bin" / "python").write_text("")
    (install / "terraformrc").write_text("")
    recorded = stamp.stamp(install)
    (install / stamp.STAMP).write_text(json.dumps(recorded))
    assert stamp.is_current(install)
    assert set(recorded["sources"]) >= {"stubprovider/server.py", "stubprovider/install.sh",
                                        "data/provider-schemas.json"}
    moved = tmp_path / "moved"
    install.rename(moved)  # the launchers hold absolute paths: an install elsewhere is not current
    assert not stamp.is_current(moved)
    stale = {**recorded, "sources": {**recorded["sources"], "stubprovider/server.py": "0" * 64}}
    (moved / stamp.STAMP).write_text(json.dumps({**stale, "dir": str(moved.resolve())}))
    assert not stamp.is_current(moved)
