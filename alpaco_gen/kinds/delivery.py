"""AWS services delivering to the service's queues and topics: the statement in the queue's or topic's policy
and the statement in the service key's policy, always together.

A service principal (S3, SNS, EventBridge, Scheduler) cannot be granted by an identity policy. Without the
queue or topic policy statement, S3 refuses the notification configuration or SNS drops the message; without
the key statement, the queue or topic, which the service key encrypts, refuses the message and the delivery
fails silently. `allow_service` adds both, so that the one cannot be forgotten without the other.
"""

from __future__ import annotations

from typing import Any

from alpaco_gen.kinds.iam import Call, Condition, Principal, Statement, sid
from alpaco_gen.kinds.key import SERVICE_KEY
from alpaco_gen.resolve.context import Context

# What a service needs of the key to write to an encrypted queue or topic: a data key to encrypt with, and
# Decrypt to reuse a cached one (Amazon SQS and SNS developer guides, "key management").
KEY_ACTIONS = ("kms:Decrypt", "kms:GenerateDataKey")


def source_conditions(service_principal: str, source_arn: str) -> tuple[Condition, ...]:
    """The confused-deputy guard of a delivery: the source's ARN, and for S3, whose bucket ARNs name no
    account, the account too."""
    conditions = [Condition("ArnEquals", "aws:SourceArn", (source_arn,))]
    if "s3." in service_principal:
        conditions.append(Condition("StringEquals", "aws:SourceAccount", ("local.account_id",)))
    return tuple(conditions)


def allow_service(ctx: Context, kind: str, name: str, service_principal: str, source_arn: str,
                  source: str) -> None:
    """Let `service_principal` (`'"s3.amazonaws.com"'`) deliver to queue or topic `name` on behalf of
    `source_arn` (an HCL expression); `source` names the source in statement ids (`"bucket uploads"`).

    `kind` is `queue` or `topic` (a kind with `delivery_actions` and `delivery_arn`). Adds the statement to
    the receiver's policy and to the service key's policy (`Context.allow_on`); AG101 is the caller's.
    """
    receiver: Any = ctx.kinds[kind]
    principals = (Principal("Service", (service_principal,)),)
    conditions = source_conditions(service_principal, source_arn)
    target = receiver.delivery_arn(ctx, name)
    ctx.allow_on(kind, name, Statement(sid(source, "delivers"), receiver.delivery_actions, (target,), conditions,
                                       principals))
    ctx.allow_on(*SERVICE_KEY, Statement(sid(source, "to", kind, name), KEY_ACTIONS, ('"*"',), conditions,
                                         principals))


def delivery_calls(principal: str, kind: str, obj: Any, why: str,
                   context: tuple[tuple[str, str], ...] = ()) -> list[Call]:
    """The calls `principal` (a role's address or a service principal) makes delivering to resource `obj` of
    `kind`: what `uses:` with the kind's `delivery_access` would call, with the delivery's `context` added."""
    from alpaco_gen.kinds import KINDS

    receiver = KINDS[kind]
    return [Call(principal, action, resource, why, (*extra, *context))
            for action, resource, extra in receiver.use_calls(obj, receiver.delivery_access)]
