"""Where schedules and event rules deliver (`target: {state_machine: nightly}`): the resolved target, the
ARN the service calls, the ECS parameters of a task and the calls delivering makes, from the target's kind."""

from __future__ import annotations

import json
from typing import Any

from pydantic import Field

from alpaco_gen.diagnostics import SpecPath
from alpaco_gen.kinds.delivery import delivery_calls
from alpaco_gen.kinds.iam import Call, Statement
from alpaco_gen.records import record
from alpaco_gen.resolve.context import Context
from alpaco_gen.resolve.uses import delivery_grants
from alpaco_gen.spec.base import Strict

# Of every kind with a `delivery_access`: schedules and rules resolve after them.
TARGET_KINDS = ("function", "task", "state_machine", "queue", "topic", "bus")


class RetrySpec(Strict):
    maximum_attempts: int | None = Field(None, description="Retries of a failed delivery, 0-185 (AWS: 185).")
    maximum_event_age: int | None = Field(
        None, description="Seconds to keep retrying a delivery, 60-86400 (AWS: 86400).")

    @property
    def is_set(self) -> bool:
        return self.maximum_attempts is not None or self.maximum_event_age is not None


@record
class EcsTarget:
    """How a schedule or rule runs a Fargate task: its definition and its own network."""

    task_definition: str  # HCL expression
    subnets: tuple[str, ...]  # HCL expressions of ids
    security_groups: tuple[str, ...]


@record
class DeliveryTarget:
    kind: str
    name: str
    obj: Any  # the resolved function, task, state machine, bus, ...
    arn: str  # HCL expression of the ARN the service delivers to
    grants: tuple[Statement, ...]  # what a role delivering to it needs (empty for resource-policy targets)
    ecs: EcsTarget | None = None

    @property
    def kind_delivers_events(self) -> bool:
        """A bus: Scheduler puts an event on it, which needs a source and a detail type."""
        from alpaco_gen.kinds import KINDS

        return KINDS[self.kind].delivery_access == "put_events"

    def calls(self, principal: str, why: str, context: tuple[tuple[str, str], ...] = ()) -> list[Call]:
        """The calls delivering makes, as `principal` (a role's address or a service principal)."""
        return delivery_calls(principal, self.kind, self.obj, why, context)


def resolve_target(ctx: Context, target: Any, path: SpecPath) -> DeliveryTarget | None:
    """The target of a schedule or rule at `path` (`.../target`), or None when it is undeclared (AG101) or
    did not resolve (its own findings say why)."""
    grants = delivery_grants(ctx, target, path)
    obj = ctx.resolved.get(target.kind, {}).get(target.target)
    if obj is None:
        return None
    kind = ctx.kinds[target.kind]
    return DeliveryTarget(target.kind, target.target, obj, kind.target_arn(obj), grants, kind.ecs_target(obj))


def input_json(value: Any) -> str | None:
    """The input a target receives, as the JSON text AWS takes; None for the service's default."""
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
