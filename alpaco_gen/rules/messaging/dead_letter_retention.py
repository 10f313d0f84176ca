from __future__ import annotations

from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding, Severity
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class DeadLetterRetention(Rule):
    id = "AG124"
    name = "dead-letter-retention"
    kinds = ("queue",)
    severity = Severity.WARNING
    summary = "A dead-letter queue that keeps messages no longer than its source queue."
    explanation = """\
## What it checks
That the `retention` of every queue used as a `dead_letter_queue` is longer than the source queue's.

## Why
A message keeps its original enqueue timestamp when it moves to a standard dead-letter queue, so its age
there counts from when it was first sent. The Amazon SQS developer guide: "always set the retention period
of a dead-letter queue to be longer than the retention period of the original queue". Otherwise the
messages you most need to inspect expire in the dead-letter queue, silently.

## Example
```yaml
queues:
  jobs: {retention: 345600, dead_letter_queue: {queue: jobs-dlq}}
  jobs-dlq: {retention: 345600}
```

## Fix
Raise the dead-letter queue's `retention`, e.g. to the maximum `1209600` (14 days).
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for queue in service.queues:
            dlq = queue.dead_letter
            if dlq is not None and dlq.spec.retention <= queue.spec.retention:
                yield self.finding(
                    (*dlq.path, "retention"),
                    f"dead-letter queue `{dlq.name}` keeps messages {dlq.spec.retention} s, not longer than the "
                    f"{queue.spec.retention} s of its source `{queue.name}`: failed messages can expire unseen",
                    "Set `retention: 1209600` (14 days)")
