"""Routes of an API: the spec's route targets and the resolved routes with their Terraform addresses."""

from __future__ import annotations

import re
from typing import Any

from pydantic import Field, model_validator

from alpaco_gen.diagnostics import SpecPath
from alpaco_gen.kinds.base import Address
from alpaco_gen.records import record
from alpaco_gen.spec.base import Ref, Strict


class RouteTarget(Strict):
    function: Ref | None = None
    state_machine: Ref | None = None
    timeout_ms: int | None = Field(None, description="Integration timeout; HTTP <= 30000, WebSocket <= 29000.")
    authorization: str = Field("none", description="`none`, `iam` (callers sign requests with SigV4) or the name "
                                                   "of one of the API's `authorizers`.")
    scopes: list[str] = Field(default_factory=lambda: [], description="JWT authorizers: scopes the token must "
                                                                      "hold (one of them).")
    throttle_burst: int | None = Field(None, description="This route's burst limit (requests); unset: the API's.")
    throttle_rate: float | None = Field(None, description="This route's steady rate (requests per second); "
                                                          "unset: the API's.")

    @model_validator(mode="after")
    def _one_target(self) -> RouteTarget:
        if (self.function is None) == (self.state_machine is None):
            raise ValueError("set exactly one of `function` or `state_machine`")
        return self


def route_id(route_key: str) -> str:
    """A route key as part of a Terraform identifier: `GET /items/{id}` -> `get_items_id`, `$connect` -> `connect`."""
    words = re.sub(r"[^a-z0-9]+", "_", route_key.lower()).strip("_")
    return words or "root"


@record
class Route:
    key: str
    tf: str  # <api>_<route>
    function: Any  # alpaco_gen.kinds.function.Function | None
    state_machine: Any  # alpaco_gen.kinds.state_machine.StateMachine | None
    spec: RouteTarget
    websocket: bool
    path: SpecPath
    authorizer: Any = None  # alpaco_gen.kinds.authorizer.Authorizer | None

    @property
    def integration(self) -> Address:
        return Address("aws_apigatewayv2_integration", self.tf)

    @property
    def address(self) -> Address:
        return Address("aws_apigatewayv2_route", self.tf)

    @property
    def permission(self) -> Address:
        return Address("aws_lambda_permission", self.tf)

    @property
    def permission_id(self) -> str:
        return f"AllowApi-{self.tf}"

    def called_as(self, stage: str) -> str:
        """The part of the execute-api ARN after the API id that a request to this route comes with."""
        if self.websocket or self.key == "$default":
            return f"{stage}/{self.key}"
        method, _, path = self.key.partition(" ")
        return f"{stage}/{'POST' if method == 'ANY' else method}{path}"

    @property
    def timeout_ms(self) -> int:
        return self.spec.timeout_ms or (29000 if self.websocket else 30000)

    @property
    def authorization_type(self) -> str:
        if self.authorizer is not None:
            return str(self.authorizer.route_type)
        return "AWS_IAM" if self.spec.authorization == "iam" else "NONE"

    @property
    def throttled(self) -> bool:
        """The route overrides the API's throttling (a `route_settings` block of the stage)."""
        return self.spec.throttle_burst is not None or self.spec.throttle_rate is not None

    @property
    def source_arn_suffix(self) -> str:
        """The part of the execute-api ARN after the API id that API Gateway invokes this route with."""
        if self.websocket or self.key == "$default":
            return f"*/{self.key}"
        method, _, path = self.key.partition(" ")
        return f"*/{'*' if method == 'ANY' else method}{path}"
