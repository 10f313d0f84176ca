"""The todo API's handlers: each user sees and changes only their own todos, keyed by the JWT's `sub`."""

from __future__ import annotations

import json
import os
import uuid
from typing import Any

import boto3

MAX_TITLE = 500


def _table() -> Any:
    return boto3.resource("dynamodb").Table(os.environ["TODOS_TABLE"])


def _owner(event: dict) -> str:
    # API Gateway's JWT authorizer has verified the token; its claims arrive with the request.
    return str(event["requestContext"]["authorizer"]["jwt"]["claims"]["sub"])


def _answer(status: int, body: object) -> dict:
    return {"statusCode": status, "headers": {"content-type": "application/json"}, "body": json.dumps(body)}


def _body(event: dict) -> dict | None:
    try:
        body = json.loads(event.get("body") or "{}")
    except json.JSONDecodeError:
        return None
    return body if isinstance(body, dict) else None


def list_todos(event: dict, context: object) -> dict:
    """GET /todos"""
    items = _table().query(KeyConditionExpression="#o = :o", ExpressionAttributeNames={"#o": "owner"},
                           ExpressionAttributeValues={":o": _owner(event)})["Items"]
    todos = [{"id": i["id"], "title": i["title"], "done": bool(i.get("done", False))} for i in items]
    return _answer(200, {"todos": todos})


def change_todos(event: dict, context: object) -> dict:
    """POST /todos, PATCH /todos/{id}, DELETE /todos/{id}"""
    owner, method = _owner(event), event["requestContext"]["http"]["method"]
    if method == "DELETE":
        _table().delete_item(Key={"owner": owner, "id": event["pathParameters"]["id"]})
        return _answer(204, {})
    body = _body(event)
    if body is None:
        return _answer(400, {"error": "the body must be a JSON object"})
    if method == "POST":
        title = body.get("title")
        if not isinstance(title, str) or not title.strip() or len(title) > MAX_TITLE:
            return _answer(400, {"error": f"`title` must be text of 1-{MAX_TITLE} characters"})
        todo = {"owner": owner, "id": str(uuid.uuid4()), "title": title.strip(), "done": False}
        _table().put_item(Item=todo)
        return _answer(201, {"id": todo["id"], "title": todo["title"], "done": False})
    if not isinstance(body.get("done"), bool):
        return _answer(400, {"error": "`done` must be true or false"})
    try:
        _table().update_item(Key={"owner": owner, "id": event["pathParameters"]["id"]},
                             UpdateExpression="SET done = :d", ExpressionAttributeValues={":d": body["done"]},
                             ConditionExpression="attribute_exists(id)")
    except _table().meta.client.exceptions.ConditionalCheckFailedException:
        return _answer(404, {"error": "no such todo"})
    return _answer(204, {})
