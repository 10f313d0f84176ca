"""Authorizers of an API (`apis.<name>.authorizers`): JWT (an issuer, or a user pool of the spec) and Lambda
(REQUEST) authorizers, the permission API Gateway needs to invoke a Lambda authorizer, and the calls and policy
statements the access simulation checks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from pydantic import ConfigDict, Field, model_validator

from alpaco_gen.diagnostics import SpecPath
from alpaco_gen.kinds.base import Address, Planned, tf_id
from alpaco_gen.kinds.iam import Call, Condition, Statement, invoke_permission
from alpaco_gen.records import record
from alpaco_gen.render.hcl import hcl_string
from alpaco_gen.resolve.context import Context
from alpaco_gen.resolve.references import References
from alpaco_gen.spec.base import Ref, Strict

# Route `authorization` values that are not authorizer names.
BUILT_IN = ("none", "iam")
HTTP_IDENTITY = "$request.header.Authorization"
WEBSOCKET_IDENTITY = "route.request.header.Authorization"
APIGATEWAY = '"apigateway.amazonaws.com"'


class AuthorizerSpec(Strict):
    model_config = ConfigDict(title="Authorizer")

    type: Literal["jwt", "lambda"] = Field(description="`jwt` (HTTP APIs) or `lambda` (a REQUEST authorizer).")
    issuer: str | None = Field(None, description="JWT: the issuer URL (https), when not a `user_pool`.")
    user_pool: Ref | None = Field(None, description="JWT: a user pool of the spec's `user_pools`; the issuer is "
                                                    "its URL.")
    audience: list[str] | None = Field(None, description="JWT: accepted `aud` (or `client_id`) values; with "
                                                         "`user_pool`, names of its `clients` (default: all).")
    function: Ref | None = Field(None, description="Lambda: the authorizer function.")
    identity_sources: list[str] | None = Field(
        None, description="Where the identity is read: `$request.header.X`, `$request.querystring.x`, "
                          "`$context.x`, `$stageVariables.x` (WebSocket: `route.request.header.X`, "
                          "`route.request.querystring.x`, `context.x`, `stageVariables.x`). Default: the "
                          "Authorization header.")
    ttl: int = Field(300, description="Lambda: seconds API Gateway caches a result, 0-3600 (0: no caching).")
    simple_responses: bool = Field(True, description="Lambda on HTTP APIs: the function returns "
                                                     "`{isAuthorized: bool}` instead of an IAM policy.")
    payload_format: Literal["1.0", "2.0"] = Field("2.0", description="Lambda on HTTP APIs: event format.")

    @model_validator(mode="after")
    def _fields_of_its_type(self) -> AuthorizerSpec:
        if self.type == "jwt":
            if (self.issuer is None) == (self.user_pool is None):
                raise ValueError("a JWT authorizer sets exactly one of `issuer` or `user_pool`")
            if self.function is not None:
                raise ValueError("`function` is for `type: lambda` authorizers")
        elif self.function is None:
            raise ValueError("a Lambda authorizer needs `function`")
        elif self.issuer or self.user_pool or self.audience is not None:
            raise ValueError("`issuer`, `user_pool` and `audience` are for `type: jwt` authorizers")
        elif self.payload_format == "1.0" and self.simple_responses and "simple_responses" in self.model_fields_set:
            raise ValueError("`simple_responses` needs `payload_format: \"2.0\"`")
        return self


@record
class Authorizer:
    name: str
    tf: str  # <api>_<authorizer>
    api_tf: str
    spec: AuthorizerSpec
    websocket: bool
    function: Any  # alpaco_gen.kinds.function.Function | None
    user_pool: Any  # alpaco_gen.kinds.user_pool.UserPool | None
    audience: tuple[str, ...]  # HCL expressions
    path: SpecPath

    @property
    def address(self) -> Address:
        return Address("aws_apigatewayv2_authorizer", self.tf)

    @property
    def permission(self) -> Address:
        return Address("aws_lambda_permission", f"{self.tf}_authorizer")

    @property
    def permission_id(self) -> str:
        return f"AllowAuthorizer-{self.tf}"

    @property
    def is_jwt(self) -> bool:
        return self.spec.type == "jwt"

    @property
    def route_type(self) -> str:
        """The route's `authorization_type` for routes this authorizer guards."""
        return "JWT" if self.is_jwt else "CUSTOM"

    @property
    def issuer(self) -> str:
        """HCL expression of the issuer URL."""
        if self.user_pool is not None:
            return f'"https://{self.user_pool.address.interpolated("endpoint")}"'
        return hcl_string(self.spec.issuer or "")

    @property
    def simple_responses(self) -> bool:
        """API Gateway takes simple responses with the 2.0 payload format only."""
        return self.spec.simple_responses and self.spec.payload_format == "2.0"

    @property
    def identity_sources(self) -> tuple[str, ...]:
        return tuple(self.spec.identity_sources or (WEBSOCKET_IDENTITY if self.websocket else HTTP_IDENTITY,))

    def source_arn(self, api: Address) -> str:
        """What API Gateway calls the authorizer function with as aws:SourceArn."""
        return f'"{api.interpolated("execution_arn")}/authorizers/{self.address.interpolated("id")}"'


def resolve_authorizers(ctx: Context, api_name: str, api: Any, path: SpecPath) -> dict[str, Authorizer]:
    websocket = api.protocol == "websocket"
    found = {}
    for name, spec in api.authorizers.items():
        where = (*path, "authorizers", name)
        function = pool = None
        audience = tuple(hcl_string(a) for a in spec.audience or ())
        if spec.function is not None:
            function = ctx.lookup("function", spec.function, (*where, "function"))
        if spec.user_pool is not None:
            pool = ctx.lookup("user_pool", spec.user_pool, (*where, "user_pool"))
            if pool is not None:
                clients = {c.name: c for c in pool.clients}
                refs = References({"client": clients}, {"client": f"user_pools.{pool.name}.clients"})
                wanted = spec.audience if spec.audience is not None else list(clients)
                audience = tuple(clients[c].address.id for i, c in enumerate(wanted)
                                 if refs.ok("client", c, (*where, "audience", i)))
                ctx.refs.findings.extend(refs.findings)
        found[name] = Authorizer(name, f"{tf_id(api_name)}_{tf_id(name)}", tf_id(api_name), spec, websocket,
                                 function, pool, audience, where)
    return found


def planned(authorizer: Authorizer, owner: str) -> Iterator[Planned]:
    yield Planned(authorizer.address, authorizer.path, authorizer.name, owner)
    if authorizer.function is not None:
        yield Planned(authorizer.permission, authorizer.path, authorizer.name, owner)


def calls(authorizer: Authorizer, api: Address, api_name: str) -> Iterator[Call]:
    if authorizer.function is not None:
        yield Call(APIGATEWAY, "lambda:InvokeFunction", authorizer.function.address.arn,
                   f"API `{api_name}` asks authorizer `{authorizer.name}`",
                   (("aws:SourceArn", authorizer.source_arn(api)),))


def permission_statement(authorizer: Authorizer, api: Address) -> Statement:
    """The statement the authorizer's aws_lambda_permission adds to the function's policy."""
    return invoke_permission(authorizer.permission_id, authorizer.function.address.arn, APIGATEWAY,
                             (Condition("ArnLike", "aws:SourceArn", (authorizer.source_arn(api),)),))
