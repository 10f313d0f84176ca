"""EventBridge Scheduler schedules (`schedules:`): cron, rate or one-time, delivering to a function, state
machine, task, queue, topic or bus through a role of their own, in one schedule group per service."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import ConfigDict, Field, JsonValue

from alpaco_gen.diagnostics import SpecPath
from alpaco_gen.kinds.base import Address, Arrow, Drawn, GeneratedName, Kind, Output, Planned, tf_id
from alpaco_gen.kinds.delivery import delivery_calls
from alpaco_gen.kinds.iam import Call, Role, Statement, arn, arn_text, assume_policy, role_address
from alpaco_gen.kinds.key import KEY
from alpaco_gen.kinds.targets import TARGET_KINDS, DeliveryTarget, RetrySpec, input_json, resolve_target
from alpaco_gen.records import record
from alpaco_gen.resolve.context import Context
from alpaco_gen.spec.base import Ref, Suppressible
from alpaco_gen.spec.uses import Target

NAME_LIMIT = 64  # scheduler Name and ScheduleGroupName
GROUP = Address("aws_scheduler_schedule_group", "main")
SCHEDULER = "scheduler.amazonaws.com"
EVENT_SOURCE = "alpaco.scheduler"  # the `source` of events a schedule puts on a bus


class ScheduleSpec(Suppressible):
    model_config = ConfigDict(title="Schedule")

    description: str | None = None
    expression: str = Field(description="`cron(minutes hours day-of-month month day-of-week year)`, "
                            "`rate(5 minutes)` or `at(2030-01-31T09:00:00)`.")
    timezone: str = Field("UTC", description="IANA time zone the expression is read in, e.g. Europe/Berlin.")
    flexible_window: int | None = Field(
        None, description="Minutes (1-1440) within which Scheduler may deliver, to spread load; unset: on time.")
    enabled: bool = True
    target: Target = Field(description="Where it delivers: `{state_machine: x}`, `{function: x}`, `{task: x}` "
                           "(RunTask on Fargate in the task's own subnets), `{queue: x}`, `{topic: x}`, `{bus: x}`.")
    input: dict[str, JsonValue] | list[JsonValue] | str | None = Field(
        None, description="What the target receives, as JSON (a state machine's execution input, a function's "
        "event, a task's RunTask overrides); unset: Scheduler's default.")
    retry: RetrySpec = Field(default_factory=RetrySpec, description="Retries of failed deliveries.")
    dead_letter_queue: Ref | None = Field(None, description="A queue of `queues:` for what it could not deliver "
                                          "once the retries are spent; Scheduler sends there as the schedule's role.")


def group_arn(group_name: str) -> str:
    """Built from the name, as Scheduler names the group when it assumes a schedule's role."""
    return arn("scheduler", f"schedule-group/{group_name}")


@record
class Schedule:
    name: str
    tf: str
    address: Address
    aws_name: str
    spec: ScheduleSpec
    role: Role
    target: DeliveryTarget
    input: str | None  # JSON text
    group: Address
    group_name: str
    path: SpecPath
    bus_event: tuple[str, str] | None  # (source, detail-type) of the event it puts on a bus
    dead_letter: Any = None  # alpaco_gen.kinds.queue.Queue


class ScheduleKind(Kind):
    key = "schedule"
    section = ("schedules",)
    spec_model = ScheduleSpec
    doc_models = (ScheduleSpec, RetrySpec)
    description = "EventBridge Scheduler schedules."
    needs = TARGET_KINDS
    templates = ("scheduler.tf",)
    drawn = Drawn("sched", '(("%s"))', "circle")

    def resolve(self, ctx: Context) -> Mapping[str, Schedule]:
        schedules = {}
        group_name = ctx.names.service_wide()
        trust = assume_policy("scheduler", SCHEDULER, source_arn=group_arn(group_name))
        for name, spec in self.entries(ctx.spec).items():
            path = (*self.section, name)
            dead_letter = None
            if spec.dead_letter_queue is not None:
                dead_letter = ctx.lookup("queue", spec.dead_letter_queue, (*path, "dead_letter_queue"))
            target = resolve_target(ctx, spec.target, (*path, "target"))
            if target is None:
                continue
            tf = tf_id(name)
            # The schedule's payload is encrypted with the service key; Scheduler decrypts it as the role.
            statements = (*target.grants, Statement("ScheduleKey", ("kms:Decrypt",), (KEY.arn,)))
            if dead_letter is not None:
                statements += tuple(ctx.kinds["queue"].grants(ctx, dead_letter.name, "send"))
            what = f"{target.kind.replace('_', ' ')} {target.name}"
            role = Role(role_address(f"schedule_{tf}"), ctx.names.role("sched", name), trust, statements,
                        f"Schedule {name}: delivers to {what}", owner=f"schedule `{name}`", path=path)
            schedules[name] = Schedule(name, tf, Address("aws_scheduler_schedule", tf), ctx.names.resource(name),
                                       spec, role, target, input_json(spec.input), GROUP, group_name, path,
                                       (EVENT_SOURCE, name) if target.kind_delivers_events else None,
                                       dead_letter)
        return schedules

    def planned(self, objs: tuple[Schedule, ...]) -> Iterator[Planned]:
        if objs:
            yield Planned(GROUP, ("schedules",), "the schedule group", shared=True)
        for obj in objs:
            owner = f"schedule `{obj.name}`"
            yield Planned(obj.address, obj.path, obj.name, owner)
            yield from obj.role.planned(obj.path, owner, obj.name)

    def generated_names(self, objs: tuple[Schedule, ...]) -> Iterator[GeneratedName]:
        for obj in objs:
            yield GeneratedName(obj.aws_name, f"schedule `{obj.name}`", NAME_LIMIT, obj.path)
        if objs:
            yield GeneratedName(objs[0].group_name, "schedule group", NAME_LIMIT, ("service",))

    def roles(self, objs: tuple[Schedule, ...]) -> Iterator[Role]:
        yield from (obj.role for obj in objs)

    def outputs(self, objs: tuple[Schedule, ...]) -> Iterator[Output]:
        yield from (Output(f"schedule_{obj.tf}_name", obj.address.name) for obj in objs)

    def calls(self, objs: tuple[Schedule, ...], service: Any) -> Iterator[Call]:
        for obj in objs:
            role = str(obj.role.address)
            yield from obj.target.calls(role, f"schedule `{obj.name}` delivers to {obj.target.kind} "
                                        f"`{obj.target.name}`")
            yield Call(role, "kms:Decrypt", KEY.arn, f"Scheduler decrypts the input of schedule `{obj.name}`")
            if obj.dead_letter is not None:
                why = f"schedule `{obj.name}` sends what it cannot deliver to queue `{obj.dead_letter.name}`"
                yield from delivery_calls(role, "queue", obj.dead_letter, why)

    def arns(self, objs: tuple[Schedule, ...]) -> Iterator[tuple[str, str]]:
        for obj in objs:
            yield obj.address.arn, arn_text("scheduler", f"schedule/{obj.group_name}/{obj.aws_name}")
        if objs:
            yield GROUP.arn, arn_text("scheduler", f"schedule-group/{objs[0].group_name}")

    def arrows(self, objs: tuple[Schedule, ...]) -> Iterator[Arrow]:
        for obj in objs:
            yield Arrow(("schedule", obj), (obj.target.kind, obj.target.obj), obj.spec.expression)
            if obj.dead_letter is not None:
                yield Arrow(("schedule", obj), ("queue", obj.dead_letter), "dead letters", dotted=True)
