"""Every committed generated root passes a real `terraform init`, `validate` and `plan` (stub providers),
and the plan creates exactly as many resource instances as the generator's resolved model says (issue 7)."""

from __future__ import annotations

from pathlib import Path

import pytest
import tfstub
import yaml
from conftest import REPO, service_dirs

SPECS = REPO / "specs"
# None stands for "nothing generated": a failure, not an empty (silently skipped) parameter set
SERVICES: list[Path | None] = [*service_dirs()] or [None]


def spec_for(service_dir: Path) -> Path:
    """The spec whose top-level `service:` is the folder's name.

    (The folder's `.alpaco-gen-manifest.json` lists the files it owns, not the spec they came from.)
    """
    matches = []
    for spec in sorted([*SPECS.glob("*.yaml"), *SPECS.glob("*.yml")]):
        data = yaml.safe_load(spec.read_text())
        if isinstance(data, dict) and data.get("service") == service_dir.name:
            matches.append(spec)
    assert len(matches) == 1, f"want one spec in specs/ with `service: {service_dir.name}`, found {matches}"
    return matches[0]


@pytest.mark.parametrize("service_dir", SERVICES, ids=lambda d: d.name if d else "none")
def test_generated_root_plans(service_dir, summary):
    if service_dir is None:
        pytest.fail("no generated/<service>/terraform/ root: run `alpaco-gen render` and commit generated/")
    result = tfstub.run_root(service_dir)
    summary("terraform plan", result.summary())
    assert result.ok, result.report()
    assert result.to_add == len(result.creates), result.report()

    # Count from the resolved model, not from Terraform's output (issue 7).
    from alpaco_gen.pipeline import planned_resource_count

    expected = planned_resource_count(spec_for(service_dir))
    assert result.to_add == expected, (
        f"{service_dir.name}: plan creates {result.to_add} resource instances, the resolved model "
        f"{expected}:\n" + "\n".join(sorted(result.creates))
    )
