"""problem-grader: the HTTP read path, grading and the Step Functions write path."""

from __future__ import annotations

import json

import boto3
import pytest

from tests.backend.backend_helpers import create_table

MODULE = "lambdas/problem-grader/app.py"
ROUTE = "GET /submissions/{submission_id}"


def http_event(submission_id: str, route: str = ROUTE) -> dict:
    return {"version": "2.0", "routeKey": route, "pathParameters": {"submission_id": submission_id},
            "requestContext": {"http": {"method": "GET", "path": f"/submissions/{submission_id}"}}}


def case(expected: str, actual: str, exit_code: int = 0, timed_out: bool = False) -> dict:
    return {"expected": expected, "actual": actual, "exit_code": exit_code, "timed_out": timed_out}


@pytest.fixture
def grader(load, aws, monkeypatch):
    monkeypatch.setenv("SUBMISSIONS_TABLE", "submissions")
    monkeypatch.setenv("OUTPUT_BUCKET", "grader-output")
    table = create_table("submissions", "submission_id")
    boto3.client("s3").create_bucket(Bucket="grader-output",
                                     CreateBucketConfiguration={"LocationConstraint": "ap-northeast-2"})
    module = load(MODULE)
    module.test_table = table
    return module


def test_get_returns_the_submission_as_json(grader):
    grader.test_table.put_item(Item={"submission_id": "s1", "status": "graded", "passed": 3})
    response = grader.handler(http_event("s1"), None)
    assert response["statusCode"] == 200
    assert response["headers"]["content-type"] == "application/json"
    assert json.loads(response["body"]) == {"submission_id": "s1", "status": "graded", "passed": 3}


def test_get_unknown_submission_is_404(grader):
    response = grader.handler(http_event("nope"), None)
    assert response["statusCode"] == 404


def test_other_routes_are_404(grader):
    response = grader.handler(http_event("s1", route="DELETE /submissions/{submission_id}"), None)
    assert response["statusCode"] == 404


@pytest.mark.parametrize(
    ("cases", "verdict", "passed"),
    [
        ([case("3\n", "3\n"), case("a b", "a b  \n\n")], "accepted", 2),
        ([case("3", "3"), case("4", "5")], "wrong_answer", 1),
        ([case("3", "", timed_out=True), case("4", "5")], "time_limit_exceeded", 0),
        ([case("3", "", exit_code=1)], "runtime_error", 0),
        ([], "no_test_cases", 0),
    ],
)
def test_grade(load, cases, verdict, passed):
    result = load(MODULE).grade({"cases": cases})
    assert result == {"verdict": verdict, "passed": passed, "total": len(cases)}


def test_state_machine_inline_result_is_graded_and_recorded(grader):
    event = {"submission_id": "s2", "result": {"cases": [case("1", "1"), case("2", "3")]}}
    assert grader.handler(event, None) == {"submission_id": "s2", "status": "graded",
                                           "verdict": "wrong_answer", "passed": 1, "total": 2}
    item = grader.test_table.get_item(Key={"submission_id": "s2"})["Item"]
    assert (item["verdict"], item["passed"], item["total"]) == ("wrong_answer", 1, 2)
    assert item["graded_at"]


def test_state_machine_reads_the_runner_result_from_s3(grader):
    body = json.dumps({"submission_id": "s3", "cases": [case("7\n", "7\n")]})
    boto3.client("s3").put_object(Bucket="grader-output", Key="results/s3.json", Body=body)
    out = grader.handler({"submission_id": "s3", "runner": {"TaskArn": "arn:..."}}, None)
    assert out["verdict"] == "accepted"
    assert grader.test_table.get_item(Key={"submission_id": "s3"})["Item"]["status"] == "graded"


def test_caught_failure_is_recorded_as_system_error(grader):
    event = {"submission_id": "s4", "error": {"Error": "States.TaskFailed", "Cause": "{}"}}
    assert grader.handler(event, None)["verdict"] == "system_error"
    item = grader.test_table.get_item(Key={"submission_id": "s4"})["Item"]
    assert (item["status"], item["error"]) == ("failed", "States.TaskFailed")


def test_unknown_event_is_an_error(load):
    with pytest.raises(ValueError):
        load(MODULE).handler({"hello": "world"}, None)


def test_import_needs_no_aws(load, monkeypatch):
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    assert callable(load(MODULE).handler)


def post(body: object) -> dict:
    text = body if isinstance(body, str) else json.dumps(body)
    return {"version": "2.0", "routeKey": "POST /submissions", "body": text, "isBase64Encoded": False,
            "requestContext": {"http": {"method": "POST", "path": "/submissions"}}}


CASES = [{"name": "case-1", "input": "x\n", "expected": "x\n"}] * 50


@pytest.fixture
def problems(aws, monkeypatch):
    monkeypatch.setenv("PROBLEMS_TABLE", "problems")
    table = create_table("problems", "problem_id")
    table.put_item(Item={"problem_id": "p1", "status": "ready", "test_cases": CASES})
    table.put_item(Item={"problem_id": "draft", "status": "generating"})
    return table


@pytest.fixture
def workflow(grader, problems, monkeypatch):
    sfn = boto3.client("stepfunctions")
    arn = sfn.create_state_machine(name="problem-grader", roleArn="arn:aws:iam::123456789012:role/sfn",
                                   definition=json.dumps({"StartAt": "x", "States": {"x": {"Type": "Succeed"}}}),
                                   )["stateMachineArn"]
    monkeypatch.setenv("PROBLEM_GRADER_STATE_MACHINE_ARN", arn)
    return sfn, arn


def test_post_stores_the_submission_and_starts_the_workflow_by_reference(grader, workflow):
    sfn, arn = workflow
    submission = {"problem_id": "p1", "code": "print(input())\n" * 2000}
    response = grader.handler(post(submission), None)
    assert response["statusCode"] == 202
    submission_id = json.loads(response["body"])["submission_id"]
    key = f"submissions/{submission_id}.json"
    stored = json.loads(boto3.client("s3").get_object(Bucket="grader-output", Key=key)["Body"].read())
    assert stored == {**submission, "time_limit_seconds": 5, "test_cases": CASES}  # the problem's own cases
    item = grader.test_table.get_item(Key={"submission_id": submission_id})["Item"]
    assert (item["status"], item["problem_id"]) == ("queued", "p1")
    assert item["submitted_at"] and int(item["expires_at"]) > 0
    (execution,) = sfn.list_executions(stateMachineArn=arn)["executions"]
    started = json.loads(sfn.describe_execution(executionArn=execution["executionArn"])["input"])
    assert started == {"submission_id": submission_id, "submission_key": key}
    assert len(json.dumps(started)) < 200 < len(json.dumps(stored))


def test_post_ignores_a_caller_chosen_id(grader, workflow):
    body = {"submission_id": "victim", "problem_id": "p1", "code": "print(1)"}
    assert json.loads(grader.handler(post(body), None)["body"])["submission_id"] != "victim"
    assert "Item" not in grader.test_table.get_item(Key={"submission_id": "victim"})


@pytest.mark.parametrize("body", [
    "not json", [], {"problem_id": "p1", "code": ""}, {"code": "x"}, {"problem_id": 7, "code": "x"},
    {"problem_id": "p1", "code": "x", "time_limit_seconds": 999},
    {"problem_id": "p1", "code": "x", "test_cases": [{"input": "", "expected": "forged"}]},
])
def test_post_rejects_a_malformed_body(grader, workflow, body):
    response = grader.handler(post(body), None)
    assert response["statusCode"] == 400 and json.loads(response["body"])["message"]
    assert workflow[0].list_executions(stateMachineArn=workflow[1])["executions"] == []


@pytest.mark.parametrize("problem_id", ["missing", "draft"])
def test_post_for_a_problem_without_test_cases_is_404(grader, workflow, problem_id):
    response = grader.handler(post({"problem_id": problem_id, "code": "print(1)"}), None)
    assert response["statusCode"] == 404 and problem_id in json.loads(response["body"])["message"]
    assert workflow[0].list_executions(stateMachineArn=workflow[1])["executions"] == []


def test_runner_task_output_with_a_submission_id_override(grader):
    body = json.dumps({"cases": [case("1", "1")]})
    boto3.client("s3").put_object(Bucket="grader-output", Key="results/s8.json", Body=body)
    task = {"TaskArn": "arn:aws:ecs:ap-northeast-2:123456789012:task/c/1", "Overrides": {"ContainerOverrides": [
        {"Name": "problem-runner", "Environment": [{"Name": "SUBMISSION_ID", "Value": "s8"},
                                                   {"Name": "SUBMISSION_KEY", "Value": "submissions/s8.json"}]}]}}
    event = {"Error": "States.TaskFailed", "Cause": json.dumps(task)}
    assert grader.handler(event, None)["submission_id"] == "s8"


def ecs_output(state_input: dict) -> dict:
    """The shape Step Functions returns from ecs:runTask.sync (and puts in a Catch's Cause)."""
    return {"TaskArn": "arn:aws:ecs:ap-northeast-2:123456789012:task/c/1", "LastStatus": "STOPPED",
            "Overrides": {"ContainerOverrides": [{"Name": "problem-runner", "Environment": [
                {"Name": "STATE_INPUT", "Value": json.dumps(state_input)}]}]}}


def test_raw_runner_task_output_finds_the_submission(grader):
    body = json.dumps({"cases": [case("1", "1")]})
    boto3.client("s3").put_object(Bucket="grader-output", Key="results/s5.json", Body=body)
    out = grader.handler(ecs_output({"submission_id": "s5", "code": "print(1)"}), None)
    assert (out["submission_id"], out["verdict"]) == ("s5", "accepted")


def test_caught_failure_without_result_path_uses_the_cause(grader):
    event = {"Error": "States.TaskFailed", "Cause": json.dumps(ecs_output({"submission_id": "s6"}))}
    assert grader.handler(event, None)["submission_id"] == "s6"
    assert grader.test_table.get_item(Key={"submission_id": "s6"})["Item"]["verdict"] == "system_error"
