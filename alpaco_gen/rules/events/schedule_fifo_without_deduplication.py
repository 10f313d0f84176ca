from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class ScheduleFifoWithoutDeduplication(Rule):
    id = "AG147"
    name = "schedule-fifo-without-deduplication"
    kinds = ("schedule",)
    summary = "A schedule that sends to a FIFO queue without content-based deduplication."
    explanation = """\
## What it checks
Every schedule whose `target` is a FIFO queue: that the queue sets `content_based_deduplication: true`.

## Why
EventBridge Scheduler sends to a queue with a message group (the generator sets the schedule's name) but
never with a deduplication id, and a FIFO queue refuses a message that has neither a deduplication id nor
content-based deduplication. The Scheduler API reference: "If you specify an Amazon SQS FIFO queue as a
target, the queue must have content-based deduplication enabled." The schedule deploys; every invocation
fails and goes to the schedule's dead-letter queue, or is dropped without one.

## Example
```yaml
queues:
  jobs: {fifo: true}
schedules:
  tick: {expression: rate(5 minutes), target: {queue: jobs}}
```

## Fix
Set `content_based_deduplication: true` on the queue, or send to a standard queue.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for schedule in service.schedules:
            target = schedule.target
            if target.kind != "queue" or target.obj is None:
                continue
            queue = target.obj.spec
            if queue.fifo and not queue.content_based_deduplication:
                yield self.finding(
                    (*schedule.path, "target", "queue"),
                    f"schedule `{schedule.name}` sends to FIFO queue `{target.name}`, which has no content-based "
                    "deduplication; Scheduler sends no deduplication id, so every message is refused",
                    f"Set `content_based_deduplication: true` on queue `{target.name}`")
