"""docs/spec.md and the JSON Schema come from the models; the reference spec validates against the schema."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from alpaco_gen.spec.docs import spec_markdown
from alpaco_gen.spec.models import Spec
from alpaco_gen.spec.schema import schema, schema_text
from tests.helpers import REFERENCE, REPO, SPECS


def test_spec_docs_are_current():
    assert (REPO / "docs" / "spec.md").read_text(encoding="utf-8") == spec_markdown(), (
        "docs/spec.md is stale: run `python -m alpaco_gen.spec.docs > docs/spec.md`")


def test_every_field_is_documented():
    text = spec_markdown()
    for name in Spec.model_fields:
        assert f"| `{name}` |" in text


def test_committed_schema_is_current():
    path = REPO / "generated" / "schema" / "service.schema.json"
    assert path.read_text(encoding="utf-8") == schema_text(), "run `alpaco-gen schema`"


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_specs_validate_against_the_schema(spec):
    jsonschema.Draft202012Validator(schema()).validate(yaml.safe_load(spec.read_text()))


def test_reference_spec_points_editors_at_the_schema():
    assert REFERENCE.read_text().startswith(
        "# yaml-language-server: $schema=../generated/schema/service.schema.json")


def test_schema_rejects_a_broken_spec():
    broken = yaml.safe_load(REFERENCE.read_text())
    broken["functions"]["problem-grader"]["memroy"] = 512
    broken["network"]["nat"] = "double"
    errors = list(jsonschema.Draft202012Validator(schema()).iter_errors(broken))
    assert len(errors) >= 2
    json.dumps(schema())  # serialisable
