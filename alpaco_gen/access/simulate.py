"""List every call the generated system makes at run time and evaluate it against the generated policies.

The calls come from the kinds (`Kind.calls`, `Kind.use_calls`: what code and AWS services do), the policies
from the roles, resource policies and key policy the generator writes (`Kind.roles`, `Kind.resource_policies`).
A call no policy allows is a missing grant (a generator bug: the system would fail at run time); a granted
action no call uses is reported as unused (least privilege).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from alpaco_gen.access.policy import Resolver, applies, matches, principal_matches
from alpaco_gen.kinds import KINDS
from alpaco_gen.kinds.iam import Call, Condition, Principal, Role, Statement, arn_text
from alpaco_gen.kinds.key import KEY, LOGS_SERVICE

LOG_KEY_ACTIONS = ("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey")


@dataclass
class Result:
    calls: list[Call] = field(default_factory=list)
    missing: list[tuple[Call, str]] = field(default_factory=list)  # the call, and what does not allow it
    unused: list[tuple[str, str, str]] = field(default_factory=list)  # role name, statement id, action


def simulate(service: Any) -> Result:
    roles = {str(role.address): role for role in service.roles}
    resolve = Resolver(dict(_arns(service)))
    resource_policies = [(resolve.text(resource), statements) for resource, statements in _resource_policies(service)]
    result = Result(calls=list(_calls(service)))
    used: set[tuple[str, str, str]] = set()
    for call in result.calls:
        resource = resolve.text(call.resource)
        context = {key: resolve.text(value) for key, value in call.context}
        role = roles.get(call.principal)
        principal = resolve.text(f"{call.principal}.arn") if role else resolve.text(call.principal)
        on_resource = [st for pattern, statements in resource_policies if matches(pattern, resource)
                       for st in statements if principal_matches(st.principals, principal, bool(role), resolve)]
        identity = list(role.statements) if role else []
        granting = [st for st in identity + on_resource if applies(st, call.action, resource, context, resolve)]
        if any(st.effect == "Deny" for st in granting):
            result.missing.append((call, "an explicit Deny applies"))
            continue
        allowed_by_identity = [st for st in identity if st in granting]
        used.update((call.principal, st.sid, call.action) for st in allowed_by_identity)
        if role and not allowed_by_identity:
            result.missing.append((call, f"role `{role.name}` has no statement allowing it"))
        elif not role and not any(st in granting for st in on_resource):
            result.missing.append((call, "no resource policy allows this service principal"))
        elif role and ":kms:" in resource and not any(st in granting for st in on_resource):
            result.missing.append((call, "the key policy allows neither the account nor the role"))
    result.unused = [(role.name, st.sid, action) for address, role in roles.items() for st in role.statements
                     for action in st.actions if not st.extra and (address, st.sid, action) not in used]
    return result


def _calls(service: Any) -> Iterator[Call]:
    for key, kind in KINDS.items():
        yield from kind.calls(service.objects[key], service)
    for role in service.roles:
        context: tuple[tuple[str, str], ...] = (("aws:SourceAccount", '"${local.account_id}"'),) \
            if role.assume.source_account else ()
        if role.assume.source_arn:
            context += (("aws:SourceArn", role.assume.source_arn),)
        yield Call(f'"{role.assume.principal}"', "sts:AssumeRole", role.address.arn,
                   f"{role.assume.principal} assumes role `{role.name}`", context)
    for objects in service.objects.values():
        for obj in objects:
            uses, role = getattr(getattr(obj, "spec", None), "uses", None), getattr(obj, "role", None)
            if role is not None:
                yield from _use_calls(service, obj.name, str(role.address), uses or ())
    for group in service.log_groups:  # every log group is encrypted with the service key
        yield from (Call(LOGS_SERVICE, action, KEY.arn, f"CloudWatch Logs encrypts `{group.name}`",
                         (("kms:EncryptionContext:aws:logs:arn", group.address.arn),))
                    for action in LOG_KEY_ACTIONS)


def _use_calls(service: Any, name: str, role: str, uses: Any) -> Iterator[Call]:
    """What the code of a function or task does with what it `uses:`, as its role."""
    for use in uses:
        kind, target = KINDS[use.kind], service.by_name.get((use.kind, use.target))
        if target is not None and use.access in kind.access:
            for action, resource, context in kind.use_calls(target, use.access, **use.options):
                yield Call(role, action, resource, f"`{name}` uses {use.kind} `{use.target}` ({use.access})",
                           context)


def _arns(service: Any) -> Iterator[tuple[str, str]]:
    for key, kind in KINDS.items():
        yield from kind.arns(service.objects[key])
    for role in service.roles:
        yield role.address.arn, f"arn:${{local.partition}}:iam::${{local.account_id}}:role/{role.name}"
    for group in service.log_groups:
        yield group.address.arn, arn_text("logs", f"log-group:{group.name}")


def _resource_policies(service: Any) -> Iterator[tuple[str, tuple[Statement, ...]]]:
    for key, kind in KINDS.items():
        yield from kind.resource_policies(service.objects[key])
    for role in service.roles:
        yield role.address.arn, (_trust(role),)


def _trust(role: Role) -> Statement:
    conditions: tuple[Condition, ...] = (Condition("StringEquals", "aws:SourceAccount", ("local.account_id",)),) \
        if role.assume.source_account else ()
    if role.assume.source_arn:
        conditions += (Condition("ArnEquals", "aws:SourceArn", (role.assume.source_arn,)),)
    return Statement("Trust", ("sts:AssumeRole",), ('"*"',), conditions,
                     (Principal("Service", (f'"{role.assume.principal}"',)),))
