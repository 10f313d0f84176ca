"""Parsing shared by the network rules: CIDRs and ports, read the way EC2 and Terraform read them."""

from __future__ import annotations

import ipaddress
import re

from alpaco_gen.diagnostics import SpecPath
from alpaco_gen.kinds.function import Function
from alpaco_gen.kinds.network import NetworkSpec
from alpaco_gen.kinds.security_group import SecurityGroupRule
from alpaco_gen.kinds.task import Task
from alpaco_gen.resolve.model import Service

_PORTS = re.compile(r"([0-9]+)(?:-([0-9]+))?", re.ASCII)
MAX_PORT = 65535


def ipv4_network(text: str) -> ipaddress.IPv4Network | None:
    """The IPv4 network `text` names (`a.b.c.d/n`, host bits clear), or None when it is anything else."""
    address, slash, prefix = text.partition("/")
    if not slash or not prefix.isascii() or not prefix.isdigit():
        return None
    try:
        return ipaddress.IPv4Network(f"{address}/{prefix}", strict=True)
    except ValueError:
        return None


def port_range(entry: int | str) -> tuple[int, int] | None:
    """`443` -> (443, 443), `"8000-8100"` -> (8000, 8100); None when the entry is not written that way."""
    match = _PORTS.fullmatch(str(entry).strip())
    if not match:
        return None
    low = int(match[1])
    return low, int(match[2] or low)


def security_group_rules(net: NetworkSpec) -> list[tuple[str, str, SecurityGroupRule, SpecPath]]:
    """(group name, direction, rule, path of the rule) for every ingress and egress rule of the network."""
    found: list[tuple[str, str, SecurityGroupRule, SpecPath]] = []
    for name, group in net.security_groups.items():
        for direction in ("ingress", "egress"):
            for i, rule in enumerate(getattr(group, direction)):
                found.append((name, direction, rule, ("network", "security_groups", name, direction, i)))
    return found


def placed(service: Service) -> list[tuple[str, Function | Task]]:
    """Functions and tasks with their kind (`function`, `task`), in spec order."""
    return [("function", f) for f in service.functions] + [("task", t) for t in service.tasks]
