"""Security groups of the VPC (`network.security_groups`) and their rules."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, Literal

from pydantic import ConfigDict, Field, model_validator

from alpaco_gen.diagnostics import SpecPath
from alpaco_gen.kinds.base import Address, GeneratedName, Kind, Planned, tf_id
from alpaco_gen.records import record
from alpaco_gen.resolve.context import Context
from alpaco_gen.spec.base import Ref, Strict, Suppressible

NAME_LIMIT = 255  # EC2 GroupName
_ASCII_DIGITS = re.compile(r"[0-9]+")  # str.isdigit() also takes `٢٢`, which int() reads as 22


class SecurityGroupRule(Strict):
    cidr: str | None = Field(None, description="IPv4 CIDR the rule allows.")
    security_group: Ref | None = Field(None, description="Another security group of the spec.")
    ports: Literal["all"] | list[int | str] = Field(
        description="`all`, or ports and ranges: `[443, \"8000-8100\"]`."
    )
    protocol: Literal["tcp", "udp", "icmp", "all"] = "tcp"
    description: str | None = None

    @model_validator(mode="after")
    def _one_peer(self) -> SecurityGroupRule:
        if (self.cidr is None) == (self.security_group is None):
            raise ValueError("set exactly one of `cidr` or `security_group`")
        return self


class SecurityGroupSpec(Suppressible):
    model_config = ConfigDict(title="SecurityGroup")

    description: str | None = None
    ingress: list[SecurityGroupRule] = Field(default_factory=lambda: [])
    egress: list[SecurityGroupRule] = Field(default_factory=lambda: [])
    allow_public_ingress: bool = Field(False, description="Allow ingress from 0.0.0.0/0 on purpose.")


def address(name: str) -> Address:
    return Address("aws_security_group", tf_id(name))


@record
class SecurityGroupRuleResolved:
    tf: str
    address: Address
    direction: str  # ingress | egress
    description: str
    protocol: str  # tcp | udp | icmp | -1
    from_port: int | None
    to_port: int | None
    cidr: str | None
    peer: Address | None  # another generated security group


@record
class SecurityGroup:
    name: str
    tf: str
    address: Address
    aws_name: str
    spec: SecurityGroupSpec
    rules: tuple[SecurityGroupRuleResolved, ...]
    path: SpecPath


class SecurityGroupKind(Kind):
    key = "security_group"
    section = ("network", "security_groups")
    templates = ("security_groups.tf",)

    def resolve(self, ctx: Context) -> Mapping[str, SecurityGroup]:
        groups = {}
        for name, sg in self.entries(ctx.spec).items():
            path = (*self.section, name)
            rules = []
            for direction in ("ingress", "egress"):
                for i, rule in enumerate(getattr(sg, direction)):
                    rule_path = (*path, direction, i)
                    peer = None
                    if rule.security_group is not None:
                        if not ctx.refs.ok("security_group", rule.security_group, (*rule_path, "security_group")):
                            continue
                        peer = address(rule.security_group)
                    for j, (protocol, low, high) in enumerate(port_ranges(rule)):
                        tf = f"{tf_id(name)}_{direction}_{i}" + (f"_{j}" if j else "")
                        rules.append(SecurityGroupRuleResolved(
                            tf, Address(f"aws_vpc_security_group_{direction}_rule", tf), direction,
                            rule.description or f"{direction} {protocol} {_ports_text(low, high)}",
                            protocol, low, high, rule.cidr, peer))
            groups[name] = SecurityGroup(name, tf_id(name), address(name), ctx.names.resource(name), sg,
                                         tuple(rules), path)
        return groups

    def planned(self, objs: tuple[SecurityGroup, ...]) -> Iterator[Planned]:
        for obj in objs:
            yield Planned(obj.address, obj.path, obj.name)
            yield from (Planned(rule.address, obj.path, obj.name) for rule in obj.rules)

    def generated_names(self, objs: tuple[SecurityGroup, ...]) -> Iterator[GeneratedName]:
        for obj in objs:
            yield GeneratedName(obj.aws_name, f"security group `{obj.name}`", NAME_LIMIT, obj.path)


def port_ranges(rule: Any) -> list[tuple[str, int | None, int | None]]:
    """(protocol, from, to) per entry of `ports`; malformed entries are left to rule AG407."""
    if rule.protocol == "all":
        return [("-1", None, None)]
    if rule.ports == "all":
        # ICMP has types and codes, not ports: -1 is every type and code.
        return [(rule.protocol, -1, -1) if rule.protocol == "icmp" else (rule.protocol, 0, 65535)]
    ranges: list[tuple[str, int | None, int | None]] = []
    for port in rule.ports:
        text = str(port)
        low, _, high = text.partition("-")
        if _ASCII_DIGITS.fullmatch(low) and (not high or _ASCII_DIGITS.fullmatch(high)):
            ranges.append((rule.protocol, int(low), int(high or low)))
    return ranges


def _ports_text(low: int | None, high: int | None) -> str:
    if low is None:
        return "all"
    return str(low) if low == high else f"{low}-{high}"
