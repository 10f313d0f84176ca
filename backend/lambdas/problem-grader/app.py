"""Problem grader: one Lambda function, two callers.

* API Gateway HTTP API (payload 2.0):
  ``POST /submissions`` validates the body ``{"problem_id", "code", "time_limit_seconds"?}``, reads the
  problem's test cases from the problems table (a caller never supplies cases or expected outputs, so it cannot
  forge a verdict), assigns the submission id, stores code and cases as ``submissions/<id>.json`` in the output
  bucket, records the submission (``queued``) and starts the grading workflow with
  ``{"submission_id", "submission_key"}``: the workflow and the runner task get the key, never the body (ECS
  takes at most 8,192 characters of container overrides). ``GET /submissions/{submission_id}`` returns the
  stored submission record.
* Step Functions, state ``grade``: grades the runner's result and writes the verdict to the submissions
  table. The result is ``event["result"]`` when given, else ``results/<submission_id>.json`` in the output
  bucket (the key the runner writes). The submission id is ``event["submission_id"]``, or, when the state
  passes the raw ``ecs:runTask.sync`` output, the ``SUBMISSION_ID`` container override in it.
* Step Functions, state ``record_failure`` (a Catch): ``Error``/``Cause`` at the top level or under ``error``;
  the submission is marked ``system_error``.

Environment: SUBMISSIONS_TABLE; OUTPUT_BUCKET or GRADER_OUTPUT_BUCKET for submissions and results; for POST,
PROBLEMS_TABLE and PROBLEM_GRADER_STATE_MACHINE_ARN.
"""

from __future__ import annotations

import base64
import json
import os
import uuid
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

_clients: dict[str, Any] = {}
RETENTION = timedelta(days=90)  # the output bucket expires objects after 90 days; the record goes with them
MAX_TIME_LIMIT = 30


def _resource(kind: str) -> Any:
    # Created on first use, not at import: a cold start pays only for what the invocation needs, and tests can
    # import this module without AWS credentials or a region.
    if kind not in _clients:
        import boto3

        _clients[kind] = boto3.resource(kind) if kind == "dynamodb" else boto3.client(kind)
    return _clients[kind]


def _table() -> Any:
    return _resource("dynamodb").Table(os.environ["SUBMISSIONS_TABLE"])


def _bucket() -> str:
    bucket = os.environ.get("OUTPUT_BUCKET") or os.environ.get("GRADER_OUTPUT_BUCKET")
    if not bucket:
        raise RuntimeError("OUTPUT_BUCKET is not set and the event carries no inline result")
    return bucket


def result_key(submission_id: str) -> str:
    """The S3 key of a runner result; the runner writes the same key."""
    return f"results/{submission_id}.json"


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def _response(status: int, body: dict[str, Any]) -> dict[str, Any]:
    return {
        "statusCode": status,
        "headers": {"content-type": "application/json"},
        "body": json.dumps(body, default=_json_default),
    }


def _normalize(output: str) -> str:
    # Trailing whitespace and trailing blank lines never decide a verdict.
    return "\n".join(line.rstrip() for line in output.strip("\n").splitlines()).rstrip()


def _case_status(case: dict[str, Any]) -> str:
    if case.get("timed_out"):
        return "time_limit_exceeded"
    if case.get("exit_code", 0) != 0:
        return "runtime_error"
    if _normalize(case.get("actual", "")) != _normalize(case.get("expected", "")):
        return "wrong_answer"
    return "passed"


def grade(result: dict[str, Any]) -> dict[str, Any]:
    """Grade a runner result; the verdict is the first failing case's status, else `accepted`."""
    statuses = [_case_status(case) for case in result.get("cases", [])]
    failed = [status for status in statuses if status != "passed"]
    verdict = failed[0] if failed else ("accepted" if statuses else "no_test_cases")
    return {"verdict": verdict, "passed": len(statuses) - len(failed), "total": len(statuses)}


def _record(submission_id: str, fields: dict[str, Any]) -> None:
    fields = {**fields, "graded_at": datetime.now(timezone.utc).isoformat()}
    names = {f"#{k}": k for k in fields}
    values = {f":{k}": v for k, v in fields.items()}
    _table().update_item(
        Key={"submission_id": submission_id},
        UpdateExpression="SET " + ", ".join(f"#{k} = :{k}" for k in fields),
        ExpressionAttributeNames=names,
        ExpressionAttributeValues=values,
    )


def _load_result(submission_id: str) -> dict[str, Any]:
    obj = _resource("s3").get_object(Bucket=_bucket(), Key=result_key(submission_id))
    result: dict[str, Any] = json.loads(obj["Body"].read())
    return result


def _json(text: Any) -> Any:
    try:
        return json.loads(text) if isinstance(text, str) else None
    except json.JSONDecodeError:
        return None


def _state_input(task: Any) -> Any:
    """The submission of an ECS task description (Step Functions' runTask.sync output): its SUBMISSION_ID
    override, or the submission_id in a STATE_INPUT override (workflows that pass their whole input)."""
    overrides = task.get("Overrides", {}) if isinstance(task, dict) else {}
    for container in overrides.get("ContainerOverrides", []):
        for variable in container.get("Environment", []):
            if variable.get("Name") == "SUBMISSION_ID":
                return {"submission_id": variable.get("Value")}
            if variable.get("Name") == "STATE_INPUT":
                return _json(variable.get("Value"))
    return None


def submission_id_of(event: dict[str, Any]) -> str | None:
    """The submission an event is about: given directly, or inside the runner task's description."""
    if event.get("submission_id"):
        return str(event["submission_id"])
    nested = event.get("error")
    error: dict[str, Any] = nested if isinstance(nested, dict) else event
    for task in (event, event.get("runner"), _json(error.get("Cause"))):
        state = _state_input(task)
        if isinstance(state, dict) and state.get("submission_id"):
            return str(state["submission_id"])
    return None


def submission_key(submission_id: str) -> str:
    """The S3 key of a stored submission; the workflow passes it to the runner."""
    return f"submissions/{submission_id}.json"


def validate_submission(body: Any) -> tuple[dict[str, Any] | None, str]:
    """({"problem_id", "code", "time_limit_seconds"}, "") or (None, what is wrong with the body)."""
    if not isinstance(body, dict):
        return None, "the body must be a JSON object"
    if "test_cases" in body:
        return None, "test cases come from the problem; remove `test_cases`"
    code, problem_id = body.get("code"), body.get("problem_id")
    if not isinstance(problem_id, str) or not problem_id.strip():
        return None, "`problem_id` must be a non-empty string"
    if not isinstance(code, str) or not code.strip():
        return None, "`code` must be a non-empty string"
    limit = body.get("time_limit_seconds", 5)
    if isinstance(limit, bool) or not isinstance(limit, (int, float)) or not 0 < limit <= MAX_TIME_LIMIT:
        return None, f"`time_limit_seconds` must be a number in (0, {MAX_TIME_LIMIT}]"
    return {"problem_id": problem_id, "code": code, "time_limit_seconds": limit}, ""


def problem_cases(problem_id: str) -> list[dict[str, Any]] | None:
    """The test cases of a ready problem, or None when there is no such problem (or it is still a draft)."""
    table = _resource("dynamodb").Table(os.environ["PROBLEMS_TABLE"])
    item = table.get_item(Key={"problem_id": problem_id}, ConsistentRead=True).get("Item")
    if not item or item.get("status") != "ready" or not item.get("test_cases"):
        return None
    return [{"name": str(c.get("name", "")), "input": str(c.get("input", "")), "expected": str(c["expected"])}
            for c in item["test_cases"]]


def _submit(event: dict[str, Any]) -> dict[str, Any]:
    text = event.get("body") or ""
    if event.get("isBase64Encoded"):
        text = base64.b64decode(text).decode("utf-8", "replace")
    body = _json(text)
    submission, problem = validate_submission(body)
    if submission is None:
        return _response(400, {"message": problem})
    cases = problem_cases(submission["problem_id"])
    if cases is None:
        return _response(404, {"message": f"problem {submission['problem_id']} not found or not ready"})
    submission_id = str(uuid.uuid4())  # assigned here: a caller never picks (or overwrites) a record
    key = submission_key(submission_id)
    stored = {**submission, "test_cases": cases}
    _resource("s3").put_object(Bucket=_bucket(), Key=key, Body=json.dumps(stored).encode(),
                               ContentType="application/json")
    now = datetime.now(timezone.utc)
    _table().put_item(Item={"submission_id": submission_id, "status": "queued", "submitted_at": now.isoformat(),
                            "expires_at": int((now + RETENTION).timestamp()),
                            "problem_id": submission["problem_id"]})
    _resource("stepfunctions").start_execution(
        stateMachineArn=os.environ["PROBLEM_GRADER_STATE_MACHINE_ARN"], name=submission_id,
        input=json.dumps({"submission_id": submission_id, "submission_key": key}))
    return _response(202, {"submission_id": submission_id, "status": "queued"})


def _http(event: dict[str, Any]) -> dict[str, Any]:
    if event.get("routeKey") == "POST /submissions":
        return _submit(event)
    if event.get("routeKey") != "GET /submissions/{submission_id}":
        return _response(404, {"message": "not found"})
    submission_id = (event.get("pathParameters") or {}).get("submission_id")
    if not submission_id:
        return _response(400, {"message": "submission_id is required"})
    item = _table().get_item(Key={"submission_id": submission_id}).get("Item")
    if item is None:
        return _response(404, {"message": f"submission {submission_id} not found"})
    return _response(200, item)


def _step(event: dict[str, Any], submission_id: str) -> dict[str, Any]:
    nested = event.get("error")
    failure: dict[str, Any] = nested if isinstance(nested, dict) else event
    if "Error" in failure:
        outcome = {"status": "failed", "verdict": "system_error", "error": str(failure["Error"])}
    else:
        result = event.get("result") or _load_result(submission_id)
        outcome = {"status": "graded", **grade(result)}
    _record(submission_id, outcome)
    return {"submission_id": submission_id, **outcome}


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Lambda entry point for both the HTTP API and the state machine."""
    if "requestContext" in event and "routeKey" in event:
        return _http(event)
    submission_id = submission_id_of(event)
    if submission_id:
        return _step(event, submission_id)
    raise ValueError("unsupported event: expected an HTTP API request or a state input with a submission_id")
