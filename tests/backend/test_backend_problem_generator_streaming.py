"""problem-generator-streaming: WebSocket routes, the problem record and the messages posted back."""

from __future__ import annotations

import json

import pytest

from tests.backend.backend_helpers import create_table

MODULE = "lambdas/problem-generator-streaming/app.py"


class GoneException(Exception):
    pass


class FakeManagementApi:
    """Records post_to_connection calls; after `gone_after` posts the client has disconnected."""

    class exceptions:  # noqa: N801 - mirrors boto3's client.exceptions
        GoneException = GoneException

    def __init__(self, gone_after: int | None = None) -> None:
        self.endpoints: list[str] = []
        self.posts: list[tuple[str, dict]] = []
        self.gone_after = gone_after

    def post_to_connection(self, ConnectionId: str, Data: bytes) -> None:  # noqa: N803 - boto3 names
        if self.gone_after is not None and len(self.posts) >= self.gone_after:
            raise GoneException("gone")
        self.posts.append((ConnectionId, json.loads(Data)))


def event(route: str, body: dict | None = None) -> dict:
    return {"requestContext": {"routeKey": route, "connectionId": "conn-1", "stage": "dev",
                               "domainName": "abc123.execute-api.ap-northeast-2.amazonaws.com"},
            "body": json.dumps(body) if body is not None else None}


@pytest.fixture
def streaming(load, aws, monkeypatch):
    monkeypatch.setenv("PROBLEMS_TABLE", "problems")
    table = create_table("problems", "problem_id")
    module = load(MODULE)
    module.fake_api = FakeManagementApi()
    module.test_table = table

    def management(endpoint: str) -> FakeManagementApi:
        module.fake_api.endpoints.append(endpoint)
        return module.fake_api

    monkeypatch.setattr(module, "_management", management)
    return module


@pytest.mark.parametrize("route", ["$connect", "$disconnect"])
def test_connect_and_disconnect_are_accepted(streaming, route):
    assert streaming.handler(event(route), None) == {"statusCode": 200}
    assert streaming.fake_api.posts == []


def test_generate_stores_the_problem_and_streams_progress(streaming):
    response = streaming.handler(event("generate", {"action": "generate", "topic": "sum", "seed": 4}), None)
    assert response == {"statusCode": 200}
    api = streaming.fake_api
    assert api.endpoints == ["https://abc123.execute-api.ap-northeast-2.amazonaws.com/dev"]
    kinds = [message["type"] for _, message in api.posts]
    assert kinds[0] == "progress" and kinds[-1] == "done" and "chunk" in kinds
    assert {connection for connection, _ in api.posts} == {"conn-1"}
    problem_id = api.posts[-1][1]["problem_id"]
    item = streaming.test_table.get_item(Key={"problem_id": problem_id})["Item"]
    assert item["status"] == "ready"
    assert item["topic"] == "sum" and item["title"].startswith("Sum of")


def test_unknown_topic_reports_an_error(streaming):
    response = streaming.handler(event("generate", {"action": "generate", "topic": "graphs"}), None)
    assert response["statusCode"] == 400
    assert streaming.fake_api.posts[0][1]["type"] == "error"
    assert streaming.test_table.scan()["Items"] == []


def test_a_client_that_left_does_not_fail_the_generation(streaming):
    streaming.fake_api.gone_after = 1
    response = streaming.handler(event("generate", {"action": "generate", "topic": "vowels"}), None)
    assert response["statusCode"] == 200
    assert len(streaming.fake_api.posts) == 1
    assert streaming.test_table.scan()["Items"][0]["status"] == "ready"


def test_bad_body_and_unknown_route(streaming):
    bad = event("generate")
    bad["body"] = "{not json"
    assert streaming.handler(bad, None)["statusCode"] == 400
    assert streaming.handler(event("$default"), None)["statusCode"] == 400


def test_draft_is_deterministic(load):
    module = load(MODULE)
    assert module.draft("reverse", "easy", 7) == module.draft("reverse", "easy", 7)
    assert module.draft("reverse", "easy", 7) != module.draft("reverse", "hard", 7)
