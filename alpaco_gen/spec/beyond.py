"""The "Secrets and parameters" and "Beyond the spec" sections of docs/spec.md (alpaco_gen/data/
beyond_the_spec.md), with the worked example of user-owned Terraform (alpaco_gen/data/user_terraform/) that
tests/verify/test_user_terraform.py renders, re-renders and plans."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
# The worked example: files the user keeps in generated/nightly-batch/terraform/ beside the generated ones.
USER_FILES = {path.name: path.read_text(encoding="utf-8")
              for path in sorted((DATA / "user_terraform").glob("*.tf"), key=lambda p: p.name)}


def markdown() -> str:
    example = "".join(f"`{name}`:\n\n```hcl\n{text}```\n\n" for name, text in USER_FILES.items())
    return (DATA / "beyond_the_spec.md").read_text(encoding="utf-8") + example.rstrip("\n") + "\n"
