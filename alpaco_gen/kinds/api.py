"""API Gateway v2 APIs (`apis:`), HTTP or WebSocket: stage, routes, integrations and their permissions."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Literal

from pydantic import ConfigDict, Field, model_validator

from alpaco_gen.diagnostics import SpecPath
from alpaco_gen.kinds import api_edge
from alpaco_gen.kinds import authorizer as authorizers
from alpaco_gen.kinds.api_edge import CorsSpec, Domain, DomainSpec
from alpaco_gen.kinds.authorizer import BUILT_IN, Authorizer, AuthorizerSpec
from alpaco_gen.kinds.base import Address, Deployed, Drawn, GeneratedName, Kind, LogGroup, Output, Planned, tf_id
from alpaco_gen.kinds.iam import (
    Call,
    Condition,
    Role,
    Statement,
    arn_text,
    assume_policy,
    invoke_permission,
    role_address,
    sid,
    via,
    via_condition,
)
from alpaco_gen.kinds.key import KEY
from alpaco_gen.kinds.route import Route, RouteTarget, route_id
from alpaco_gen.kinds.state_machine import arn_of
from alpaco_gen.records import record
from alpaco_gen.resolve.context import Context
from alpaco_gen.resolve.references import References
from alpaco_gen.spec.base import Name, Suppressible

NAME_LIMIT, LOG_GROUP_LIMIT = 128, 512  # apigatewayv2 Name; logs LogGroupName
ASSUME = assume_policy("apigateway", "apigateway.amazonaws.com", source_account=False)
ACCOUNT = Address("aws_api_gateway_account", "main")
ACCESS_LOG_RETENTION_DAYS = 365


class ApiSpec(Suppressible):
    model_config = ConfigDict(title="Api")

    protocol: Literal["http", "websocket"]
    description: str | None = None
    route_selection: str | None = Field(None, description="WebSocket route selection expression.")
    logging: Literal["off", "error", "info"] = Field("off", description="Stage execution logging (WebSocket).")
    throttle_burst: int = Field(100, description="Default burst limit of every route (requests).")
    throttle_rate: float = Field(50, description="Default steady rate of every route (requests per second).")
    routes: dict[str, RouteTarget] = Field(default_factory=lambda: {})
    authorizers: dict[Name, AuthorizerSpec] = Field(default_factory=lambda: {},
                                                    description="Authorizers routes name in `authorization`.")
    cors: CorsSpec | None = Field(None, description="HTTP APIs: the CORS answers API Gateway gives browsers.")
    domain: DomainSpec | None = Field(None, description="A custom domain name for the API.")
    access_log_format: dict[str, str] | None = Field(
        None, description="Fields of the JSON access log line: name -> `$context` variable; unset: request id, "
                          "source IP, time, route, status and integration error.")

    @model_validator(mode="after")
    def _edge_of_its_protocol(self) -> ApiSpec:
        api_edge.check_protocol(self.protocol, self.cors, self.authorizers)
        return self


def address(name: str) -> Address:
    return Address("aws_apigatewayv2_api", tf_id(name))


@record
class Api:
    name: str
    tf: str
    address: Address
    aws_name: str
    spec: ApiSpec
    stage_name: str
    logs: LogGroup
    routes: tuple[Route, ...]
    role: Role | None  # credentials role for state machine integrations
    account_role: str  # account.api_gateway_cloudwatch_role
    account: Role  # the account-wide CloudWatch role, generated when `create` and some stage logs executions
    path: SpecPath
    authorizers: tuple[Authorizer, ...] = ()
    domain: Domain | None = None

    @property
    def stage(self) -> Address:
        return Address("aws_apigatewayv2_stage", self.tf)

    @property
    def deployment(self) -> Address:
        return Address("aws_apigatewayv2_deployment", self.tf)

    @property
    def account_settings(self) -> Address:
        return ACCOUNT

    @property
    def role_name(self) -> str | None:
        return self.role.name if self.role else None

    @property
    def statements(self) -> tuple[Statement, ...]:
        return self.role.statements if self.role else ()

    @property
    def log_group(self) -> str:
        return self.logs.name

    @property
    def throttled_routes(self) -> tuple[str, ...]:
        return tuple(str(route.address) for route in self.routes if route.throttled)

    @property
    def is_websocket(self) -> bool:
        return self.spec.protocol == "websocket"

    @property
    def execution_logging(self) -> bool:
        return self.is_websocket and self.spec.logging != "off"

    @property
    def access_logs(self) -> bool:
        """WebSocket access logs, like execution logs, need the account's CloudWatch role."""
        return not self.is_websocket or self.account_role != "none"


def account_role_needed(apis: tuple[Api, ...]) -> bool:
    """Terraform owns the account's API Gateway CloudWatch role (seed failure 6, fixed in code)."""
    return any(a.account_role == "create" and a.execution_logging for a in apis)


class ApiKind(Kind):
    key = "api"
    section = ("apis",)
    spec_model = ApiSpec
    doc_models = (ApiSpec, RouteTarget, AuthorizerSpec, CorsSpec, DomainSpec)
    description = "API Gateway HTTP and WebSocket APIs."
    needs = ("function", "state_machine", "user_pool", "hosted_zone")
    templates = ("apigateway.tf",)
    drawn = Drawn("api", '{{"%s"}}', "hexagon")
    access = ("manage_connections",)
    link_suffix = "API_ENDPOINT"
    called_api = "API Gateway (execute-api)"

    def resolve(self, ctx: Context) -> Mapping[str, Api]:
        account = Role(role_address("api_gateway_cloudwatch"), f"{ctx.names.prefix}-apigw-logs-{ctx.names.environment}",
                       ASSUME, (), "API Gateway writes execution logs of WebSocket stages through this account-wide "
                       "role (seed failure 6).", managed_policy='"arn:${local.partition}:iam::aws:policy/service-role/'
                       'AmazonAPIGatewayPushToCloudWatchLogs"', owner="API Gateway's CloudWatch Logs role",
                       path=("account", "api_gateway_cloudwatch_role"))
        apis = {}
        for name, api in self.entries(ctx.spec).items():
            path = (*self.section, name)
            routes, seen, started = [], set(), {}
            guards = authorizers.resolve_authorizers(ctx, name, api, path)
            refs = References({"authorizer": guards}, {"authorizer": f"apis.{name}.authorizers"})
            for key, target in api.routes.items():
                route_path = (*path, "routes", key)
                tf = f"{tf_id(name)}_{route_id(key)}"
                while tf in seen:  # `GET /a-b` and `GET /a_b` both read get_a_b; rule AG605 reports it
                    tf += "_"
                seen.add(tf)
                function = machine = None
                if target.function is not None:  # an empty name is an undeclared reference too
                    function = ctx.lookup("function", target.function, (*route_path, "function"))
                if target.state_machine is not None:
                    machine = ctx.lookup("state_machine", target.state_machine, (*route_path, "state_machine"))
                    if machine:
                        started[machine.name] = machine
                guard = None
                if target.authorization not in BUILT_IN and refs.ok("authorizer", target.authorization,
                                                                    (*route_path, "authorization")):
                    guard = guards[target.authorization]
                routes.append(Route(key, tf, function, machine, target, api.protocol == "websocket", route_path,
                                    guard))
            ctx.refs.findings.extend(refs.findings)
            statements = tuple(Statement(sid("start", sm), ("states:StartExecution",), (arn_of(started[sm].aws_name),))
                               for sm in sorted(started))
            if started:  # executions are encrypted with the service key: starting one encrypts its input
                statements += (Statement("ExecutionInputKey", ("kms:GenerateDataKey",), (KEY.arn,),
                                         (via_condition("states"),)),)
            role = Role(role_address(f"api_{tf_id(name)}"), ctx.names.role("api", name), ASSUME, statements,
                        f"API {name}: credentials of its Step Functions integrations", owner=f"API `{name}`",
                        path=path) if started else None
            logs = LogGroup(Address("aws_cloudwatch_log_group", f"api_{tf_id(name)}"),
                            f"/aws/apigateway/{ctx.names.resource(name)}", ACCESS_LOG_RETENTION_DAYS)
            apis[name] = Api(name, tf_id(name), address(name), ctx.names.resource(name), api,
                             "$default" if api.protocol == "http" else ctx.spec.environment, logs, tuple(routes), role,
                             ctx.spec.account.api_gateway_cloudwatch_role, account, path,
                             tuple(guards.values()), api_edge.resolve_domain(ctx, tf_id(name), api.domain, path))
        return apis

    def planned(self, objs: tuple[Api, ...]) -> Iterator[Planned]:
        if account_role_needed(objs):
            yield from objs[0].account.planned(("account",), "the account's API Gateway role",
                                               "the account's API Gateway role", shared=True)
            yield Planned(ACCOUNT, ("account",), "the account's API Gateway role", shared=True)
        for obj in objs:
            owner = f"API `{obj.name}`"
            yield Planned(obj.address, obj.path, obj.name, owner)
            yield Planned(obj.stage, obj.path, obj.name, owner)
            if obj.is_websocket:
                yield Planned(obj.deployment, obj.path, obj.name, owner)
            if obj.access_logs:
                yield Planned(obj.logs.address, obj.path, obj.name, owner, obj.log_group, "log_group")
            if obj.role:
                yield from obj.role.planned(obj.path, owner, obj.name)
            for guard in obj.authorizers:
                yield from authorizers.planned(guard, owner)
            if obj.domain:
                yield from api_edge.planned(obj.domain, owner)
        for obj in objs:  # route ids are `<api>_<route>`: API `a` route `GET /b` and API `a_get` route `b` collide
            for route in obj.routes:
                where = f"{obj.name}: {route.key}"
                yield Planned(route.address, route.path, where, f"API `{obj.name}`")
                yield Planned(route.integration, route.path, where, f"API `{obj.name}`")
                if route.function:
                    yield Planned(route.permission, route.path, where, f"API `{obj.name}`")

    def generated_names(self, objs: tuple[Api, ...]) -> Iterator[GeneratedName]:
        for obj in objs:
            yield GeneratedName(obj.aws_name, f"API `{obj.name}`", NAME_LIMIT, obj.path)
            yield GeneratedName(obj.log_group, f"log group of API `{obj.name}`", LOG_GROUP_LIMIT, obj.path)

    def roles(self, objs: tuple[Api, ...]) -> Iterator[Role]:
        yield from (obj.role for obj in objs if obj.role)
        if account_role_needed(objs):
            yield objs[0].account

    def log_groups(self, objs: tuple[Api, ...]) -> Iterator[LogGroup]:
        yield from (obj.logs for obj in objs if obj.access_logs)

    def outputs(self, objs: tuple[Api, ...]) -> Iterator[Output]:
        for obj in objs:
            yield Output(f"api_{obj.tf}_endpoint", obj.stage.invoke_url, f"Invoke URL of API {obj.name}")
            if obj.domain:
                yield api_edge.output(obj.domain, obj.name)

    def calls(self, objs: tuple[Api, ...], service: Any) -> Iterator[Call]:
        for api in objs:
            for guard in api.authorizers:
                yield from authorizers.calls(guard, api.address, api.name)
            for route in api.routes:
                if route.function:
                    source = f'"{api.address.interpolated("execution_arn")}/{route.called_as(api.stage_name)}"'
                    yield Call('"apigateway.amazonaws.com"', "lambda:InvokeFunction", route.function.address.arn,
                               f"API `{api.name}` invokes route `{route.key}`", (("aws:SourceArn", source),))
                if route.state_machine and api.role:
                    who = f"API `{api.name}`, route `{route.key}`,"
                    yield Call(str(api.role.address), "states:StartExecution", route.state_machine.address.arn,
                               f"{who} starts an execution")
                    yield Call(str(api.role.address), "kms:GenerateDataKey", KEY.arn,
                               f"{who} encrypts the execution input", via("states"))

    def use_calls(self, obj: Api, access: str) -> list[tuple[str, str, tuple[tuple[str, str], ...]]]:
        connection = f'"{obj.address.interpolated("execution_arn")}/{obj.stage_name}/POST/@connections/an-id"'
        return [("execute-api:ManageConnections", connection, ())]

    def arns(self, objs: tuple[Api, ...]) -> Iterator[tuple[str, str]]:
        for obj in objs:
            yield obj.address.execution_arn, arn_text("execute-api", f"id-of-{obj.tf}")
            yield from ((guard.address.id, f"authorizer-id-of-{guard.tf}") for guard in obj.authorizers)

    def resource_policies(self, objs: tuple[Api, ...]) -> Iterator[tuple[str, tuple[Statement, ...]]]:
        for api in objs:
            for guard in api.authorizers:
                if guard.function:
                    yield guard.function.address.arn, (authorizers.permission_statement(guard, api.address),)
            for route in api.routes:
                if route.function:  # the aws_lambda_permission of the route
                    source = f'"{api.address.interpolated("execution_arn")}/{route.source_arn_suffix}"'
                    yield route.function.address.arn, (invoke_permission(
                        route.permission_id, route.function.address.arn, '"apigateway.amazonaws.com"',
                        (Condition("ArnLike", "aws:SourceArn", (source,)),)),)

    def grants(self, ctx: Context, name: str, access: str) -> list[Statement]:
        # The API's ARN, not the stage's: see `link`.
        connections = f'"{address(name).interpolated("execution_arn")}/{ctx.spec.environment}/*/@connections/*"'
        return [Statement(sid("api", name, "connections"), ("execute-api:ManageConnections",), (connections,))]

    def link(self, ctx: Context, name: str) -> str:
        """The URL code calls: an HTTP API's $default stage, or a WebSocket stage's @connections callback URL.

        Built from the API, not the stage: a WebSocket stage depends on its deployment, which depends on the
        functions behind its routes, which would then depend on the stage.
        """
        api = address(name)
        if self.entries(ctx.spec)[name].protocol == "http":
            return api.api_endpoint
        return f'"https://{api.interpolated("id")}.execute-api.${{local.region}}.amazonaws.com/{ctx.spec.environment}"'

    def deployed_link(self, obj: Api, deployed: Deployed) -> str:
        host = f"https://{deployed.api_host}"
        return f"{host}/{obj.stage_name}" if obj.is_websocket else host
