"""SNS topics (`topics:`): standard or FIFO, encrypted with the service key, with subscriptions of the
service's queues and functions.

A queue endpoint gets the topic in its queue policy and SNS in the key policy (kinds/delivery.py); a function
endpoint gets an `aws_lambda_permission` for SNS with the topic as its source.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any, Literal

from pydantic import ConfigDict, Field, JsonValue

from alpaco_gen.diagnostics import SpecPath
from alpaco_gen.kinds.base import Address, Arrow, Deployed, Drawn, GeneratedName, Kind, Output, Planned, tf_id
from alpaco_gen.kinds.delivery import allow_service, source_conditions
from alpaco_gen.kinds.iam import (
    Call,
    Statement,
    arn,
    arn_text,
    invoke_permission,
    sid,
    via,
    via_condition,
)
from alpaco_gen.kinds.key import KEY
from alpaco_gen.records import record
from alpaco_gen.resolve.context import Context
from alpaco_gen.spec.base import Strict, Suppressible
from alpaco_gen.spec.uses import Target

NAME_LIMIT = 256  # sns TopicName, `.fifo` included
PUBLISH = ("sns:Publish",)
PUBLISH_KEY = ("kms:Decrypt", "kms:GenerateDataKey")
SNS = '"sns.amazonaws.com"'
SCOPES = {"attributes": "MessageAttributes", "body": "MessageBody"}


class Subscription(Strict):
    endpoint: Target = Field(description="What receives the topic's messages: `{queue: x}` or `{function: x}`.")
    filter_policy: dict[str, JsonValue] | None = Field(None, description="SNS filter policy: only matching messages "
                                                 "are delivered.")
    filter_scope: Literal["attributes", "body"] = Field("attributes", description="What the filter policy "
                                                        "matches: message attributes or the (JSON) body.")
    raw: bool = Field(False, description="Queues: deliver the message itself, without the SNS envelope.")


class TopicSpec(Suppressible):
    model_config = ConfigDict(title="Topic")

    fifo: bool = Field(False, description="A FIFO topic (its AWS name ends in `.fifo`); delivers to FIFO queues.")
    content_based_deduplication: bool = Field(False, description="FIFO topics: deduplicate by message body.")
    subscriptions: list[Subscription] = Field(default_factory=lambda: [])


def address(name: str) -> Address:
    return Address("aws_sns_topic", tf_id(name))


def aws_name(ctx: Context, name: str) -> str:
    entry = TopicKind.entries(ctx.spec).get(name)
    return ctx.names.resource(name) + (".fifo" if entry is not None and entry.fifo else "")


@record
class Subscribed:
    """One subscription, resolved: its Terraform address and the queue or function it delivers to."""

    address: Address
    kind: str
    endpoint: Any  # the resolved Queue or Function
    spec: Subscription
    permission: Address | None  # the aws_lambda_permission of a function endpoint
    path: SpecPath

    @property
    def filter_policy(self) -> str:
        return json.dumps(self.spec.filter_policy, sort_keys=True, separators=(",", ":"))

    @property
    def filter_scope(self) -> str:
        return SCOPES[self.spec.filter_scope]


@record
class Topic:
    name: str
    tf: str
    address: Address
    aws_name: str
    arn: str  # HCL expression built from the name
    spec: TopicSpec
    subscriptions: tuple[Subscribed, ...]
    inbound: tuple[Statement, ...]  # its topic policy: services allowed to publish (kinds/delivery.py)
    path: SpecPath

    @property
    def policy(self) -> Address:
        return Address("aws_sns_topic_policy", self.tf)

    @property
    def permission_id(self) -> str:
        """The statement id of its functions' `aws_lambda_permission`s."""
        return sid("topic", self.name)

    @property
    def policy_document(self) -> Address:
        return Address("aws_iam_policy_document", f"sns_{self.tf}", True)


class TopicKind(Kind):
    key = "topic"
    section = ("topics",)
    spec_model = TopicSpec
    doc_models = (TopicSpec, Subscription)
    description = "SNS topics."
    needs = ("queue", "function")
    templates = ("sns.tf",)
    drawn = Drawn("topic", '>"%s"]', "tab")
    access = ("publish",)
    delivery_access = "publish"
    delivery_actions = PUBLISH
    link_suffix = "TOPIC_ARN"
    called_api = "SNS"
    endpoint = "sns"

    def resolve(self, ctx: Context) -> Mapping[str, Topic]:
        topics = {}
        for name, topic in self.entries(ctx.spec).items():
            path, tf = (*self.section, name), tf_id(name)
            topic_arn = self.delivery_arn(ctx, name)
            subscribed = []
            for i, sub in enumerate(topic.subscriptions):
                where = (*path, "subscriptions", i)
                target = ctx.lookup(sub.endpoint.kind, sub.endpoint.target, (*where, "endpoint", sub.endpoint.kind))
                if target is None or sub.endpoint.kind not in ("queue", "function"):
                    continue  # undeclared: AG101; another kind: rule AG122
                sub_tf = f"{tf}_{sub.endpoint.kind}_{target.tf}"
                permission = None
                if sub.endpoint.kind == "queue":
                    allow_service(ctx, "queue", target.name, SNS, topic_arn, f"topic {name}")
                else:
                    permission = Address("aws_lambda_permission", f"sns_{tf}_{target.tf}")
                subscribed.append(Subscribed(Address("aws_sns_topic_subscription", sub_tf), sub.endpoint.kind,
                                             target, sub, permission, where))
            topics[name] = Topic(name, tf, address(name), aws_name(ctx, name), topic_arn, topic, tuple(subscribed),
                                 (), path)
        return topics

    def delivery_arn(self, ctx: Context, name: str) -> str:
        """Built from the name, like queues' (kinds/delivery.py)."""
        return arn("sns", aws_name(ctx, name))

    def with_inbound(self, obj: Topic, statements: tuple[Statement, ...]) -> Topic:
        return replace(obj, inbound=statements)

    def planned(self, objs: tuple[Topic, ...]) -> Iterator[Planned]:
        for obj in objs:
            owner = f"topic `{obj.name}`"
            yield Planned(obj.address, obj.path, obj.name, owner, obj.aws_name, "topic")
            if obj.inbound:
                yield Planned(obj.policy, obj.path, obj.name, owner)
            for sub in obj.subscriptions:
                yield Planned(sub.address, sub.path, obj.name, owner)
                if sub.permission:
                    yield Planned(sub.permission, sub.path, obj.name, owner)

    def generated_names(self, objs: tuple[Topic, ...]) -> Iterator[GeneratedName]:
        yield from (GeneratedName(obj.aws_name, f"topic `{obj.name}`", NAME_LIMIT, obj.path) for obj in objs)

    def outputs(self, objs: tuple[Topic, ...]) -> Iterator[Output]:
        yield from (Output(f"topic_{obj.tf}_arn", obj.address.arn) for obj in objs)

    def calls(self, objs: tuple[Topic, ...], service: Any) -> Iterator[Call]:
        for topic in objs:
            source = (("aws:SourceArn", topic.arn),)
            for sub in topic.subscriptions:
                why = f"topic `{topic.name}` delivers to {sub.kind} `{sub.endpoint.name}`"
                if sub.kind == "function":
                    yield Call(SNS, "lambda:InvokeFunction", sub.endpoint.address.arn, why, source)
                    continue
                yield Call(SNS, "sqs:SendMessage", sub.endpoint.address.arn, why, source)
                yield from (Call(SNS, action, KEY.arn, f"{why}, encrypted", source) for action in PUBLISH_KEY)

    def resource_policies(self, objs: tuple[Topic, ...]) -> Iterator[tuple[str, tuple[Statement, ...]]]:
        for topic in objs:
            if topic.inbound:
                yield topic.address.arn, topic.inbound
            for sub in topic.subscriptions:
                if sub.permission:  # the aws_lambda_permission
                    function = sub.endpoint.address.arn
                    yield function, (invoke_permission(topic.permission_id, function, SNS,
                                                       source_conditions(SNS, topic.arn)),)

    def grants(self, ctx: Context, name: str, access: str) -> list[Statement]:
        return [Statement(sid("topic", name, "publish"), PUBLISH, (address(name).arn,)),
                Statement(sid("topic", name, "key"), PUBLISH_KEY, (KEY.arn,), (via_condition("sns"),))]

    def use_calls(self, obj: Topic, access: str) -> list[tuple[str, str, tuple[tuple[str, str], ...]]]:
        return [("sns:Publish", obj.address.arn, ())] + [(a, KEY.arn, via("sns")) for a in PUBLISH_KEY]

    def arns(self, objs: tuple[Topic, ...]) -> Iterator[tuple[str, str]]:
        yield from ((obj.address.arn, arn_text("sns", obj.aws_name)) for obj in objs)

    def link(self, ctx: Context, name: str) -> str:
        return address(name).arn

    def deployed_link(self, obj: Topic, deployed: Deployed) -> str:
        return f"arn:{deployed.partition}:sns:{deployed.region}:{deployed.account_id}:{obj.aws_name}"

    def arrows(self, objs: tuple[Topic, ...]) -> Iterator[Arrow]:
        yield from (Arrow(("topic", obj), (sub.kind, sub.endpoint), "filtered" if sub.spec.filter_policy else "")
                    for obj in objs for sub in obj.subscriptions)
