from __future__ import annotations

from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding, Severity
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule
from alpaco_gen.rules.messaging._common import mappings


class QueueVisibilityBelowAdvice(Rule):
    id = "AG121"
    name = "queue-visibility-below-advice"
    kinds = ("event_source",)
    severity = Severity.WARNING
    summary = "A queue event source whose visibility timeout is under six times the function's timeout."
    explanation = """\
## What it checks
For every `events: [{queue: ...}]` of a function whose queue's `visibility_timeout` is at least the
function's `timeout` (below it is AG120), that it is also at least six times the timeout.

## Why
The Lambda developer guide advises "set the source queue's visibility timeout to at least six times the
timeout that you configure on your function": with retries on throttling and a batching window, a message
can otherwise become visible again while a batch that holds it is still being processed, and be processed
twice.

## Example
```yaml
queues:
  jobs: {visibility_timeout: 60}
functions:
  worker: {source: backend/lambdas/worker, runtime: python3.12, handler: app.handler, timeout: 60,
           events: [{queue: jobs}]}
```

## Fix
Set `visibility_timeout` to six times the function's `timeout` (here 360).
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for fn, mapping in mappings(service):
            queue, advised = mapping.source, 6 * fn.spec.timeout
            if mapping.kind == "queue" and fn.spec.timeout <= queue.spec.visibility_timeout < advised:
                yield self.finding(
                    (*queue.path, "visibility_timeout"),
                    f"queue `{queue.name}` hides a received message for {queue.spec.visibility_timeout} s, under "
                    f"6 times the {fn.spec.timeout} s timeout of function `{fn.name}`",
                    f"Set `visibility_timeout: {advised}`")
