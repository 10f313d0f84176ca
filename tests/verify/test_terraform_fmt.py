"""Every generated Terraform root is in `terraform fmt` style (checked, never rewritten)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import tfstub
from conftest import terraform_roots

FIXTURE_ROOT = Path(__file__).with_name("fixtures") / "hello-service" / "terraform"
ROOTS: list[Path | None] = [*terraform_roots()] or [
    None
]  # None: nothing generated, a failure rather than a skipped empty set


@pytest.mark.parametrize("root", ROOTS, ids=lambda r: r.parent.name if r else "none")
def test_generated_root_is_formatted(root, summary):
    if root is None:
        pytest.fail("no generated/<service>/terraform/ root: run `alpaco-gen render` and commit generated/")
    proc = tfstub.fmt_check(root)
    summary("terraform fmt", f"{root.parent.name}: {'ok' if proc.returncode == 0 else 'unformatted'}")
    assert proc.returncode == 0, f"terraform fmt -check -diff -recursive {root}:\n{proc.stdout}{proc.stderr}"


def test_fixture_root_is_formatted():
    proc = tfstub.fmt_check(FIXTURE_ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_unformatted_copy_fails_with_the_diff(tmp_path):
    root = shutil.copytree(FIXTURE_ROOT, tmp_path / "terraform")
    lambda_tf = root / "lambda.tf"
    lambda_tf.write_text(lambda_tf.read_text().replace("memory_size   = 512", "memory_size = 512"))
    proc = tfstub.fmt_check(root)
    assert proc.returncode != 0
    assert "--- old/lambda.tf" in proc.stdout
    assert "-  memory_size = 512\n+  memory_size   = 512" in proc.stdout
    assert lambda_tf.read_text().count("memory_size = 512") == 1  # -check reports, never rewrites
