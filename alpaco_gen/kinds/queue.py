"""SQS queues (`queues:`): standard or FIFO, encrypted with the service key, with an optional dead-letter queue.

Every queue gets a redrive allow policy: a dead-letter queue accepts exactly the queues that send to it
(`byQueue`), any other queue none (`denyAll`), so no queue becomes another's dead-letter queue by accident.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

from pydantic import ConfigDict, Field

from alpaco_gen.diagnostics import SpecPath
from alpaco_gen.kinds.base import Address, Arrow, Deployed, Drawn, GeneratedName, Kind, Output, Planned, tf_id
from alpaco_gen.kinds.iam import Statement, arn, arn_text, sid, via, via_condition
from alpaco_gen.kinds.key import KEY
from alpaco_gen.records import record
from alpaco_gen.resolve.context import Context
from alpaco_gen.spec.base import Ref, Strict, Suppressible

NAME_LIMIT = 80  # sqs QueueName, `.fifo` included
SEND = ("sqs:SendMessage",)
CONSUME = ("sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage")
# What Lambda's poller calls as the function's role (the AWSLambdaSQSQueueExecutionRole actions).
POLL = ("sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage")
SEND_KEY, CONSUME_KEY = ("kms:Decrypt", "kms:GenerateDataKey"), ("kms:Decrypt",)


class DeadLetter(Strict):
    queue: Ref = Field(description="The queue that receives messages no consumer could process.")
    max_receive_count: int = Field(5, description="Receives before a message moves to it, 1-1000.")


class QueueSpec(Suppressible):
    model_config = ConfigDict(title="Queue")

    fifo: bool = Field(False, description="A FIFO queue (its AWS name ends in `.fifo`).")
    content_based_deduplication: bool = Field(False, description="FIFO queues: deduplicate by message body.")
    visibility_timeout: int = Field(30, description="Seconds a received message stays hidden, 0-43200. At least "
                                    "the timeout of a function consuming it; AWS advises 6 times.")
    retention: int = Field(345600, description="Seconds a message is kept, 60-1209600 (14 days).")
    delay: int = Field(0, description="Seconds every message is delayed, 0-900.")
    max_message_size: int = Field(262144, description="Bytes, 1024-1048576.")
    receive_wait: int = Field(0, description="Seconds ReceiveMessage waits for a message (long polling), 0-20.")
    dead_letter_queue: DeadLetter | None = Field(None, description="Where messages go after `max_receive_count` "
                                                 "failed receives.")


def address(name: str) -> Address:
    return Address("aws_sqs_queue", tf_id(name))


def aws_name(ctx: Context, name: str) -> str:
    entry = QueueKind.entries(ctx.spec).get(name)
    return ctx.names.resource(name) + (".fifo" if entry is not None and entry.fifo else "")


@record
class Queue:
    name: str
    tf: str
    address: Address
    aws_name: str
    arn: str  # HCL expression built from the name: what other queues' redrive policies name
    spec: QueueSpec
    dead_letter: Any  # the resolved dead-letter Queue, or None
    sources: tuple[str, ...]  # ARN expressions of the queues whose dead-letter queue this is
    inbound: tuple[Statement, ...]  # its queue policy: services allowed to send (kinds/delivery.py)
    path: SpecPath

    @property
    def policy(self) -> Address:
        return Address("aws_sqs_queue_policy", self.tf)

    @property
    def policy_document(self) -> Address:
        return Address("aws_iam_policy_document", f"sqs_{self.tf}", True)


class QueueKind(Kind):
    key = "queue"
    section = ("queues",)
    spec_model = QueueSpec
    doc_models = (QueueSpec, DeadLetter)
    description = "SQS queues."
    templates = ("sqs.tf",)
    drawn = Drawn("queue", '[/"%s"\\]', "cds")
    access = ("send", "consume")
    delivery_access = "send"
    delivery_actions = SEND
    link_suffix = "QUEUE_URL"
    called_api = "SQS"
    endpoint = "sqs"

    def resolve(self, ctx: Context) -> Mapping[str, Queue]:
        entries = self.entries(ctx.spec)
        sources: dict[str, list[str]] = {}
        for name, queue in entries.items():
            if queue.dead_letter_queue and queue.dead_letter_queue.queue in entries:
                sources.setdefault(queue.dead_letter_queue.queue, []).append(self.delivery_arn(ctx, name))
        queues: dict[str, Queue] = {}
        for name, queue in entries.items():
            path = (*self.section, name)
            queues[name] = Queue(name, tf_id(name), address(name), aws_name(ctx, name),
                                 self.delivery_arn(ctx, name), queue, None, tuple(sorted(sources.get(name, ()))),
                                 (), path)
        for name, queue in entries.items():
            dlq = queue.dead_letter_queue
            if dlq and ctx.refs.ok("queue", dlq.queue, (*self.section, name, "dead_letter_queue", "queue")):
                queues[name] = replace(queues[name], dead_letter=queues[dlq.queue])
        return queues

    def delivery_arn(self, ctx: Context, name: str) -> str:
        """Built from the name: a queue policy naming a topic, and a dead-letter queue naming its sources,
        would otherwise be dependency cycles."""
        return arn("sqs", aws_name(ctx, name))

    def with_inbound(self, obj: Queue, statements: tuple[Statement, ...]) -> Queue:
        return replace(obj, inbound=statements)

    def planned(self, objs: tuple[Queue, ...]) -> Iterator[Planned]:
        for obj in objs:
            owner = f"queue `{obj.name}`"
            yield Planned(obj.address, obj.path, obj.name, owner, obj.aws_name, "queue")
            if obj.inbound:
                yield Planned(obj.policy, obj.path, obj.name, owner)

    def generated_names(self, objs: tuple[Queue, ...]) -> Iterator[GeneratedName]:
        yield from (GeneratedName(obj.aws_name, f"queue `{obj.name}`", NAME_LIMIT, obj.path) for obj in objs)

    def outputs(self, objs: tuple[Queue, ...]) -> Iterator[Output]:
        yield from (Output(f"queue_{obj.tf}_url", obj.address.url) for obj in objs)

    def grants(self, ctx: Context, name: str, access: str) -> list[Statement]:
        actions, key = (SEND, SEND_KEY) if access == "send" else (CONSUME, CONSUME_KEY)
        return [Statement(sid("queue", name, access), actions, (address(name).arn,)),
                Statement(sid("queue", name, access, "key"), key, (KEY.arn,), (via_condition("sqs"),))]

    def use_calls(self, obj: Queue, access: str) -> list[tuple[str, str, tuple[tuple[str, str], ...]]]:
        actions, key = (SEND, SEND_KEY) if access == "send" else (CONSUME, CONSUME_KEY)
        return [(a, obj.address.arn, ()) for a in actions] + [(a, KEY.arn, via("sqs")) for a in key]

    def arns(self, objs: tuple[Queue, ...]) -> Iterator[tuple[str, str]]:
        yield from ((obj.address.arn, arn_text("sqs", obj.aws_name)) for obj in objs)

    def resource_policies(self, objs: tuple[Queue, ...]) -> Iterator[tuple[str, tuple[Statement, ...]]]:
        yield from ((obj.address.arn, obj.inbound) for obj in objs if obj.inbound)

    def link(self, ctx: Context, name: str) -> str:
        return address(name).url

    def deployed_link(self, obj: Queue, deployed: Deployed) -> str:
        return f"https://sqs.{deployed.region}.amazonaws.com/{deployed.account_id}/{obj.aws_name}"

    def arrows(self, objs: tuple[Queue, ...]) -> Iterator[Arrow]:
        yield from (Arrow(("queue", obj), ("queue", obj.dead_letter), "dead letters", dotted=True)
                    for obj in objs if obj.dead_letter is not None)
