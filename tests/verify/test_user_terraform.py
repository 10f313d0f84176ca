"""The escape hatch of docs/spec.md ("Beyond the spec"): user-owned Terraform beside the generated files is
never written, pruned or reported by `render`, and plans together with the generated root (stub providers)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import tfstub
from conftest import REPO

from alpaco_gen.fsio import WriteError
from alpaco_gen.pipeline import planned_resource_count
from alpaco_gen.spec.beyond import USER_FILES
from alpaco_gen.writer import plan_write

SPEC = REPO / "specs" / "nightly_batch.yaml"
# Test-only: fails the plan unless Terraform merged the override into the generated task definition, and
# reads the generated `local.alpaco` map on the way.
CHECK_FILE = ("zz_check.user.tf", '''\
resource "null_resource" "override_applied" {
  lifecycle {
    precondition {
      condition     = local.alpaco.tasks["loader"].memory == "2048" && local.alpaco.tasks["loader"].cpu == "256"
      error_message = "ecs_override.tf was not merged into aws_ecs_task_definition.loader"
    }
  }
}
''')


def _render(out: Path, *options: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "alpaco_gen", "render", str(SPEC), "--out", str(out), *options],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=300)


def test_user_files_survive_renders_and_plan_with_the_generated_root(tmp_path, summary):
    out = tmp_path / "generated"
    assert _render(out).returncode == 0
    root = out / "nightly-batch" / "terraform"
    user_files = {**USER_FILES, CHECK_FILE[0]: CHECK_FILE[1]}
    for name, text in user_files.items():
        (root / name).write_text(text, encoding="utf-8")
    (root / "iam.tf").unlink()  # a generated file gone: the next render restores it, the user's stay

    again = _render(out)
    assert again.returncode == 0, again.stdout + again.stderr
    assert (root / "iam.tf").is_file()
    assert {name: (root / name).read_text(encoding="utf-8") for name in user_files} == user_files
    check = _render(out, "--check")
    assert check.returncode == 0 and "user.tf" not in check.stdout + check.stderr, check.stdout + check.stderr

    result = tfstub.run_root(out / "nightly-batch")
    summary("terraform plan (generated + user files)", result.summary())
    assert result.ok, result.report()
    # the generated inventory, plus the user's alarm and the test's check resource
    assert result.to_add == planned_resource_count(SPEC) + 2, result.report()
    assert {"aws_cloudwatch_metric_alarm.nightly_failed", "null_resource.override_applied"} <= set(result.creates)


@pytest.mark.parametrize("name", ["alarms.user.tf", "override.tf", "ecs_override.tf", "x.user.tf.json"])
def test_the_writer_refuses_to_generate_a_user_owned_name(tmp_path, name):
    with pytest.raises(WriteError, match="reserved for user-owned Terraform"):
        plan_write(tmp_path, {f"svc/terraform/{name}": "x\n"})
