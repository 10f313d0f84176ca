"""`uses: [{task: x, access: run}]`: the variables RunTask needs, and exactly the grants starting the task takes."""

from __future__ import annotations

import yaml

from alpaco_gen.access import simulate
from alpaco_gen.resolve.resolver import resolve
from alpaco_gen.rules.lambda_.environment_size import link_values
from alpaco_gen.spec.models import Spec
from tests.helpers import REFERENCE


def _service():
    data = yaml.safe_load(REFERENCE.read_text())
    data["functions"]["problem-grader"]["uses"].append({"task": "problem-generator", "access": "run"})
    service, findings = resolve(Spec.model_validate(data), "service.yaml")
    assert findings == []
    return service


def test_a_run_link_sets_what_run_task_needs():
    grader = next(f for f in _service().functions if f.name == "problem-grader")
    assert grader.links["PROBLEM_GENERATOR_TASK_DEFINITION"] == '"alpaco-problem-service-problem-generator-dev"'
    assert grader.links["PROBLEM_GENERATOR_TASK_CLUSTER"] == "aws_ecs_cluster.main.arn"
    assert grader.links["PROBLEM_GENERATOR_TASK_SUBNETS"] == \
        'join(",", [aws_subnet.private_a.id, aws_subnet.private_c.id])'
    assert grader.links["PROBLEM_GENERATOR_TASK_SECURITY_GROUPS"] == 'join(",", [aws_security_group.runner.id])'


def test_run_grants_run_task_in_the_cluster_and_pass_role_to_ecs_only():
    grader = next(f for f in _service().functions if f.name == "problem-grader")
    run = next(s for s in grader.statements if s.actions == ("ecs:RunTask",))
    assert run.resources == ('"${aws_ecs_task_definition.problem_generator.arn_without_revision}:*"',)
    assert [(c.variable, c.values) for c in run.conditions] == [("ecs:cluster", ("aws_ecs_cluster.main.arn",))]
    passing = next(s for s in grader.statements if s.actions == ("iam:PassRole",))
    assert set(passing.resources) == {"aws_iam_role.task_problem_generator_execution.arn",
                                      "aws_iam_role.task_problem_generator.arn"}
    assert [c.variable for c in passing.conditions] == ["iam:PassedToService"]


def test_starting_a_task_needs_every_grant_and_no_other():
    result = simulate(_service())
    started = [c for c in result.calls if "uses task `problem-generator`" in c.why]
    assert {c.action for c in started} == {"ecs:RunTask", "iam:PassRole"}
    assert result.missing == [] and result.unused == []


def test_the_variables_are_measured_as_deployed():
    service = _service()
    values = link_values(service, next(f for f in service.functions if f.name == "problem-grader"))
    assert values["PROBLEM_GENERATOR_TASK_SUBNETS"].count("subnet-") == 2
    assert values["PROBLEM_GENERATOR_TASK_CLUSTER"].endswith(":cluster/alpaco-problem-service-dev")
