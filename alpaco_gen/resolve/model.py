"""The resolved, render-ready model: every reference checked, every name and Terraform address decided.

Past this point there are no unresolved names: templates and rules read these objects and derive nothing.
`spec` fields keep the user's values; `path` is where the object sits in the spec, for findings.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from alpaco_gen.diagnostics import SpecPath
from alpaco_gen.spec import models as m


@dataclass(frozen=True)
class Condition:
    test: str
    variable: str
    values: tuple[str, ...]  # HCL expressions


@dataclass(frozen=True)
class Statement:
    """One IAM policy statement. Resources are HCL expressions (ARNs are Terraform references)."""

    sid: str
    actions: tuple[str, ...]
    resources: tuple[str, ...]
    conditions: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class Subnet:
    name: str
    tf: str
    spec: m.Subnet
    az: str  # full zone name, e.g. ap-northeast-2a
    route_table: str  # tf id of its route table
    path: SpecPath


@dataclass(frozen=True)
class NatGateway:
    tf: str
    subnet: Subnet  # the public subnet it lives in
    az: str


@dataclass(frozen=True)
class RouteTable:
    tf: str
    public: bool
    nat: NatGateway | None
    subnets: tuple[Subnet, ...]


@dataclass(frozen=True)
class SecurityGroupRule:
    tf: str
    direction: str  # ingress | egress
    description: str
    protocol: str  # tcp | udp | icmp | -1
    from_port: int | None
    to_port: int | None
    cidr: str | None
    peer_tf: str | None  # another generated security group


@dataclass(frozen=True)
class SecurityGroup:
    name: str
    tf: str
    aws_name: str
    spec: m.SecurityGroup
    rules: tuple[SecurityGroupRule, ...]
    path: SpecPath


@dataclass(frozen=True)
class Network:
    spec: m.Network
    vpc_name: str
    subnets: tuple[Subnet, ...]
    route_tables: tuple[RouteTable, ...]
    nat_gateways: tuple[NatGateway, ...]
    security_groups: tuple[SecurityGroup, ...]
    gateway_endpoints: tuple[str, ...]  # s3, dynamodb
    interface_endpoints: tuple[str, ...]
    flow_log_group: str
    flow_log_role_name: str
    flow_log_statements: tuple[Statement, ...]

    @property
    def has_public(self) -> bool:
        return any(s.spec.public for s in self.subnets)

    @property
    def private_subnets(self) -> tuple[Subnet, ...]:
        return tuple(s for s in self.subnets if not s.spec.public)

    @property
    def endpoint_subnets(self) -> tuple[Subnet, ...]:
        """One private subnet per zone: an interface endpoint takes at most one subnet in each."""
        by_zone: dict[str, Subnet] = {}
        for subnet in self.private_subnets:
            by_zone.setdefault(subnet.az, subnet)
        return tuple(by_zone.values())


@dataclass(frozen=True)
class Repository:
    name: str
    tf: str
    aws_name: str
    spec: m.Repository
    lambda_pullers: tuple[str, ...]  # AWS names of image functions that pull from it
    deploy_tags: tuple[str, ...]  # the spec's tags of images in it: the build script moves them on every push
    path: SpecPath

    @property
    def has_policy(self) -> bool:
        """A repository policy is generated: the spec's own, or the pull grant for image functions."""
        return self.spec.policy is not None or bool(self.lambda_pullers)


@dataclass(frozen=True)
class Table:
    name: str
    tf: str
    aws_name: str
    spec: m.Table
    path: SpecPath


@dataclass(frozen=True)
class Bucket:
    name: str
    tf: str
    aws_name: str
    spec: m.Bucket
    path: SpecPath


@dataclass(frozen=True)
class Function:
    name: str
    tf: str
    aws_name: str
    spec: m.Function
    role_name: str
    log_group: str
    repository: Repository | None
    subnets: tuple[Subnet, ...]
    security_groups: tuple[SecurityGroup, ...]
    links: dict[str, str]  # environment variables naming what it uses: name -> HCL expression
    statements: tuple[Statement, ...]
    path: SpecPath

    @property
    def is_image(self) -> bool:
        return self.spec.image is not None


@dataclass(frozen=True)
class Task:
    name: str
    tf: str
    aws_name: str
    spec: m.Task
    role_name: str
    execution_role_name: str
    log_group: str
    repository: Repository
    subnets: tuple[Subnet, ...]
    security_groups: tuple[SecurityGroup, ...]
    links: dict[str, str]
    statements: tuple[Statement, ...]
    execution_statements: tuple[Statement, ...]
    path: SpecPath


@dataclass(frozen=True)
class Route:
    key: str
    tf: str  # <api>_<route>
    function: Function | None
    state_machine: StateMachine | None
    spec: m.RouteTarget
    websocket: bool
    path: SpecPath

    @property
    def timeout_ms(self) -> int:
        return self.spec.timeout_ms or (29000 if self.websocket else 30000)

    @property
    def authorization_type(self) -> str:
        return "AWS_IAM" if self.spec.authorization == "iam" else "NONE"

    @property
    def source_arn_suffix(self) -> str:
        """The part of the execute-api ARN after the API id that API Gateway invokes this route with."""
        if self.websocket or self.key == "$default":
            return f"*/{self.key}"
        method, _, path = self.key.partition(" ")
        return f"*/{'*' if method == 'ANY' else method}{path}"


@dataclass(frozen=True)
class Api:
    name: str
    tf: str
    aws_name: str
    spec: m.Api
    stage_name: str
    log_group: str
    routes: tuple[Route, ...]
    role_name: str | None  # credentials role for state machine integrations
    statements: tuple[Statement, ...]
    account_role: str  # account.api_gateway_cloudwatch_role
    path: SpecPath

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


@dataclass(frozen=True)
class StateMachine:
    name: str
    tf: str
    aws_name: str
    spec: m.StateMachine
    role_name: str
    log_group: str
    functions: tuple[Function, ...]  # invoked, sorted
    tasks: tuple[Task, ...]
    tables: tuple[Table, ...]
    statements: tuple[Statement, ...]
    path: SpecPath


@dataclass(frozen=True)
class Service:
    """The whole resolved service."""

    spec: m.Spec
    spec_file: str
    prefix: str
    cluster_name: str
    kms_alias: str
    api_gateway_logs_role_name: str
    tags: dict[str, str]
    network: Network | None
    repositories: tuple[Repository, ...]
    tables: tuple[Table, ...]
    buckets: tuple[Bucket, ...]
    functions: tuple[Function, ...]
    tasks: tuple[Task, ...]
    apis: tuple[Api, ...]
    state_machines: tuple[StateMachine, ...]

    @functools.cached_property
    def by_name(self) -> dict[tuple[str, str], object]:
        """(kind, name) -> resolved object, for lookups by the names the spec uses."""
        kinds = (("function", self.functions), ("task", self.tasks), ("table", self.tables),
                 ("bucket", self.buckets), ("api", self.apis), ("state_machine", self.state_machines),
                 ("repository", self.repositories))
        return {(kind, obj.name): obj for kind, objs in kinds for obj in objs}  # type: ignore[attr-defined]

    @property
    def zip_functions(self) -> tuple[Function, ...]:
        return tuple(f for f in self.functions if not f.is_image)

    @property
    def function_security_groups(self) -> set[str]:
        """Security groups some function's VPC config attaches (tasks get theirs at run time)."""
        return {g.name for f in self.functions for g in f.security_groups}

    @property
    def api_roles(self) -> bool:
        return any(a.role_name for a in self.apis)

    @property
    def flow_log_statements(self) -> tuple[Statement, ...]:
        return self.network.flow_log_statements if self.network else ()

    @property
    def images(self) -> tuple[Function | Task, ...]:
        return tuple(f for f in self.functions if f.is_image) + self.tasks

    @property
    def api_account_role(self) -> bool:
        """Terraform owns the account's API Gateway CloudWatch role (seed failure 6, fixed in code)."""
        return self.spec.account.api_gateway_cloudwatch_role == "create" and any(
            a.execution_logging for a in self.apis
        )
