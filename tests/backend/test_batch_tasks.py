"""The nightly-batch example tasks: their pure parts."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BACKEND = Path(__file__).resolve().parents[2] / "backend" / "tasks"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"task_{name}", BACKEND / name / "main.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_extractor_shards_in_order():
    extractor = _load("extractor")
    assert extractor.shard([{"i": n} for n in range(5)], 2) == [[{"i": 0}, {"i": 1}], [{"i": 2}, {"i": 3}], [{"i": 4}]]
    with pytest.raises(ValueError):
        extractor.shard([], 0)


def test_loader_batches():
    loader = _load("loader")
    assert loader.batches(list(range(7)), 3) == [[0, 1, 2], [3, 4, 5], [6]]
    assert loader.batches([], 3) == []


def test_extractor_pseudonymises_emails_with_the_key():
    extractor = _load("extractor")
    records = [{"id": 1, "email": " Ada@Example.com"}, {"id": 2}]
    first, second = extractor.pseudonymise(records, "key-1")
    assert first["email"] == extractor.pseudonymise([{"email": "ada@example.com"}], "key-1")[0]["email"]
    assert first["email"] != extractor.pseudonymise(records, "key-2")[0]["email"]
    assert "ada" not in first["email"] and second == {"id": 2}
    with pytest.raises(ValueError, match="PSEUDONYM_KEY is empty"):
        extractor.pseudonymise(records, "")


def test_loader_reads_the_dataset_version_parameter_on_moto():
    import boto3
    from moto import mock_aws

    loader = _load("loader")
    with mock_aws():
        ssm = boto3.client("ssm", region_name="us-east-1")
        ssm.put_parameter(Name="/acme/nightly-batch/staging/dataset-version", Value="2026-11", Type="String")
        assert loader.dataset_version(ssm, "/acme/nightly-batch/staging/dataset-version") == "2026-11"
        assert loader.dataset_version(ssm, None) == "unknown"
