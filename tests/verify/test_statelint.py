"""Step Functions definitions (issue 4 item 4): statelint + Parameters vs botocore, fixtures and generated."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

# The checkers and conftest's helpers are sibling modules: importable under any pytest --import-mode.
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from asl_check import check_state_machine, placeholder_value, substitute_placeholders  # noqa: E402
from conftest import service_dirs  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures_schema" / "asl"


def state_machines() -> list[Path]:
    return sorted(p for d in service_dirs() for p in (d / "statemachines").glob("*.asl.json"))


def test_tools_are_installed():
    missing = [m for m in ("statelint", "botocore") if importlib.util.find_spec(m) is None]
    if missing:
        pytest.fail(f"not installed: {', '.join(missing)} (pip install -e '.[dev]')")


def test_good_fixture_passes():
    assert check_state_machine(FIXTURES / "good.asl.json") == []


def test_bad_next_is_caught_by_statelint():
    problems = [str(p) for p in check_state_machine(FIXTURES / "bad_next.asl.json")]
    assert any('No state found named "Svae"' in p for p in problems), problems


def test_unknown_parameters_are_caught():
    problems = {p.path for p in check_state_machine(FIXTURES / "bad_parameters.asl.json")}
    assert problems == {
        "States.Run.Parameters.NetworkConfiguration.AwsvpcConfiguration.SecurityGroup",
        "States.Run.Parameters.Overrides.ContainerOverrides[0].Environment[0].Vaule",
        "States.Invoke.Parameters.Input.$",
    }


def test_dynamodb_and_aws_sdk_parameters(tmp_path):
    definition = {
        "StartAt": "A",
        "States": {
            "A": {
                "Type": "Task",
                "Resource": "arn:aws:states:::dynamodb:updateItem",
                "Next": "B",
                "Parameters": {
                    "TableName": "t",
                    "Key": {"pk": {"Str": "x"}},
                    "UpdateExpresion": "SET a = :a",
                },
            },
            "B": {
                "Type": "Task",
                "Resource": "arn:aws:states:::aws-sdk:sqs:sendMessage",
                "End": True,
                "Parameters": {"QueueUrl": "u", "MessageBody.$": "$", "Delay": 1},
            },
        },
    }
    path = tmp_path / "x.asl.json"
    path.write_text(json.dumps(definition))
    assert {p.path for p in check_state_machine(path)} == {
        "States.A.Parameters.Key.pk.Str",
        "States.A.Parameters.UpdateExpresion",
        "States.B.Parameters.Delay",
    }


def test_invalid_json_is_a_problem_not_an_exception(tmp_path):
    path = tmp_path / "broken.asl.json"
    path.write_text('{"StartAt": "A", "States": {')
    (problem,) = check_state_machine(path)
    assert "not valid JSON" in problem.message


@pytest.mark.parametrize(
    ("name", "prefix"),
    [
        ("function_validate", "arn:aws:lambda:eu-west-1:123456789012:function:"),
        ("lambda_arn", "arn:aws:lambda:"),
        ("task_definition_report", "arn:aws:ecs:eu-west-1:123456789012:task-definition/"),
        ("cluster", "arn:aws:ecs:eu-west-1:123456789012:cluster/"),
        ("table_orders", "table-orders"),
        ("table_orders_arn", "arn:aws:dynamodb:"),
        ("subnet_private_a", "subnet-"),
        ("security_group_task", "sg-"),
        ("partition", "aws"),
        ("aws_lambda_function.x.arn", "arn:aws:lambda:"),
        ("something_else", "arn:aws:states:eu-west-1:123456789012:placeholder:something-else"),
    ],
)
def test_placeholder_values(name, prefix):
    assert placeholder_value(name).startswith(prefix)


def test_substitution_keeps_escapes_and_json_shape():
    text = '{"A": "x-${function_a}-$${literal}-%%{x}", "B": ${jsonencode(subnet_ids)}, "C": ${role}}'
    doc = json.loads(substitute_placeholders(text))
    assert doc["A"] == "x-arn:aws:lambda:eu-west-1:123456789012:function:function-a-${literal}-%{x}"
    assert doc["B"] == ["subnet-0123456789abcdef0"]
    assert doc["C"].startswith("arn:aws:iam::123456789012:role/")


def test_generated_state_machines(summary):
    machines = state_machines()
    problems = [p for m in machines for p in check_state_machine(m)]
    summary("statelint", f"{len(problems)} problems in {len(machines)} state machines")
    assert not problems, "\n".join(str(p) for p in problems)
