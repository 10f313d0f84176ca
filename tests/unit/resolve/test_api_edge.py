"""The API edge: authorizers resolved and referenced (AG101 with did-you-mean), what a protocol rules out,
a WebSocket Lambda authorizer rendered with its permission, and the access simulation of authorizers."""

from __future__ import annotations

from pathlib import Path

import pytest

from alpaco_gen.access import simulate
from alpaco_gen.pipeline import check_spec
from alpaco_gen.render.files import render_service

HEAD = """version: 1
project: acme
service: edge
environment: dev
region: eu-west-1
user_pools:
  people: {clients: [web, mobile]}
functions:
  api: {source: src/api, runtime: python3.12, handler: app.handler}
  check-token: {source: src/check, runtime: python3.12, handler: app.handler}
"""
HTTP = HEAD + """apis:
  public:
    protocol: http
    authorizers:
      users: {type: jwt, user_pool: people, audience: [web]}
      tokens: {type: lambda, function: check-token, ttl: 0, payload_format: "1.0"}
    routes:
      "GET /a": {function: api, authorization: users, scopes: [aws.cognito.signin.user.admin]}
      "GET /b": {function: api, authorization: tokens, throttle_rate: 5}
      "GET /c": {function: api, authorization: iam}
"""
WEBSOCKET = HEAD + """apis:
  live:
    protocol: websocket
    authorizers:
      tokens: {type: lambda, function: check-token, identity_sources: [route.request.querystring.token]}
    routes:
      $connect: {function: api, authorization: tokens}
      send: {function: api}
"""


def _check(tmp_path: Path, text: str):
    spec = tmp_path / "service.yaml"
    spec.write_text(text)
    for source in ("src/api", "src/check"):
        (tmp_path / source).mkdir(parents=True, exist_ok=True)
        (tmp_path / source / "app.py").write_text("def handler(event, context):\n    return {}\n")
    return spec, check_spec(spec)


def _messages(checked) -> list[str]:
    return [f"{f.rule_id} {f.message} | {f.help}" for f in checked.findings]


def test_routes_get_their_authorizers(tmp_path):
    _, checked = _check(tmp_path, HTTP)
    assert not checked.has_errors, _messages(checked)
    api = checked.service.apis[0]
    types = {route.key: route.authorization_type for route in api.routes}
    assert types == {"GET /a": "JWT", "GET /b": "CUSTOM", "GET /c": "AWS_IAM"}
    users = next(g for g in api.authorizers if g.name == "users")
    assert users.audience == ("aws_cognito_user_pool_client.people_web.id",)
    assert users.issuer == '"https://${aws_cognito_user_pool.people.endpoint}"'


def test_an_undeclared_authorizer_or_client_is_ag101_with_a_suggestion(tmp_path):
    text = HTTP.replace("authorization: users,", "authorization: user,").replace("audience: [web]",
                                                                                 "audience: [webb]")
    _, checked = _check(tmp_path, text)
    messages = [m for m in _messages(checked) if m.startswith("AG101")]
    assert any("authorizer `user` is not declared in `apis.public.authorizers`" in m and "did you mean `users`"
               in m for m in messages), messages
    assert any("client `webb` is not declared in `user_pools.people.clients`" in m and "`web`" in m
               for m in messages), messages
    assert "AG617" not in {f.rule_id for f in checked.findings}  # the undeclared name is reported once


@pytest.mark.parametrize(("edit", "message"), [
    ("    authorizers:\n", "    cors: {allow_origins: ['*']}\n    authorizers:\n"),
    ("{type: lambda, function: check-token, identity_sources", "{type: jwt, issuer: 'https://x/', identity_sources"),
])
def test_what_websocket_apis_cannot_have_is_a_located_error(tmp_path, edit, message):
    _, checked = _check(tmp_path, WEBSOCKET.replace(edit, message))
    assert checked.has_errors and checked.service is None
    assert any("WebSocket" in f.message for f in checked.findings), _messages(checked)


def test_websocket_lambda_authorizer_renders_with_its_permission(tmp_path):
    spec, checked = _check(tmp_path, WEBSOCKET)
    assert not checked.has_errors, _messages(checked)
    files = render_service(checked.service, tmp_path / "out", tmp_path, spec)
    text = next(text for path, text in files.items() if str(path).endswith("apigateway.tf"))
    hcl = " ".join(text.split())
    assert 'authorizer_type = "REQUEST"' in hcl
    assert 'identity_sources = ["route.request.querystring.token"]' in hcl
    assert "authorizer_payload_format_version" not in hcl  # HTTP APIs only
    assert 'source_arn = "${aws_apigatewayv2_api.live.execution_arn}/authorizers/' \
           '${aws_apigatewayv2_authorizer.live_tokens.id}"' in hcl
    assert hcl.count("authorizer_id") == 1  # on $connect only
    assert "aws_apigatewayv2_authorizer.live_tokens, ]" in hcl  # a changed authorizer redeploys the stage


def test_access_simulation_covers_authorizer_invocations(tmp_path, monkeypatch):
    _, checked = _check(tmp_path, HTTP)
    result = simulate(checked.service)
    asks = [c for c in result.calls if "asks authorizer" in c.why]
    assert len(asks) == 1 and asks[0].resource == "aws_lambda_function.check_token.arn"
    assert result.missing == [] and result.unused == []

    from alpaco_gen.kinds import api as api_kind
    monkeypatch.setattr(api_kind.authorizers, "permission_statement",
                        lambda guard, api: api_kind.Statement("Nothing", ("lambda:GetFunction",), ('"*"',)))
    missing = simulate(checked.service).missing
    assert [c.why for c, _ in missing] == ["API `public` asks authorizer `tokens`"]
