"""The todo API's handlers: each user sees and changes only their own todos, keyed by the JWT's `sub`.

`GET /todos` pages with `?limit=` and hands out a `next` cursor: DynamoDB's LastEvaluatedKey, signed with
an HMAC key kept in Secrets Manager (CURSOR_KEY_SECRET_ARN, set by the spec's `uses:`; read once per
container), so that a client cannot forge a cursor into another user's todos.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import os
import uuid
from typing import Any

import boto3

MAX_TITLE = 500
DEFAULT_LIMIT, MAX_LIMIT = 50, 200


@functools.cache
def _cursor_key() -> bytes:
    secret = boto3.client("secretsmanager").get_secret_value(SecretId=os.environ["CURSOR_KEY_SECRET_ARN"])
    return secret["SecretString"].encode()


def _sign(payload: bytes) -> str:
    return hmac.new(_cursor_key(), payload, hashlib.sha256).hexdigest()


def encode_cursor(last_key: dict) -> str:
    payload = json.dumps(last_key, sort_keys=True, separators=(",", ":")).encode()
    return f"{base64.urlsafe_b64encode(payload).decode()}.{_sign(payload)}"


def decode_cursor(cursor: str, owner: str) -> dict | None:
    """The key a cursor stands for, or None when it was not signed here or is another user's."""
    encoded, _, signature = cursor.partition(".")
    try:
        payload = base64.urlsafe_b64decode(encoded.encode())
    except ValueError:
        return None
    if not hmac.compare_digest(_sign(payload), signature):
        return None
    key = json.loads(payload)
    return key if isinstance(key, dict) and key.get("owner") == owner else None


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
    """GET /todos[?limit=N&cursor=...]"""
    owner, query = _owner(event), event.get("queryStringParameters") or {}
    try:
        limit = int(query.get("limit", DEFAULT_LIMIT))
    except ValueError:
        limit = 0
    if not 1 <= limit <= MAX_LIMIT:
        return _answer(400, {"error": f"`limit` must be a number of 1-{MAX_LIMIT}"})
    request: dict[str, Any] = {"KeyConditionExpression": "#o = :o", "ExpressionAttributeNames": {"#o": "owner"},
                               "ExpressionAttributeValues": {":o": owner}, "Limit": limit}
    if "cursor" in query:
        start = decode_cursor(query["cursor"], owner)
        if start is None:
            return _answer(400, {"error": "`cursor` is not one this API handed out"})
        request["ExclusiveStartKey"] = start
    page = _table().query(**request)
    todos = [{"id": i["id"], "title": i["title"], "done": bool(i.get("done", False))} for i in page["Items"]]
    body: dict[str, Any] = {"todos": todos}
    if "LastEvaluatedKey" in page:
        body["next"] = encode_cursor(page["LastEvaluatedKey"])
    return _answer(200, body)


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
