"""The data-flow rule (AG718) on the workflow that failed every run: the old nightly-batch example."""

from __future__ import annotations

from pathlib import Path

from alpaco_gen.pipeline import check_spec

OLD_NIGHTLY = Path(__file__).parent / "nightly_batch_before_callback.yaml"


def test_old_nightly_batch_workflow_is_rejected():
    findings = [f for f in check_spec(OLD_NIGHTLY).findings if f.rule_id == "AG718"]
    where = {(f.path[3], f.path[4]) for f in findings}
    assert where == {("check_size", "choices"), ("load_shards", "items_path")}
    assert all("ECS task description" in f.message for f in findings)
