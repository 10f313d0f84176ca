"""alpaco_gen/data/aws.json is what scripts/refresh_aws_data.py derives from botocore's service models.

With the botocore version the file records, the script must give the file exactly. With another (CI installs
the newest), what the file holds must still be true: every enum value it lists still exists, so no rule accepts
a value AWS dropped. New values are the script's to add when someone refreshes the file.
"""

from __future__ import annotations

import importlib.util
import json
from typing import Any

import botocore

from tests.helpers import REPO

SCRIPT = REPO / "scripts" / "refresh_aws_data.py"
COMMITTED = json.loads((REPO / "alpaco_gen" / "data" / "aws.json").read_text(encoding="utf-8"))


def _fresh() -> dict[str, Any]:
    spec = importlib.util.spec_from_file_location("refresh_aws_data", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return json.loads(json.dumps(module.build(), sort_keys=True))


def _dropped(old: Any, new: Any, where: str = "") -> list[str]:
    """Enum values of `old` that `new` no longer has, by path."""
    if isinstance(old, dict) and isinstance(new, dict):
        return [d for key in old if key != "botocore_version"
                for d in (_dropped(old[key], new[key], f"{where}/{key}") if key in new else [f"{where}/{key}"])]
    if isinstance(old, list) and all(isinstance(v, str) for v in old) and isinstance(new, list):
        return [f"{where}: {v}" for v in old if v not in new]
    return []


def test_the_file_is_what_botocore_gives() -> None:
    fresh = _fresh()
    assert fresh["botocore_version"] == botocore.__version__
    if COMMITTED["botocore_version"] == botocore.__version__:
        assert fresh == COMMITTED, "run `python scripts/refresh_aws_data.py` and commit alpaco_gen/data/aws.json"
    else:
        assert _dropped(COMMITTED, fresh) == []
        assert set(COMMITTED) == set(fresh)


def test_a_dropped_value_is_found() -> None:
    assert _dropped({"lambda": {"runtimes": ["python3.12", "go1.x"]}, "botocore_version": "1"},
                    {"lambda": {"runtimes": ["python3.12"]}, "botocore_version": "2"}) == ["/lambda/runtimes: go1.x"]
    assert _dropped({"regions": ["us-east-1"], "sqs": {"delay": [0, 900]}}, {"regions": ["us-east-1"]}) == ["/sqs"]
