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
