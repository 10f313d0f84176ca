"""The VPC (`network:`): subnets, route tables, NAT gateways, VPC endpoints and flow logs."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Literal

from pydantic import ConfigDict, Field, model_validator

from alpaco_gen.diagnostics import SpecPath
from alpaco_gen.kinds.base import Address, GeneratedName, Kind, LogGroup, Planned, tf_id
from alpaco_gen.kinds.iam import Call, Role, Statement, assume_policy, log_stream_arn, role_address
from alpaco_gen.kinds.security_group import SecurityGroup, SecurityGroupRule, SecurityGroupSpec
from alpaco_gen.records import record
from alpaco_gen.resolve.context import Context
from alpaco_gen.spec.base import Name, Strict

Endpoint = Literal["s3", "dynamodb", "ecr_api", "ecr_dkr", "logs", "sts", "states", "secretsmanager", "ssm", "sqs",
                   "sns"]
GATEWAY_ENDPOINTS = ("s3", "dynamodb")
LOG_GROUP_LIMIT = 512
VPC = Address("aws_vpc", "main")
ENDPOINTS_GROUP = Address("aws_security_group", "endpoints")
FLOW_LOGS = Address("aws_cloudwatch_log_group", "flow_logs")


class SubnetSpec(Strict):
    model_config = ConfigDict(title="Subnet")

    cidr: str = Field(description="IPv4 CIDR block inside the VPC CIDR.")
    az: str = Field(description="Availability zone letter (`a`, `b`, ...) in the spec's region.")
    public: bool = Field(False, description="Routed to the internet gateway; NAT gateways live here.")
    isolated: bool = Field(False, description="No route out of the VPC, even when the network has NAT: what runs "
                           "here reaches AWS only through `network.endpoints`. For untrusted code.")

    @model_validator(mode="after")
    def _public_or_isolated(self) -> SubnetSpec:
        if self.public and self.isolated:
            raise ValueError("a subnet is either `public` or `isolated`, not both")
        return self


class NetworkSpec(Strict):
    model_config = ConfigDict(title="Network")

    cidr: str = Field(description="VPC IPv4 CIDR block.")
    nat: Literal["none", "single", "per_az"] = Field("none", description="NAT gateways for private subnets.")
    subnets: dict[Name, SubnetSpec] = Field(default_factory=lambda: {})
    endpoints: list[Endpoint] = Field(default_factory=lambda: [], description="VPC endpoints to create.")
    security_groups: dict[Name, SecurityGroupSpec] = Field(default_factory=lambda: {})
    flow_logs_retention_days: int = Field(365, description="Retention of the VPC flow log group.")


@record
class Subnet:
    name: str
    tf: str
    address: Address
    spec: SubnetSpec
    az: str  # full zone name, e.g. ap-northeast-2a
    route_table: str  # tf id of its route table
    path: SpecPath
    aws_name: str

    @property
    def association(self) -> Address:
        return Address("aws_route_table_association", self.tf)

    @property
    def tier(self) -> str:
        return "public" if self.spec.public else "isolated" if self.spec.isolated else "private"


@record
class NatGateway:
    tf: str
    subnet: Subnet  # the public subnet it lives in
    az: str

    @property
    def address(self) -> Address:
        return Address("aws_nat_gateway", self.tf)

    @property
    def eip(self) -> Address:
        return Address("aws_eip", self.tf)


@record
class RouteTable:
    tf: str
    public: bool
    nat: NatGateway | None
    subnets: tuple[Subnet, ...]

    @property
    def address(self) -> Address:
        return Address("aws_route_table", self.tf)

    @property
    def route(self) -> Address | None:
        """The default route: to the internet gateway (public) or a NAT gateway; None without either."""
        if self.public:
            return Address("aws_route", "public_internet")
        return Address("aws_route", f"{self.tf}_nat") if self.nat else None


@record
class Network:
    spec: NetworkSpec
    vpc: Address
    vpc_name: str
    subnets: tuple[Subnet, ...]
    route_tables: tuple[RouteTable, ...]
    nat_gateways: tuple[NatGateway, ...]
    security_groups: tuple[SecurityGroup, ...]
    gateway_endpoints: tuple[str, ...]  # s3, dynamodb
    interface_endpoints: tuple[str, ...]
    endpoints_group: Address
    flow_logs: LogGroup
    flow_log_role: Role

    internet_gateway = Address("aws_internet_gateway", "main")
    default_security_group = Address("aws_default_security_group", "main")
    flow_log = Address("aws_flow_log", "main")
    endpoints_ingress = Address("aws_vpc_security_group_ingress_rule", "endpoints_https")

    @property
    def flow_log_group(self) -> str:
        return self.flow_logs.name

    @property
    def flow_log_role_name(self) -> str:
        return self.flow_log_role.name

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

    @staticmethod
    def endpoint(name: str) -> Address:
        return Address("aws_vpc_endpoint", name)


class SubnetKind(Kind):
    key = "subnet"
    section = ("network", "subnets")

    def resolve(self, ctx: Context) -> Mapping[str, Subnet]:
        net: NetworkSpec | None = ctx.spec.network
        if net is None:
            return {}
        nat_zones = {net.subnets[n].az for n in _nat_subnets(net)}
        first_nat_zone = net.subnets[_nat_subnets(net)[0]].az if nat_zones else ""

        def route_table(s: SubnetSpec) -> str:
            if s.public:
                return "public"
            if s.isolated:
                return "isolated"
            if net.nat == "per_az" and nat_zones:
                return f"private_{s.az if s.az in nat_zones else first_nat_zone}"
            return "private"

        return {n: Subnet(n, tf_id(n), Address("aws_subnet", tf_id(n)), s, f"{ctx.spec.region}{s.az}",
                          route_table(s), (*self.section, n), ctx.names.resource(n))
                for n, s in net.subnets.items()}

    def planned(self, objs: tuple[Subnet, ...]) -> Iterator[Planned]:
        for obj in objs:
            yield Planned(obj.address, obj.path, obj.name)
            yield Planned(obj.association, obj.path, obj.name)


class NetworkKind(Kind):
    key = "network"
    section = ("network",)
    spec_model = NetworkSpec
    single = True
    doc_models = (NetworkSpec, SubnetSpec, SecurityGroupSpec, SecurityGroupRule)
    description = "The VPC: subnets, NAT, endpoints, security groups."
    needs = ("subnet", "security_group")
    templates = ("network.tf",)

    @classmethod
    def entries(cls, spec: Any) -> Mapping[str, Any]:
        return {"main": spec.network} if spec.network else {}

    def resolve(self, ctx: Context) -> Mapping[str, Network]:
        net: NetworkSpec | None = ctx.spec.network
        if net is None:
            return {}
        subnets = tuple(ctx.uses("subnet").values())
        by_name = {s.name: s for s in subnets}
        nats = tuple(NatGateway(f"nat_{tf_id(n)}" if net.nat == "per_az" else "main", by_name[n],
                                by_name[n].az) for n in _nat_subnets(net))
        tables = []
        if any(s.spec.public for s in subnets):
            tables.append(RouteTable("public", True, None, tuple(s for s in subnets if s.spec.public)))
        for tf in sorted({s.route_table for s in subnets if not s.spec.public}):
            nat = None
            if nats and tf != "isolated":
                nat = nats[0] if tf == "private" else next(
                    (g for g in nats if g.subnet.spec.az == tf.removeprefix("private_")), nats[0])
            tables.append(RouteTable(tf, False, nat, tuple(s for s in subnets if s.route_table == tf)))
        gateway = tuple(e for e in GATEWAY_ENDPOINTS if e in net.endpoints)
        interface = tuple(sorted(e for e in set(net.endpoints) if e not in gateway))
        vpc_name = ctx.names.service_wide()
        flow_logs = LogGroup(FLOW_LOGS, f"/aws/vpc/{vpc_name}/flow-logs", net.flow_logs_retention_days)
        statement = Statement("FlowLogs", ("logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"),
                              (log_stream_arn(FLOW_LOGS),))
        role = Role(role_address("flow_logs"), f"{vpc_name}-flow-logs",
                    assume_policy("flow_logs", "vpc-flow-logs.amazonaws.com"), (statement,), "VPC flow logs",
                    owner="VPC flow logs", path=("service",))
        return {"main": Network(net, VPC, vpc_name, subnets, tuple(tables), nats,
                                tuple(ctx.uses("security_group").values()), gateway, interface, ENDPOINTS_GROUP,
                                flow_logs, role)}

    def planned(self, objs: tuple[Network, ...]) -> Iterator[Planned]:
        for obj in objs:
            yield from self._planned(obj)

    def _planned(self, obj: Network) -> Iterator[Planned]:
        path, endpoints = ("network",), ("network", "endpoints")
        if obj.interface_endpoints:
            yield Planned(obj.endpoints_group, endpoints, "the VPC endpoints' security group", shared=True)
            yield Planned(obj.endpoints_ingress, endpoints, "the VPC endpoints' security group", shared=True)
        for address in (obj.vpc, obj.default_security_group, obj.flow_log):
            yield Planned(address, path, "the VPC", shared=True)
        yield Planned(FLOW_LOGS, path, "the VPC flow logs", "the VPC flow logs", obj.flow_log_group, "log_group",
                      shared=True)
        yield from obj.flow_log_role.planned(path, "the VPC flow logs", "the VPC flow logs", shared=True)
        if obj.has_public:
            yield Planned(obj.internet_gateway, path, "the VPC", shared=True)
        for nat in obj.nat_gateways:
            yield from (Planned(nat.eip, path, "the VPC", shared=True),
                        Planned(nat.address, path, "the VPC", shared=True))
        for table in obj.route_tables:
            yield Planned(table.address, path, "the VPC", shared=True)
            if table.route:
                yield Planned(table.route, path, "the VPC", shared=True)
        for endpoint in obj.gateway_endpoints + obj.interface_endpoints:
            yield Planned(obj.endpoint(endpoint), endpoints, "the VPC", shared=True)

    def calls(self, objs: tuple[Network, ...], service: Any) -> Iterator[Call]:
        for net in objs:
            stream = f'"{net.flow_logs.address.interpolated("arn")}:log-stream:an-interface"'
            yield from (Call(str(net.flow_log_role.address), action, stream, "VPC flow logs deliver")
                        for action in ("logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"))

    def generated_names(self, objs: tuple[Network, ...]) -> Iterator[GeneratedName]:
        for obj in objs:
            yield GeneratedName(obj.flow_log_group, "VPC flow log group", LOG_GROUP_LIMIT, ("service",))

    def roles(self, objs: tuple[Network, ...]) -> Iterator[Role]:
        yield from (obj.flow_log_role for obj in objs)

    def log_groups(self, objs: tuple[Network, ...]) -> Iterator[LogGroup]:
        yield from (obj.flow_logs for obj in objs)


def _nat_subnets(net: NetworkSpec) -> list[str]:
    """The public subnets that hold a NAT gateway: the first one (`single`) or the first of each zone."""
    publics = [n for n, s in net.subnets.items() if s.public]
    if net.nat == "single":
        return publics[:1]
    if net.nat == "per_az":
        by_az: dict[str, str] = {}
        for n in publics:
            by_az.setdefault(net.subnets[n].az, n)
        return list(by_az.values())
    return []
