"""The environment overlay: how overrides merge into the base, and where merged values point."""

from __future__ import annotations

from pathlib import Path

from alpaco_gen.spec.loader import load_yaml
from alpaco_gen.spec.overlay import environment_names, overlay

SPEC = """\
version: 1
service: s
tags: {Team: a, Owner: b}
network:
  cidr: 10.0.0.0/16
  endpoints: [s3, dynamodb, logs]
functions:
  api: {memory: 256, timeout: 3}
environments:
  dev:
  prod:
    tags: {Owner: c}
    network:
      endpoints: [s3]
    functions:
      api: {memory: 1024}
      extra: {memory: 128}
"""


def loaded(tmp_path: Path, text: str = SPEC):
    path = tmp_path / "s.yaml"
    path.write_text(text)
    return load_yaml(path, "s.yaml")


def test_names_in_file_order_and_none_without_a_usable_section(tmp_path):
    assert environment_names(loaded(tmp_path).data) == ["dev", "prod"]
    assert environment_names({"environments": {}}) is None
    assert environment_names({"environments": ["dev"]}) is None
    assert environment_names({"environments": {"dev": [1]}}) is None


def test_mappings_merge_and_other_values_replace(tmp_path):
    prod = overlay(loaded(tmp_path), "prod").data
    assert prod["tags"] == {"Team": "a", "Owner": "c"}
    assert prod["network"] == {"cidr": "10.0.0.0/16", "endpoints": ["s3"]}
    assert prod["functions"] == {"api": {"memory": 1024, "timeout": 3}, "extra": {"memory": 128}}
    assert prod["environment"] == "prod" and "environments" not in prod


def test_the_base_is_shared_not_changed(tmp_path):
    spec = loaded(tmp_path)
    overlay(spec, "prod")
    dev = overlay(spec, "dev").data
    assert dev["functions"] == {"api": {"memory": 256, "timeout": 3}}
    assert dev["network"]["endpoints"] == ["s3", "dynamodb", "logs"]


def test_positions_follow_the_value_that_won(tmp_path):
    prod = overlay(loaded(tmp_path), "prod").source_map
    assert prod.locate(("functions", "api", "memory")) == (16, 21)  # the override
    assert prod.locate(("functions", "api", "timeout")) == (8, 31)  # inherited from the base
    assert prod.locate(("network", "endpoints", 0)) == (14, 19)
    assert ("network", "endpoints", 2) not in prod.values  # the base's longer list is gone
    assert prod.locate(("functions", "extra", "memory")) == (17, 23)
    assert prod.locate(("environment",)) == (11, 3)  # the environment's key
    dev = overlay(loaded(tmp_path), "dev").source_map
    assert dev.locate(("functions", "api", "memory")) == (8, 17)
    assert dev.locate(("network", "endpoints", 2)) == (6, 29)


def test_identity_fields_cannot_be_overridden(tmp_path):
    text = SPEC.replace("  dev:\n", "  dev: {service: t, project: q}\n")
    text = text.replace("version: 1\n", "version: 1\nenvironment: x\n")
    dev = overlay(loaded(tmp_path, text), "dev")
    assert dev.data["service"] == "s" and "project" not in dev.data
    found = sorted((f.rule_id, f.line, f.column, f.message) for f in dev.findings)
    assert [(rule, line, column) for rule, line, column, _ in found] == [("AG008", 2, 1), ("AG008", 11, 9),
                                                                         ("AG008", 11, 21)]
