"""EventBridge rules (`event_rules:`): an event pattern on the default bus or a declared bus, delivering to one
target. Functions get an `aws_lambda_permission`, queues and topics a policy statement (kinds/delivery.py);
state machines, tasks and buses are reached through a role, which EventBridge needs for them."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import ConfigDict, Field, JsonValue

from alpaco_gen.diagnostics import SpecPath
from alpaco_gen.kinds.base import Address, Arrow, Drawn, GeneratedName, Kind, Output, Planned, tf_id
from alpaco_gen.kinds.delivery import allow_service, delivery_calls, source_conditions
from alpaco_gen.kinds.iam import (
    Call,
    Role,
    Statement,
    arn,
    assume_policy,
    invoke_permission,
    role_address,
    sid,
)
from alpaco_gen.kinds.targets import TARGET_KINDS, DeliveryTarget, RetrySpec, input_json, resolve_target
from alpaco_gen.records import record
from alpaco_gen.resolve.context import Context
from alpaco_gen.spec.base import Ref, Suppressible
from alpaco_gen.spec.uses import Target

NAME_LIMIT = 64  # events RuleName
EVENTS = '"events.amazonaws.com"'


class EventRuleSpec(Suppressible):
    model_config = ConfigDict(title="EventRule")

    description: str | None = None
    bus: Ref | None = Field(None, description="A bus of `buses:`; unset: the account's default bus, where AWS "
                            "services send their events.")
    pattern: dict[str, JsonValue] = Field(description="The event pattern, as a mapping: "
                                    "`{source: [aws.states], detail-type: [Step Functions Execution Status "
                                    "Change], detail: {status: [FAILED]}}`.")
    enabled: bool = True
    target: Target = Field(description="Where matching events go: `{function: x}`, `{queue: x}`, `{topic: x}`, "
                           "`{state_machine: x}`, `{task: x}` (RunTask on Fargate) or `{bus: x}`.")
    input: dict[str, JsonValue] | list[JsonValue] | str | None = Field(
        None, description="Constant JSON the target receives instead of the event; unset: the event.")
    retry: RetrySpec = Field(default_factory=RetrySpec, description="Retries of failed deliveries.")
    dead_letter_queue: Ref | None = Field(None, description="A queue of `queues:` for events it could not "
                                          "deliver.")


@record
class EventRule:
    name: str
    tf: str
    address: Address
    target_address: Address
    aws_name: str
    arn: str  # HCL expression, built from the names (trust policies and key conditions name it)
    spec: EventRuleSpec
    bus: Any  # alpaco_gen.kinds.bus.Bus, None on the default bus
    pattern: str  # JSON text
    input: str | None
    target: DeliveryTarget
    role: Role | None  # for targets EventBridge reaches through a role
    permission: Address | None  # the aws_lambda_permission of a function target
    dead_letter: Any  # alpaco_gen.kinds.queue.Queue
    path: SpecPath

    @property
    def permission_id(self) -> str:
        return sid("event rule", self.name)


class EventRuleKind(Kind):
    key = "event_rule"
    section = ("event_rules",)
    spec_model = EventRuleSpec
    doc_models = (EventRuleSpec,)
    description = "EventBridge rules: event patterns on the default bus or a declared bus, and their target."
    needs = TARGET_KINDS
    templates = ("eventbridge.tf",)
    drawn = Drawn("rule", '{"%s"}', "diamond")

    def resolve(self, ctx: Context) -> Mapping[str, EventRule]:
        rules = {}
        for name, spec in self.entries(ctx.spec).items():
            path = (*self.section, name)
            bus = ctx.lookup("bus", spec.bus, (*path, "bus")) if spec.bus is not None else None
            dead_letter = None
            if spec.dead_letter_queue is not None:
                dead_letter = ctx.lookup("queue", spec.dead_letter_queue, (*path, "dead_letter_queue"))
            target = resolve_target(ctx, spec.target, (*path, "target"))
            if target is None or (spec.bus is not None and bus is None):
                continue
            tf, aws_name = tf_id(name), ctx.names.resource(name)
            rule_arn = arn("events", f"rule/{bus.aws_name}/{aws_name}" if bus else f"rule/{aws_name}")
            role = permission = None
            receiver = ctx.kinds[target.kind]
            if receiver.delivery_actions:  # a queue or topic: its policy lets EventBridge send
                allow_service(ctx, target.kind, target.name, EVENTS, rule_arn, f"event rule {name}")
            elif target.kind == "function":
                permission = Address("aws_lambda_permission", f"event_rule_{tf}")
            else:
                trust = assume_policy(f"event_rule_{tf}", "events.amazonaws.com", source_arn=rule_arn)
                role = Role(role_address(f"event_rule_{tf}"), ctx.names.role("rule", name), trust, target.grants,
                            f"Event rule {name}: delivers to {target.kind.replace('_', ' ')} {target.name}",
                            owner=f"event rule `{name}`", path=path)
            if dead_letter is not None:
                allow_service(ctx, "queue", dead_letter.name, EVENTS, rule_arn, f"event rule {name} dead letters")
            rules[name] = EventRule(
                name, tf, Address("aws_cloudwatch_event_rule", tf), Address("aws_cloudwatch_event_target", tf),
                aws_name, rule_arn, spec, bus, json.dumps(spec.pattern, ensure_ascii=False, separators=(",", ":")),
                input_json(spec.input), target, role, permission, dead_letter, path)
        return rules

    def planned(self, objs: tuple[EventRule, ...]) -> Iterator[Planned]:
        for obj in objs:
            owner = f"event rule `{obj.name}`"
            yield Planned(obj.address, obj.path, obj.name, owner)
            yield Planned(obj.target_address, obj.path, obj.name, owner)
            if obj.permission:
                yield Planned(obj.permission, obj.path, obj.name, owner)
            if obj.role:
                yield from obj.role.planned(obj.path, owner, obj.name)

    def generated_names(self, objs: tuple[EventRule, ...]) -> Iterator[GeneratedName]:
        yield from (GeneratedName(obj.aws_name, f"event rule `{obj.name}`", NAME_LIMIT, obj.path) for obj in objs)

    def roles(self, objs: tuple[EventRule, ...]) -> Iterator[Role]:
        yield from (obj.role for obj in objs if obj.role)

    def outputs(self, objs: tuple[EventRule, ...]) -> Iterator[Output]:
        yield from (Output(f"event_rule_{obj.tf}_arn", obj.address.arn) for obj in objs)

    def calls(self, objs: tuple[EventRule, ...], service: Any) -> Iterator[Call]:
        for obj in objs:
            why = f"event rule `{obj.name}` delivers to {obj.target.kind} `{obj.target.name}`"
            source = (("aws:SourceArn", obj.arn),)
            if obj.role:
                yield from obj.target.calls(str(obj.role.address), why)
            else:
                yield from obj.target.calls(EVENTS, why, source)
            if obj.dead_letter is not None:
                queue = obj.dead_letter
                why = f"event rule `{obj.name}` sends what it cannot deliver to queue `{queue.name}`"
                yield from delivery_calls(EVENTS, "queue", queue, why, source)

    def resource_policies(self, objs: tuple[EventRule, ...]) -> Iterator[tuple[str, tuple[Statement, ...]]]:
        for obj in objs:
            if obj.permission:
                function = obj.target.arn
                yield function, (invoke_permission(obj.permission_id, function, EVENTS,
                                                   source_conditions(EVENTS, obj.address.arn)),)

    def arns(self, objs: tuple[EventRule, ...]) -> Iterator[tuple[str, str]]:
        yield from ((obj.address.arn, obj.arn[1:-1]) for obj in objs)

    def arrows(self, objs: tuple[EventRule, ...]) -> Iterator[Arrow]:
        for obj in objs:
            yield Arrow(("event_rule", obj), (obj.target.kind, obj.target.obj), "matches")
            if obj.bus is not None:
                yield Arrow(("bus", obj.bus), ("event_rule", obj), "events", dotted=True)
            if obj.dead_letter is not None:
                yield Arrow(("event_rule", obj), ("queue", obj.dead_letter), "dead letters", dotted=True)
