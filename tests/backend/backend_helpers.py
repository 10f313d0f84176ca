"""Helpers of the backend tests: load service modules from their hyphenated folders, create moto tables."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[2]


def load_module(relative: str) -> ModuleType:
    """A fresh copy of backend/<relative> (folders like `problem-grader` are not importable by name)."""
    path = REPO / "backend" / relative
    spec = importlib.util.spec_from_file_location("backend_" + re.sub(r"\W", "_", relative), path)
    assert spec and spec.loader, path
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def create_table(name: str, key: str) -> object:
    import boto3

    return boto3.resource("dynamodb").create_table(
        TableName=name,
        KeySchema=[{"AttributeName": key, "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": key, "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
