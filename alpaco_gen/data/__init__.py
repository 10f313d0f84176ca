"""AWS facts the rules check against, extracted from botocore by scripts/refresh_aws_data.py."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any


@functools.cache
def aws() -> dict[str, Any]:
    return json.loads((Path(__file__).parent / "aws.json").read_text(encoding="utf-8"))
