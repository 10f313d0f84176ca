"""todos (the todo_api example): each signed-in user lists, creates, completes and deletes only their own
todos, on moto's DynamoDB, with events shaped as API Gateway's JWT authorizer passes them (payload 2.0)."""

from __future__ import annotations

import json

import boto3
import pytest

MODULE = "lambdas/todos/app.py"


@pytest.fixture
def app(load, aws, monkeypatch):
    monkeypatch.setenv("TODOS_TABLE", "todos")
    # The secret the spec creates without a value, set out of band (docs/spec.md, Secrets and parameters).
    secret = boto3.client("secretsmanager").create_secret(Name="acme-todo-api-cursor-key-dev",
                                                          SecretString="cursor-signing-key")
    monkeypatch.setenv("CURSOR_KEY_SECRET_ARN", secret["ARN"])
    boto3.resource("dynamodb").create_table(
        TableName="todos",
        KeySchema=[{"AttributeName": "owner", "KeyType": "HASH"}, {"AttributeName": "id", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "owner", "AttributeType": "S"},
                              {"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST")
    return load(MODULE)


def _event(user: str, method: str, body: object = None, todo: str | None = None, query: dict | None = None) -> dict:
    event: dict = {"requestContext": {"http": {"method": method},
                                      "authorizer": {"jwt": {"claims": {"sub": user}, "scopes": None}}}}
    if query is not None:
        event["queryStringParameters"] = query
    if body is not None:
        event["body"] = body if isinstance(body, str) else json.dumps(body)
    if todo is not None:
        event["pathParameters"] = {"id": todo}
    return event


def _list(app, user: str) -> list[dict]:
    answer = app.list_todos(_event(user, "GET"), None)
    assert answer["statusCode"] == 200
    return json.loads(answer["body"])["todos"]


def test_a_user_sees_only_their_own_todos(app):
    created = app.change_todos(_event("ann", "POST", {"title": "  buy milk "}), None)
    assert created["statusCode"] == 201
    todo = json.loads(created["body"])
    assert todo["title"] == "buy milk" and todo["done"] is False
    app.change_todos(_event("bob", "POST", {"title": "walk dog"}), None)
    assert _list(app, "ann") == [todo]
    assert [t["title"] for t in _list(app, "bob")] == ["walk dog"]


def test_complete_and_delete(app):
    todo = json.loads(app.change_todos(_event("ann", "POST", {"title": "read"}), None)["body"])
    assert app.change_todos(_event("ann", "PATCH", {"done": True}, todo["id"]), None)["statusCode"] == 204
    assert _list(app, "ann")[0]["done"] is True
    # another user's PATCH finds nothing: the key includes the owner
    assert app.change_todos(_event("bob", "PATCH", {"done": False}, todo["id"]), None)["statusCode"] == 404
    assert app.change_todos(_event("bob", "DELETE", None, todo["id"]), None)["statusCode"] == 204
    assert len(_list(app, "ann")) == 1
    assert app.change_todos(_event("ann", "DELETE", None, todo["id"]), None)["statusCode"] == 204
    assert _list(app, "ann") == []


@pytest.mark.parametrize(("method", "body"), [
    ("POST", "not json"), ("POST", [1]), ("POST", {"title": ""}), ("POST", {"title": "x" * 501}),
    ("PATCH", {"done": "yes"}),
])
def test_bad_bodies_are_400(app, method, body):
    answer = app.change_todos(_event("ann", method, body, "some-id" if method == "PATCH" else None), None)
    assert answer["statusCode"] == 400
    assert "error" in json.loads(answer["body"])


def test_pages_follow_cursors_signed_with_the_secret_key(app):
    for n in range(5):
        app.change_todos(_event("ann", "POST", {"title": f"todo {n}"}), None)
    app.change_todos(_event("bob", "POST", {"title": "bob's"}), None)
    seen, query = [], {"limit": "2"}
    while True:
        page = json.loads(app.list_todos(_event("ann", "GET", query=query), None)["body"])
        seen += [t["title"] for t in page["todos"]]
        if "next" not in page:
            break
        query = {"limit": "2", "cursor": page["next"]}
    assert sorted(seen) == [f"todo {n}" for n in range(5)]
    first = json.loads(app.list_todos(_event("ann", "GET", query={"limit": "2"}), None)["body"])["next"]
    # bob replays ann's cursor, or forges one with another key: both refused
    assert app.list_todos(_event("bob", "GET", query={"cursor": first}), None)["statusCode"] == 400
    encoded = first.split(".")[0]
    assert app.list_todos(_event("ann", "GET", query={"cursor": f"{encoded}.{'0' * 64}"}), None)["statusCode"] == 400
    assert app.list_todos(_event("ann", "GET", query={"limit": "0"}), None)["statusCode"] == 400
