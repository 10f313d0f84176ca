"""Running the real entry point in a scratch project, and a small two-environment spec."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ORDERS = """\
version: 1
project: acme
service: orders
region: us-east-1
tags: {Team: retail}
terraform:
  backend: {s3: {bucket: acme-tfstate, key: orders/dev/terraform.tfstate}}
tables:
  orders: {hash_key: id, attributes: {id: S}}
functions:
  api:
    source: backend/lambdas/api
    runtime: python3.12
    handler: app.handler
    memory: 256
    uses: [{table: orders, access: read}]
environments:
  dev: {}
  prod:
    tags: {CostCenter: shop}
    terraform: {backend: {s3: {key: orders/prod/terraform.tfstate}}}
    functions:
      api: {memory: 1024}
"""


def run(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "alpaco_gen", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, input=stdin)


def scratch_project(root: Path, specs: dict[str, str]) -> Path:
    """A project folder with the given spec files and the one backend folder they use."""
    (root / "backend" / "lambdas" / "api").mkdir(parents=True)
    (root / "backend" / "lambdas" / "api" / "app.py").write_text("def handler(event, context):\n    return {}\n")
    for name, text in specs.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def line_of(text: str, needle: str, after: str = "") -> int:
    """1-based line of the first `needle` after the first line containing `after`."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines) if i >= start and needle in line) + 1
