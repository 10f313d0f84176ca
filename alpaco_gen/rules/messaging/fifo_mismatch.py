from __future__ import annotations

from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


def _kind(fifo: bool) -> str:
    return "FIFO" if fifo else "standard"


class FifoMismatch(Rule):
    id = "AG123"
    name = "fifo-mismatch"
    kinds = ("queue", "topic")
    summary = "FIFO and standard queues and topics mixed where AWS requires one kind."
    explanation = """\
## What it checks
- A queue and its `dead_letter_queue` are both FIFO or both standard.
- A FIFO topic delivers only to queues (not functions); a standard topic does not deliver to FIFO queues.
- A bucket notification does not target a FIFO queue or topic.
- `content_based_deduplication` is set only on FIFO queues and topics.

## Why
AWS refuses each at apply: "InvalidParameterValue: Value {...deadLetterTargetArn...} for parameter
RedrivePolicy is invalid. Reason: Dead-letter queue must be same type of queue as the source.";
"InvalidParameter: Invalid parameter: Invalid protocol type: lambda" for a FIFO topic; "Invalid parameter:
Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics"; S3: "The destination queue
is a FIFO queue, which is not supported"; SQS: "Unknown Attribute ContentBasedDeduplication".

## Example
```yaml
queues:
  orders: {fifo: true, dead_letter_queue: {queue: orders-dlq}}
  orders-dlq: {}
```

## Fix
Make both FIFO (or both standard): here `orders-dlq: {fifo: true}`.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for queue in service.queues:
            dlq = queue.dead_letter
            if dlq is not None and dlq.spec.fifo != queue.spec.fifo:
                yield self.finding(
                    (*queue.path, "dead_letter_queue", "queue"),
                    f"{_kind(queue.spec.fifo)} queue `{queue.name}` has {_kind(dlq.spec.fifo)} queue `{dlq.name}` "
                    "as its dead-letter queue; they must be of the same type",
                    f"Set `fifo: {str(queue.spec.fifo).lower()}` on queue `{dlq.name}`")
        for owner in (*service.queues, *service.topics):
            if owner.spec.content_based_deduplication and not owner.spec.fifo:
                yield self.finding((*owner.path, "content_based_deduplication"),
                                   f"`content_based_deduplication` applies to FIFO only; `{owner.name}` is standard",
                                   "Remove it, or set `fifo: true`")
        for topic in service.topics:
            for sub in topic.subscriptions:
                path = (*sub.path, "endpoint", sub.kind)
                if topic.spec.fifo and sub.kind == "function":
                    yield self.finding(path, f"FIFO topic `{topic.name}` cannot deliver to function "
                                       f"`{sub.endpoint.name}`", "Subscribe a FIFO queue that the function consumes")
                elif sub.kind == "queue" and sub.endpoint.spec.fifo and not topic.spec.fifo:
                    yield self.finding(path, f"standard topic `{topic.name}` cannot deliver to FIFO queue "
                                       f"`{sub.endpoint.name}`", f"Set `fifo: true` on topic `{topic.name}`")
        for notes in service.objects["notification"]:
            for d in notes.deliveries:
                if d.kind != "function" and d.target.spec.fifo:
                    yield self.finding((*d.path, "target", d.kind),
                                       f"S3 cannot notify FIFO {d.kind} `{d.target.name}`",
                                       f"Target a standard {d.kind}")
