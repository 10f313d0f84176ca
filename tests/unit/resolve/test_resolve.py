"""Resolution: names, Terraform addresses, references and the derived least-privilege IAM."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from alpaco_gen.kinds.base import tf_id
from alpaco_gen.kinds.route import route_id
from alpaco_gen.resolve.inventory import planned_resources
from alpaco_gen.resolve.resolver import resolve
from alpaco_gen.spec.models import Spec
from tests.helpers import REFERENCE


def _service(edit=None):
    data = yaml.safe_load(Path(REFERENCE).read_text())
    if edit:
        edit(data)
    return resolve(Spec.model_validate(data), "specs/problem_service.yaml")


def _statements(obj):
    return {s.sid: s for s in obj.statements}


def test_names_follow_the_contract():
    service, findings = _service()
    assert findings == []
    assert service.by_name["function", "problem-grader"].aws_name == "alpaco-problem-service-problem-grader-dev"
    assert service.by_name["repository", "problem-runner"].aws_name == "alpaco/problem-runner-dev"
    assert tf_id("problem-grader") == "problem_grader"
    assert route_id("GET /submissions/{submission_id}") == "get_submissions_submission_id"
    assert route_id("$connect") == "connect"


def test_table_access_is_exact_actions_on_table_and_index_arns():
    def read_only_bucket(data):
        uses = data["functions"]["problem-grader"]["uses"]
        next(use for use in uses if use.get("bucket") == "grader-output")["access"] = "read"

    service, _ = _service(read_only_bucket)
    grader = service.by_name["function", "problem-grader"]
    table = _statements(grader)["TableSubmissionsReadWrite"]
    assert "dynamodb:Query" in table.actions and "dynamodb:PutItem" in table.actions
    assert not any("*" in a for a in table.actions)
    assert table.resources == ("aws_dynamodb_table.submissions.arn",
                               '"${aws_dynamodb_table.submissions.arn}/index/*"')
    bucket = _statements(grader)["BucketGraderOutputRead"]
    assert bucket.actions == ("s3:GetObject",)
    assert "s3:PutObject" not in str(grader.statements)


def test_a_bucket_prefix_scopes_objects_and_listing():
    runner = _statements(_service()[0].by_name["task", "problem-runner"])
    assert runner["BucketGraderOutputReadSubmissions"].resources == (
        '"${aws_s3_bucket.grader_output.arn}/submissions/*"',)
    assert runner["BucketGraderOutputWriteResults"].resources == ('"${aws_s3_bucket.grader_output.arn}/results/*"',)
    listing = runner["BucketGraderOutputListSubmissions"]
    assert [(c.test, c.variable, c.values) for c in listing.conditions] == [
        ("StringLike", "s3:prefix", ('"submissions/*"',))]
    assert runner["BucketGraderOutputKey"].actions == ("kms:Decrypt", "kms:GenerateDataKey")  # one Sid, united
    assert not any(r.endswith('arn}/*"') for s in runner.values() for r in s.resources)


def test_image_function_pulls_from_its_repository_only():
    service, _ = _service()
    streaming = service.by_name["function", "problem-generator-streaming"]
    pull = _statements(streaming)["ImagePull"]
    assert set(pull.actions) == {"ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"}
    assert pull.resources == ("aws_ecr_repository.problem_generator_streaming.arn",)
    assert "VpcNetworkInterfaces" in _statements(streaming)
    connections = _statements(streaming)["ApiGeneratorStreamingConnections"]
    assert connections.actions == ("execute-api:ManageConnections",)
    repo = service.by_name["repository", "problem-generator-streaming"]
    assert repo.lambda_pullers == ("alpaco-problem-service-problem-generator-streaming-dev",)


def test_state_machine_role_runs_exactly_its_task():
    service, _ = _service()
    sm = service.by_name["state_machine", "problem-grader"]
    st = _statements(sm)
    assert st["RunProblemRunner"].resources == ('"${aws_ecs_task_definition.problem_runner.arn_without_revision}:*"',)
    assert st["PassRolesProblemRunner"].resources == ("aws_iam_role.task_problem_runner_execution.arn",
                                                      "aws_iam_role.task_problem_runner.arn")
    assert st["SyncEvents"].resources[0].endswith(':rule/StepFunctionsGetEventsForECSTaskRule"')
    assert [f.name for f in sm.functions] == ["problem-grader"]
    assert "arn:${local.partition}:lambda:" in st["InvokeProblemGrader"].resources[0]


def test_ecs_roles_are_separate():
    service, _ = _service()
    runner = service.by_name["task", "problem-runner"]
    execution = {s.sid for s in runner.execution_statements}
    assert {"RegistryLogin", "ImagePull", "Logs"} <= execution
    assert {s.sid for s in runner.statements} == {"BucketGraderOutputReadSubmissions", "BucketGraderOutputWriteResults",
                                                  "BucketGraderOutputListSubmissions", "BucketGraderOutputKey"}


def test_references_are_reported_with_paths_and_suggestions():
    def break_refs(data):
        data["functions"]["problem-grader"]["uses"][0]["table"] = "submision"
        data["tasks"]["problem-runner"]["subnets"] = ["private_a", "private_b"]

    _, findings = _service(break_refs)
    by_path = {f.path: f for f in findings}
    table = by_path[("functions", "problem-grader", "uses", 0, "table")]
    assert table.rule_id == "AG101" and "submissions" in table.help
    assert ("tasks", "problem-runner", "subnets", 1) in by_path


def test_links_name_what_a_function_uses():
    service, _ = _service()
    grader = service.by_name["function", "problem-grader"]
    assert grader.links == {"SUBMISSIONS_TABLE": "aws_dynamodb_table.submissions.name",
                            "PROBLEMS_TABLE": "aws_dynamodb_table.problems.name",
                            "GRADER_OUTPUT_BUCKET": "aws_s3_bucket.grader_output.bucket",
                            "PROBLEM_GRADER_STATE_MACHINE_ARN": '"arn:${local.partition}:states:${local.region}:'
                            '${local.account_id}:stateMachine:alpaco-problem-service-problem-grader-dev"'}


def test_inventory_counts_every_planned_resource():
    service, _ = _service()
    resources = planned_resources(service)
    assert len(resources) == len(set(resources))
    assert "aws_api_gateway_account.main" in resources  # logging: info with `create` (seed failure 6)
    assert "aws_nat_gateway.main" in resources


def test_websocket_logging_without_account_role_has_no_access_logs():
    def none(data):
        data["account"]["api_gateway_cloudwatch_role"] = "none"

    service, _ = _service(none)
    assert not service.api_account_role
    assert "aws_cloudwatch_log_group.api_generator_streaming" not in planned_resources(service)


def test_isolated_subnets_have_no_route_out_even_with_nat():
    net = _service()[0].network
    tables = {t.tf: t for t in net.route_tables}
    assert tables["isolated"].nat is None and tables["isolated"].route is None
    assert {s.name for s in tables["isolated"].subnets} == {"isolated_a", "isolated_c"}
    assert tables["private"].nat is not None
    runner = _service()[0].by_name["task", "problem-runner"]
    assert {s.route_table for s in runner.subnets} == {"isolated"}


def test_a_subnet_is_not_public_and_isolated():
    def both(data):
        data["network"]["subnets"]["public_a"]["isolated"] = True

    with pytest.raises(ValueError, match="either `public` or `isolated`"):
        _service(both)
