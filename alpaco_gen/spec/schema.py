"""The JSON Schema of service.yaml, from the Pydantic models and their field descriptions."""

from __future__ import annotations

import json

from alpaco_gen.spec.models import Spec

SCHEMA_ID = "https://alpaco-gen.dev/schema/service.schema.json"


def schema() -> dict:
    document = Spec.model_json_schema(mode="validation")
    # With `environments:`, each environment is named by its key there and `environment` stays unset.
    document["required"] = [name for name in document["required"] if name != "environment"]
    document["oneOf"] = [{"required": ["environment"], "not": {"required": ["environments"]}},
                         {"required": ["environments"], "not": {"required": ["environment"]}}]
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
            "title": "alpaco-gen service.yaml, version 1", **document}


def schema_text() -> str:
    return json.dumps(schema(), indent=2, ensure_ascii=False) + "\n"
