"""IAM policy evaluation on HCL expressions: references become the ARNs they stand for, then IAM's wildcard,
condition and Allow/Deny logic decides."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping

from alpaco_gen.kinds.iam import Condition, Principal, Statement
from alpaco_gen.records import record

_REFERENCE = re.compile(r"\$\{([^}]+)\}")
ACCOUNT_ROOT = "arn:${local.partition}:iam::${local.account_id}:root"


@record
class Resolver:
    """Turns HCL expressions into the text of the value they stand for: references replaced by ARNs."""

    arns: Mapping[str, str]  # Terraform reference -> ARN text

    def text(self, expression: str) -> str:
        inner = expression[1:-1] if expression.startswith('"') else "${" + expression + "}"
        return _REFERENCE.sub(lambda m: self.arns.get(m.group(1), m.group(0)), inner)


@functools.lru_cache(maxsize=4096)
def _pattern(glob: str, ignore_case: bool) -> re.Pattern[str]:
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in glob)
    return re.compile(regex, re.IGNORECASE if ignore_case else 0)


def matches(glob: str, value: str, ignore_case: bool = False) -> bool:
    return bool(_pattern(glob, ignore_case).fullmatch(value))


def action_matches(statement: Statement, action: str) -> bool:
    return any(matches(a, action, ignore_case=True) for a in statement.actions)


def condition_holds(condition: Condition, context: Mapping[str, str], resolve: Resolver) -> bool:
    """One condition block against the call's context; a key the call does not carry fails it."""
    value = context.get(condition.variable) or next(
        (v for k, v in context.items() if k.lower() == condition.variable.lower()), None)
    if value is None:
        return False
    wanted = [resolve.text(v) for v in condition.values]
    test = condition.test
    if test in ("StringEquals", "ArnEquals", "Bool"):
        return value in wanted
    if test in ("StringLike", "ArnLike"):
        return any(matches(w, value) for w in wanted)
    raise ValueError(f"the access simulation cannot evaluate condition operator {test}")


def principal_matches(principals: Iterable[Principal], principal: str, is_role: bool, resolve: Resolver) -> bool:
    for p in principals:
        identifiers = [resolve.text(i) for i in p.identifiers]
        if p.type == "*" or "*" in identifiers:
            return True
        if p.type == "AWS" and is_role and (ACCOUNT_ROOT in identifiers or principal in identifiers):
            return True
        if p.type == "Service" and not is_role and principal in identifiers:
            return True
    return False


def applies(statement: Statement, action: str, resource: str, context: Mapping[str, str],
            resolve: Resolver) -> bool:
    """The statement covers this action on this resource, and its conditions hold (principals aside)."""
    return (action_matches(statement, action)
            and any(matches(resolve.text(r), resource) for r in statement.resources)
            and all(condition_holds(c, context, resolve) for c in statement.conditions))
