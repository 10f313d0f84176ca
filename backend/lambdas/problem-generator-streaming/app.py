"""Streaming problem generator: the WebSocket API's Lambda function.

Routes (route selection `$request.body.action`): `$connect` and `$disconnect` accept; `generate` creates a
problem record in PROBLEMS_TABLE and streams progress to the caller's connection through the API Gateway
Management API: `{"type": "progress", ...}`, the statement in `chunk` messages, then `{"type": "done", ...}`.

Request body: {"action": "generate", "topic": "sum" | "reverse" | "vowels", "difficulty": "easy", "seed": 1}.
"""

from __future__ import annotations

import json
import os
import random
import uuid
from datetime import datetime, timezone
from typing import Any

_clients: dict[str, Any] = {}

# Deterministic templates: topic -> (title, statement), both formatted with the seeded size `n`.
TEMPLATES: dict[str, tuple[str, str]] = {
    "sum": ("Sum of {n} numbers", "Read {n} integers separated by spaces and print their sum."),
    "reverse": ("Reverse the words", "Read a line of {n} words and print the words in reverse order."),
    "vowels": ("Count the vowels", "Read a word of at most {n} letters and print how many vowels it has."),
}


def _table() -> Any:
    if "dynamodb" not in _clients:
        import boto3

        _clients["dynamodb"] = boto3.resource("dynamodb")
    return _clients["dynamodb"].Table(os.environ["PROBLEMS_TABLE"])


def _management(endpoint: str) -> Any:
    # The Management API endpoint is the WebSocket API's own https://{domain}/{stage}.
    key = f"apigw:{endpoint}"
    if key not in _clients:
        import boto3

        _clients[key] = boto3.client("apigatewaymanagementapi", endpoint_url=endpoint)
    return _clients[key]


class Connection:
    """Posts JSON messages to one WebSocket connection; stops quietly once the client is gone."""

    def __init__(self, request: dict[str, Any]) -> None:
        self.id = request["connectionId"]
        self.client = _management(f"https://{request['domainName']}/{request['stage']}")
        self.open = True

    def send(self, message: dict[str, Any]) -> None:
        if not self.open:
            return
        try:
            self.client.post_to_connection(ConnectionId=self.id, Data=json.dumps(message).encode())
        except self.client.exceptions.GoneException:
            self.open = False


def draft(topic: str, difficulty: str, seed: int) -> dict[str, Any]:
    """A problem draft from a template: deterministic for the same topic, difficulty and seed."""
    if topic not in TEMPLATES:
        raise ValueError(f"unknown topic {topic!r}; choose one of {', '.join(sorted(TEMPLATES))}")
    rng = random.Random(f"{topic}:{difficulty}:{seed}")
    n = {"easy": 5, "medium": 50, "hard": 500}.get(difficulty, 5) + rng.randint(0, 4)
    title, statement = TEMPLATES[topic]
    return {"title": title.format(n=n), "statement": statement.format(n=n), "topic": topic,
            "difficulty": difficulty, "seed": seed, "size": n}


def _generate(request: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    connection = Connection(request)
    topic, difficulty = str(body.get("topic", "sum")), str(body.get("difficulty", "easy"))
    try:
        problem = draft(topic, difficulty, int(body.get("seed", 0)))
    except ValueError as error:
        connection.send({"type": "error", "message": str(error)})
        return {"statusCode": 400}
    problem_id = str(uuid.uuid4())
    table = _table()
    now = datetime.now(timezone.utc).isoformat()
    table.put_item(Item={"problem_id": problem_id, "status": "generating", "topic": topic,
                         "difficulty": difficulty, "created_at": now})
    connection.send({"type": "progress", "problem_id": problem_id, "stage": "accepted"})
    connection.send({"type": "chunk", "problem_id": problem_id, "text": problem["title"]})
    for sentence in problem["statement"].split(". "):
        connection.send({"type": "chunk", "problem_id": problem_id, "text": sentence})
    # `status` and `size` are DynamoDB reserved words: every attribute goes through a name placeholder.
    fields = {"status": "ready", "title": problem["title"], "statement": problem["statement"],
              "size": problem["size"]}
    table.update_item(
        Key={"problem_id": problem_id},
        UpdateExpression="SET " + ", ".join(f"#{k} = :{k}" for k in fields),
        ExpressionAttributeNames={f"#{k}": k for k in fields},
        ExpressionAttributeValues={f":{k}": v for k, v in fields.items()},
    )
    connection.send({"type": "done", "problem_id": problem_id})
    return {"statusCode": 200}


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Lambda entry point of the WebSocket routes."""
    request = event["requestContext"]
    route = request.get("routeKey")
    if route in ("$connect", "$disconnect"):
        return {"statusCode": 200}
    if route == "generate":
        try:
            body = json.loads(event.get("body") or "{}")
        except json.JSONDecodeError:
            return {"statusCode": 400, "body": "body must be JSON"}
        return _generate(request, body)
    return {"statusCode": 400, "body": f"unsupported route {route!r}"}
