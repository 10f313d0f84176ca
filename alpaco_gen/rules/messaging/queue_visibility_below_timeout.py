from __future__ import annotations

from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule
from alpaco_gen.rules.messaging._common import mappings


class QueueVisibilityBelowTimeout(Rule):
    id = "AG120"
    name = "queue-visibility-below-timeout"
    kinds = ("event_source",)
    summary = "A queue event source whose visibility timeout is shorter than the function's timeout."
    explanation = """\
## What it checks
For every `events: [{queue: ...}]` of a function, that the queue's `visibility_timeout` is at least the
function's `timeout`.

## Why
Lambda refuses to create the event source mapping: "InvalidParameterValueException: Queue visibility
timeout: 30 seconds is less than Function timeout: 60 seconds". Were it allowed, a message would become
visible again while the function still works on it, and be processed twice.

## Example
```yaml
queues:
  jobs: {visibility_timeout: 30}
functions:
  worker: {source: backend/lambdas/worker, runtime: python3.12, handler: app.handler, timeout: 60,
           events: [{queue: jobs}]}
```

## Fix
Raise the queue's `visibility_timeout`; AWS advises six times the function's timeout (rule AG121).
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for fn, mapping in mappings(service):
            queue = mapping.source
            if mapping.kind == "queue" and queue.spec.visibility_timeout < fn.spec.timeout:
                yield self.finding(
                    (*queue.path, "visibility_timeout"),
                    f"queue `{queue.name}` hides a received message for {queue.spec.visibility_timeout} s, less "
                    f"than the {fn.spec.timeout} s timeout of function `{fn.name}` that consumes it",
                    f"Set `visibility_timeout: {6 * fn.spec.timeout}` (6 times the function's timeout)")
