from __future__ import annotations

from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule
from alpaco_gen.rules.messaging._common import limits

FIELDS = ("visibility_timeout", "retention", "delay", "max_message_size", "receive_wait")


class QueueValueRange(Rule):
    id = "AG125"
    name = "queue-value-range"
    kinds = ("queue",)
    summary = "A queue setting outside the range SQS accepts."
    explanation = """\
## What it checks
That `visibility_timeout` (0-43200 s), `retention` (60-1209600 s), `delay` (0-900 s), `max_message_size`
(1024-1048576 bytes), `receive_wait` (0-20 s) and `dead_letter_queue.max_receive_count` (1-1000) of every
queue lie in the ranges of the SQS developer guide (alpaco_gen/data/aws.json).

## Why
SQS refuses the queue at apply: "InvalidAttributeValue: Invalid value for the parameter
MessageRetentionPeriod", and the redrive policy with "Value ... for parameter RedrivePolicy is invalid.
Reason: Invalid value for maxReceiveCount: 0, valid values are from 1 to 1000 both inclusive."

## Example
```yaml
queues:
  jobs: {retention: 2592000}
```

## Fix
Keep each value in its range: here at most `retention: 1209600` (14 days).
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for queue in service.queues:
            values = [(field, getattr(queue.spec, field), (*queue.path, field)) for field in FIELDS]
            if queue.spec.dead_letter_queue:
                values.append(("max_receive_count", queue.spec.dead_letter_queue.max_receive_count,
                               (*queue.path, "dead_letter_queue", "max_receive_count")))
            for field, value, path in values:
                low, high = limits("sqs", field)
                if not low <= value <= high:
                    yield self.finding(path, f"`{field}` of queue `{queue.name}` is {value}; SQS accepts {low}-{high}",
                                       f"Set `{field}` between {low} and {high}")
