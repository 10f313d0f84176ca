"""Isolated subnets: NAT elsewhere in the VPC does not reach them, so the endpoint rules look at them."""

from __future__ import annotations

from pathlib import Path

from alpaco_gen.pipeline import check_spec
from tests.helpers import REFERENCE


def _findings(tmp_path: Path, old: str, new: str) -> dict[str, list[str]]:
    text = REFERENCE.read_text(encoding="utf-8")
    assert old in text
    spec = tmp_path / "specs" / "service.yaml"
    spec.parent.mkdir()
    spec.write_text(text.replace(old, new).replace("source: backend/", "source: ../backend/"), encoding="utf-8")
    found: dict[str, list[str]] = {}
    for finding in check_spec(spec).findings:
        found.setdefault(finding.rule_id, []).append(finding.message)
    return found


def test_a_task_in_isolated_subnets_needs_an_endpoint_for_what_it_uses(tmp_path):
    found = _findings(tmp_path, "endpoints: [s3, dynamodb, ecr_api, ecr_dkr, logs]",
                      "endpoints: [dynamodb, ecr_api, ecr_dkr, logs]")
    assert any("problem-runner" in m and "`s3` endpoint" in m for m in found["AG414"])
    assert any("problem-runner" in m and "no NAT route" in m for m in found["AG307"])
    assert not any("problem-generator" in m for m in found["AG414"])  # its private subnets have NAT


def test_with_the_endpoints_the_reference_is_clean(tmp_path):
    found = _findings(tmp_path, "endpoints: [s3, dynamodb, ecr_api, ecr_dkr, logs]",
                      "endpoints: [s3, dynamodb, ecr_api, ecr_dkr, logs]")
    assert "AG414" not in found and "AG307" not in found
