"""What makes functions run besides their callers: event sources Lambda polls (`events:` of a function: queues
and table streams) and the asynchronous invocation config (`async_invocation:`: retries, event age and the
destinations of its results).

Lambda polls and delivers as the function's role: `event_grants` gives the role exactly what that needs
(function.py adds them); this kind plans the mappings and invoke configs.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any, Literal

from pydantic import Field, JsonValue, model_validator

from alpaco_gen.diagnostics import SpecPath
from alpaco_gen.kinds.base import Address, Arrow, Kind, Planned
from alpaco_gen.kinds.delivery import delivery_calls
from alpaco_gen.kinds.iam import Call, Statement, arn_text, sid, via, via_condition
from alpaco_gen.kinds.key import KEY
from alpaco_gen.kinds.queue import POLL
from alpaco_gen.kinds.queue import address as queue_address
from alpaco_gen.kinds.table import address as table_address
from alpaco_gen.records import record
from alpaco_gen.resolve.context import Context
from alpaco_gen.resolve.uses import delivery_grants
from alpaco_gen.spec.base import Ref, Strict
from alpaco_gen.spec.uses import Target

# What Lambda calls to read a stream (the AWSLambdaDynamoDBExecutionRole actions); ListStreams has no
# resource-level permissions.
STREAM_READ = ("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator")
LIST_STREAMS = ("dynamodb:ListStreams",)
STREAM_ONLY = ("starting_position", "bisect_on_error", "retries", "max_record_age", "on_failure")


class EventSource(Strict):
    queue: Ref | None = Field(None, description="An SQS queue of the spec: Lambda receives its messages in batches.")
    table: Ref | None = Field(None, description="A table of the spec: Lambda reads its DynamoDB stream "
                              "(the table needs `stream:`).")
    batch_size: int = Field(10, description="Records per invocation: queues 1-10 (up to 10000 with a "
                            "batching window), streams 1-10000.")
    batching_window: int = Field(0, description="Seconds to gather records before invoking, 0-300.")
    report_failures: bool = Field(True, description="The handler returns `batchItemFailures`, and only those "
                                  "records are retried (ReportBatchItemFailures).")
    maximum_concurrency: int | None = Field(None, description="Queues: at most this many concurrent "
                                            "invocations, 2-1000.")
    filters: list[dict[str, JsonValue]] = Field(default_factory=lambda: [], description="Event filter patterns: only "
                                          "matching records invoke the function.")
    starting_position: Literal["trim_horizon", "latest"] = Field("latest", description="Streams: where to start.")
    bisect_on_error: bool = Field(False, description="Streams: split a failing batch in two and retry.")
    retries: int = Field(-1, description="Streams: retries of a failing batch, -1 (until the record expires) "
                         "to 10000.")
    max_record_age: int = Field(-1, description="Streams: seconds, 60-604800, or -1 (no limit).")
    on_failure: Target | None = Field(None, description="Streams: where a batch that still fails is described: "
                                      "`{queue: x}` or `{topic: x}`.")

    @model_validator(mode="after")
    def _one_source(self) -> EventSource:
        if (self.queue is None) == (self.table is None):
            raise ValueError("set exactly one of queue or table")
        stream_fields = [f for f in STREAM_ONLY if f in self.model_fields_set]
        if self.queue is not None and stream_fields:
            raise ValueError(f"`{stream_fields[0]}` applies to table streams only")
        if self.table is not None and self.maximum_concurrency is not None:
            raise ValueError("`maximum_concurrency` applies to queues only")
        return self

    @property
    def kind(self) -> str:
        return "queue" if self.queue is not None else "table"

    @property
    def target(self) -> str:
        return str(self.queue if self.queue is not None else self.table)


class AsyncInvocation(Strict):
    retries: int = Field(2, description="Retries of a failed asynchronous invocation, 0-2.")
    max_event_age: int = Field(21600, description="Seconds an event may wait to be processed, 60-21600.")
    on_success: Target | None = Field(None, description="Where results go: a queue, topic or function.")
    on_failure: Target | None = Field(None, description="Where events go that failed every attempt.")


def stream_arn(table: str) -> str:
    return table_address(table).stream_arn


def event_grants(ctx: Context, fn: Any, path: SpecPath) -> tuple[Statement, ...]:
    """What the role of function spec `fn` needs for Lambda to poll its sources and deliver its results.

    References are checked here, once (AG101); the kind below finds only what exists.
    """
    statements: list[Statement] = []
    for i, source in enumerate(fn.events):
        where = (*path, "events", i)
        if not ctx.refs.ok(source.kind, source.target, (*where, source.kind)):
            continue
        if source.kind == "queue":
            statements += [Statement(sid("queue", source.target, "poll"), POLL, (queue_address(source.target).arn,)),
                           Statement(sid("queue", source.target, "poll key"), ("kms:Decrypt",), (KEY.arn,),
                                     (via_condition("sqs"),))]
        else:
            statements += [Statement(sid("table", source.target, "stream"), STREAM_READ, (stream_arn(source.target),)),
                           Statement("ListStreams", LIST_STREAMS, ('"*"',)),
                           Statement(sid("table", source.target, "stream key"), ("kms:Decrypt",), (KEY.arn,),
                                     (via_condition("dynamodb"),))]
            if source.on_failure:
                statements += delivery_grants(ctx, source.on_failure, (*where, "on_failure"))
    if fn.async_invocation:
        for outcome in ("on_success", "on_failure"):
            if (target := getattr(fn.async_invocation, outcome)) is not None:
                statements += delivery_grants(ctx, target, (*path, "async_invocation", outcome))
    return tuple(dict.fromkeys(statements))


@record
class SourceMapping:
    """One event source mapping: the function polls `source` (a resolved Queue or Table)."""

    address: Address
    kind: str  # queue | table
    source: Any
    spec: EventSource
    on_failure: Destination | None
    path: SpecPath

    @property
    def filters(self) -> list[str]:
        """The filter patterns as the JSON text Lambda takes."""
        return [json.dumps(f, sort_keys=True, separators=(",", ":")) for f in self.spec.filters]


@record
class FunctionEvents:
    """A function's event source mappings and asynchronous invocation config."""

    name: str
    function: Any
    mappings: tuple[SourceMapping, ...]
    invoke_config: Address | None
    on_success: Destination | None
    on_failure: Destination | None
    path: SpecPath


@record
class Destination:
    kind: str
    target: Any  # the resolved queue, topic or function


def _lookup(ctx: Context, target: Any) -> Destination | None:
    found = ctx.uses(target.kind).get(target.target) if target is not None else None
    return Destination(target.kind, found) if found is not None else None


class EventSourceKind(Kind):
    key = "event_source"
    section = ()
    needs = ("function", "queue", "table", "topic")
    templates = ("lambda_events.tf",)

    @classmethod
    def entries(cls, spec: Any) -> Mapping[str, Any]:
        return {name: fn for name, fn in (spec.functions or {}).items() if fn.events or fn.async_invocation}

    def resolve(self, ctx: Context) -> Mapping[str, FunctionEvents]:
        resolved = {}
        for name, fn in self.entries(ctx.spec).items():
            function, path = ctx.uses("function").get(name), ("functions", name)
            if function is None:
                continue
            mappings = []
            for i, source in enumerate(fn.events):
                found = ctx.uses(source.kind).get(source.target)
                if found is not None:
                    tf = f"{function.tf}_{'stream' if source.kind == 'table' else 'queue'}_{found.tf}"
                    mappings.append(SourceMapping(Address("aws_lambda_event_source_mapping", tf), source.kind, found,
                                             source, _lookup(ctx, source.on_failure), (*path, "events", i)))
            invoke = fn.async_invocation
            resolved[name] = FunctionEvents(
                name, function, tuple(mappings),
                Address("aws_lambda_function_event_invoke_config", function.tf) if invoke else None,
                _lookup(ctx, invoke.on_success) if invoke else None,
                _lookup(ctx, invoke.on_failure) if invoke else None, path)
        return resolved

    def planned(self, objs: tuple[FunctionEvents, ...]) -> Iterator[Planned]:
        for obj in objs:
            owner = f"function `{obj.name}`"
            yield from (Planned(m.address, m.path, obj.name, owner) for m in obj.mappings)
            if obj.invoke_config:
                yield Planned(obj.invoke_config, (*obj.path, "async_invocation"), obj.name, owner)

    def calls(self, objs: tuple[FunctionEvents, ...], service: Any) -> Iterator[Call]:
        for obj in objs:
            if obj.function.role is None:
                continue
            role, who = str(obj.function.role.address), f"function `{obj.name}`"
            for m in obj.mappings:
                if m.kind == "queue":
                    why = f"Lambda polls queue `{m.source.name}` for {who}"
                    yield from (Call(role, action, m.source.address.arn, why) for action in POLL)
                    yield Call(role, "kms:Decrypt", KEY.arn, why, via("sqs"))
                    continue
                why = f"Lambda reads the stream of table `{m.source.name}` for {who}"
                stream = f'"{m.source.address.interpolated("arn")}/stream/2024-01-01T00:00:00.000"'
                yield from (Call(role, action, stream, why) for action in STREAM_READ)
                yield Call(role, "dynamodb:ListStreams", '"*"', why)
                yield Call(role, "kms:Decrypt", KEY.arn, why, via("dynamodb"))
            destinations = [(m.on_failure, f"a failed batch of {m.source.name}") for m in obj.mappings]
            destinations += [(obj.on_success, "results"), (obj.on_failure, "failed events")]
            for destination, what in destinations:
                if destination is None:
                    continue
                yield from delivery_calls(role, destination.kind, destination.target, f"Lambda sends {what} of "
                                          f"{who} to {destination.kind} `{destination.target.name}`")

    def arns(self, objs: tuple[FunctionEvents, ...]) -> Iterator[tuple[str, str]]:
        for obj in objs:
            for m in obj.mappings:
                if m.kind == "table":
                    yield stream_arn(m.source.name), arn_text("dynamodb", f"table/{m.source.aws_name}/stream/*")

    def arrows(self, objs: tuple[FunctionEvents, ...]) -> Iterator[Arrow]:
        for obj in objs:
            for mapping in obj.mappings:
                label = "stream" if mapping.kind == "table" else "events"
                yield Arrow((mapping.kind, mapping.source), ("function", obj.function), label)
            for outcome, destination in (("on success", obj.on_success), ("on failure", obj.on_failure)):
                if destination is not None:
                    yield Arrow(("function", obj.function), (destination.kind, destination.target), outcome,
                                dotted=True)
