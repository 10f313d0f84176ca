"""Bucket notifications (`notifications:` of a bucket): S3 events delivered to functions, queues and topics.

S3 checks every destination when the configuration is put ("Unable to validate the following destination
configurations"), so the one `aws_s3_bucket_notification` of a bucket waits for the Lambda permissions and the
queue and topic policies (kinds/delivery.py) that let S3 deliver.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Annotated, Any

from pydantic import AfterValidator, Field

from alpaco_gen.data import aws
from alpaco_gen.diagnostics import SpecPath
from alpaco_gen.kinds.base import Address, Arrow, Kind, Planned
from alpaco_gen.kinds.delivery import KEY_ACTIONS, allow_service, source_conditions
from alpaco_gen.kinds.iam import Call, Statement, invoke_permission, sid
from alpaco_gen.kinds.key import KEY
from alpaco_gen.records import record
from alpaco_gen.resolve.context import Context
from alpaco_gen.spec.base import Strict
from alpaco_gen.spec.uses import Target

S3 = '"s3.amazonaws.com"'
DESTINATIONS = ("function", "queue", "topic")
ACTIONS = {"function": "lambda:InvokeFunction", "queue": "sqs:SendMessage", "topic": "sns:Publish"}


def _s3_event(value: str) -> str:
    if value not in aws()["s3"]["events"]:
        raise ValueError(f"`{value}` is not an S3 event type; e.g. s3:ObjectCreated:*, s3:ObjectRemoved:*")
    return value


S3Event = Annotated[str, AfterValidator(_s3_event)]


class Notification(Strict):
    target: Target = Field(description="Where S3 delivers the events: `{function: x}`, `{queue: x}` or "
                           "`{topic: x}`.")
    events: list[S3Event] = Field(default_factory=lambda: ["s3:ObjectCreated:*"],
                                  description="S3 event types, e.g. `s3:ObjectCreated:*`.")
    prefix: str | None = Field(None, description="Only keys that start with this.")
    suffix: str | None = Field(None, description="Only keys that end with this.")


@record
class Delivery:
    """One notification configuration of a bucket, resolved."""

    kind: str  # function | queue | topic
    target: Any  # the resolved function, queue or topic
    spec: Notification
    permission: Address | None  # the aws_lambda_permission of a function target
    path: SpecPath


@record
class BucketNotifications:
    name: str
    bucket: Any
    address: Address
    deliveries: tuple[Delivery, ...]
    path: SpecPath

    @property
    def permission_id(self) -> str:
        return sid("bucket", self.name)

    def waits_for(self) -> list[str]:
        """What must exist before S3 accepts the configuration: permissions and queue and topic policies."""
        found = [str(d.permission) if d.permission else str(d.target.policy) for d in self.deliveries]
        return list(dict.fromkeys(found))


class NotificationKind(Kind):
    key = "notification"
    section = ()
    needs = ("bucket", "function", "queue", "topic")
    templates = ("s3_notifications.tf",)

    @classmethod
    def entries(cls, spec: Any) -> Mapping[str, Any]:
        return {name: b for name, b in (spec.buckets or {}).items() if b.notifications}

    def resolve(self, ctx: Context) -> Mapping[str, BucketNotifications]:
        resolved = {}
        for name, spec in self.entries(ctx.spec).items():
            bucket, path = ctx.uses("bucket")[name], ("buckets", name)
            deliveries = []
            for i, note in enumerate(spec.notifications):
                where = (*path, "notifications", i)
                kind = note.target.kind
                target = ctx.lookup(kind, note.target.target, (*where, "target", kind))
                if target is None or kind not in DESTINATIONS:
                    continue  # undeclared: AG101; a kind S3 cannot deliver to: rule AG122
                permission = None
                if kind == "function":
                    permission = Address("aws_lambda_permission", f"s3_{bucket.tf}_{target.tf}")
                else:
                    allow_service(ctx, kind, target.name, S3, bucket.address.arn, f"bucket {name}")
                deliveries.append(Delivery(kind, target, note, permission, where))
            resolved[name] = BucketNotifications(name, bucket, Address("aws_s3_bucket_notification", bucket.tf),
                                                 tuple(deliveries), path)
        return resolved

    def planned(self, objs: tuple[BucketNotifications, ...]) -> Iterator[Planned]:
        for obj in objs:
            owner = f"bucket `{obj.name}`"
            yield Planned(obj.address, (*obj.path, "notifications"), obj.name, owner)
            permissions = dict.fromkeys(d.permission for d in obj.deliveries if d.permission)
            yield from (Planned(p, (*obj.path, "notifications"), obj.name, owner) for p in permissions)

    def calls(self, objs: tuple[BucketNotifications, ...], service: Any) -> Iterator[Call]:
        for obj in objs:
            source = (("aws:SourceArn", obj.bucket.address.arn), ("aws:SourceAccount", '"${local.account_id}"'))
            for d in obj.deliveries:
                why = f"bucket `{obj.name}` notifies {d.kind} `{d.target.name}`"
                yield Call(S3, ACTIONS[d.kind], d.target.address.arn, why, source)
                if d.kind != "function":
                    yield from (Call(S3, action, KEY.arn, f"{why}, encrypted", source) for action in KEY_ACTIONS)

    def resource_policies(self, objs: tuple[BucketNotifications, ...]) -> Iterator[tuple[str, tuple[Statement, ...]]]:
        for obj in objs:
            for d in obj.deliveries:
                if d.permission:  # the aws_lambda_permission
                    function = d.target.address.arn
                    yield function, (invoke_permission(obj.permission_id, function, S3,
                                                       source_conditions(S3, obj.bucket.address.arn)),)

    def arrows(self, objs: tuple[BucketNotifications, ...]) -> Iterator[Arrow]:
        yield from (Arrow(("bucket", obj.bucket), (each.kind, each.target), " ".join(each.spec.events))
                    for obj in objs for each in obj.deliveries)
