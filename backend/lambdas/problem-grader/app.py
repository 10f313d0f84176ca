"""Problem grader: one Lambda function, two callers.

* API Gateway HTTP API (payload 2.0), ``GET /submissions/{submission_id}``: returns the stored submission.
* Step Functions, state ``grade``: grades the runner's result and writes the verdict to the submissions
  table. The result is ``event["result"]`` when given, else ``results/<submission_id>.json`` in the output
  bucket (the key the runner writes). The submission id is ``event["submission_id"]``, or, when the state
  passes the raw ``ecs:runTask.sync`` output, the ``submission_id`` of its STATE_INPUT container override.
* Step Functions, state ``record_failure`` (a Catch): ``Error``/``Cause`` at the top level or under ``error``;
  the submission is marked ``system_error``.

Environment: SUBMISSIONS_TABLE; OUTPUT_BUCKET or GRADER_OUTPUT_BUCKET for results in S3.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

_clients: dict[str, Any] = {}


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
    """The STATE_INPUT override of an ECS task description, as Step Functions returns it from runTask.sync."""
    overrides = task.get("Overrides", {}) if isinstance(task, dict) else {}
    for container in overrides.get("ContainerOverrides", []):
        for variable in container.get("Environment", []):
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


def _http(event: dict[str, Any]) -> dict[str, Any]:
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
