"""Specs whose resources use each other in a circle still give an acyclic Terraform graph (real
`terraform validate` and `plan` with the stub providers): `uses:` names functions and state machines
instead of referencing them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import tfstub

from alpaco_gen import writer
from alpaco_gen.pipeline import check_spec, planned_resource_count, render_files

HEADER = "version: 1\nproject: acme\nservice: loops\nenvironment: dev\nregion: us-east-1\n"
ZIP = "source: src/{0}, runtime: python3.12, handler: app.handler"
CASES = {
    "functions invoke each other": """functions:
  a: {{{}, uses: [{{function: b, access: invoke}}]}}
  b: {{{}, uses: [{{function: a, access: invoke}}]}}
""".format(ZIP.format("a"), ZIP.format("b")),
    "function starts the state machine that invokes it": """functions:
  a: {{{}, uses: [{{state_machine: flow, access: start}}]}}
state_machines:
  flow: {{start: call, states: {{call: {{function: a, end: true}}}}}}
""".format(ZIP.format("a")),
    "tasks start themselves and each other": """network:
  cidr: 10.0.0.0/16
  nat: single
  subnets:
    public_a: {cidr: 10.0.0.0/24, az: a, public: true}
    private_a: {cidr: 10.0.1.0/24, az: a}
  security_groups:
    workers: {egress: [{cidr: 0.0.0.0/0, ports: [443], description: HTTPS to AWS APIs}]}
repositories:
  jobs: {}
tasks:
  a:
    {source: src/a, image: {repository: jobs, tag: a}, subnets: [private_a], security_groups: [workers],
     uses: [{task: a, access: run}, {task: b, access: run}]}
  b:
    {source: src/b, image: {repository: jobs, tag: b}, subnets: [private_a], security_groups: [workers],
     uses: [{task: a, access: run}]}
""",
}


@pytest.mark.parametrize("body", CASES.values(), ids=list(CASES))
def test_circular_uses_plan(tmp_path, body):
    project = tmp_path / "project"
    for name in ("a", "b"):
        (project / "src" / name).mkdir(parents=True)
        (project / "src" / name / "app.py").write_text("def handler(event, context):\n    return event\n")
    spec = project / "loops.yaml"
    spec.write_text(HEADER + "source_root: .\n" + body)
    cwd = os.getcwd()
    os.chdir(project)
    try:
        checked = check_spec(Path("loops.yaml"))
        assert not checked.has_errors, [f.message for f in checked.findings]
        writer.apply_write(writer.plan_write(Path("generated"), render_files(checked, Path("generated"))))
        expected = planned_resource_count("loops.yaml")
    finally:
        os.chdir(cwd)
    result = tfstub.run_root(project / "generated" / "loops")
    assert result.ok, result.report()
    assert result.to_add == expected
