"""`policies:` of functions, tasks and state machines: IAM statements the spec adds to a generated role, for
what no `uses:` expresses (a service the generator has no kind for, a resource of another stack).

Rules AG160-AG179 (`alpaco_gen/rules/iam/`) check them against the IAM catalog: unknown actions, ARNs of the
wrong service or resource type, unknown condition keys and wildcards. The access simulation evaluates them
like any statement (a Deny here can block a generated call) but does not report their actions as unused:
they grant calls the generator does not model.
"""

from __future__ import annotations

from pydantic import ConfigDict, Field

from alpaco_gen.diagnostics import SpecPath
from alpaco_gen.kinds.iam import Condition, Statement
from alpaco_gen.render.hcl import hcl_string
from alpaco_gen.spec.base import Strict

SID_PATTERN = r"^[A-Za-z0-9]+$"


class PolicyCondition(Strict):
    model_config = ConfigDict(title="PolicyCondition")

    test: str = Field(description="The condition operator: `StringEquals`, `ArnLike`, `Bool`, ...")
    variable: str = Field(description="The condition key: `aws:SourceVpc`, `ses:FromAddress`, ...")
    values: list[str] = Field(min_length=1)


class PolicyStatement(Strict):
    """One IAM statement added to the role: literal ARNs (or `*`), checked against the IAM catalog."""

    model_config = ConfigDict(title="PolicyStatement")

    sid: str | None = Field(None, pattern=SID_PATTERN, description="Statement id; default `Policy<n>`.")
    effect: str = Field("Allow", pattern="^(Allow|Deny)$")
    actions: list[str] = Field(min_length=1, description="`service:Action`, as the IAM catalog names them.")
    resources: list[str] = Field(min_length=1, description="ARNs, or `*` for actions without resource types.")
    conditions: list[PolicyCondition] = Field(default_factory=lambda: [])


def policy_statements(policies: list[PolicyStatement]) -> tuple[Statement, ...]:
    """The spec's statements as role statements: every value a literal (`${` in an ARN is not a reference)."""
    return tuple(Statement(
        p.sid or f"Policy{i}", tuple(p.actions), tuple(hcl_string(r) for r in p.resources),
        tuple(Condition(c.test, c.variable, tuple(hcl_string(v) for v in c.values)) for c in p.conditions),
        effect=p.effect, extra=True) for i, p in enumerate(policies))


def policy_paths(owner: SpecPath, policies: list[PolicyStatement]) -> list[tuple[SpecPath, PolicyStatement]]:
    return [((*owner, "policies", i), p) for i, p in enumerate(policies)]
