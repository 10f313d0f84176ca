from __future__ import annotations

from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding, Severity
from alpaco_gen.kinds import KINDS
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

# What invokes a function asynchronously (InvocationType Event): Lambda queues the event, retries it twice,
# then drops it unless the function has an on-failure destination. Queue and stream sources are polled, not here.
ASYNC_INVOKERS = {"topic": "topic", "bucket": "bucket notification", "schedule": "schedule",
                  "event_rule": "event rule"}


class AsyncFailuresDropped(Rule):
    id = "AG130"
    name = "async-failures-dropped"
    kinds = ("notification", "topic", "schedule", "event_rule")
    severity = Severity.WARNING
    summary = "A function invoked asynchronously (S3, SNS, schedules, event rules) with no on-failure destination."
    explanation = """\
## What it checks
Every function that a bucket notification, a topic subscription, a schedule or an event rule invokes:
that it sets `async_invocation.on_failure` (a queue, topic or function).

## Why
These services invoke Lambda asynchronously. Lambda queues the event, retries a failing invocation twice
(`async_invocation.retries`) and then discards it: "If the function returns an error, Lambda attempts to
run it two more times ... then discards the event". Nothing fails at apply and nothing alerts; the upload,
message or scheduled run is silently lost. An on-failure destination keeps it, with the error, for
inspection and replay (it supersedes the older function dead-letter queue).

## Example
```yaml
buckets:
  uploads:
    notifications: [{target: {function: resize}}]
functions:
  resize: {source: backend/lambdas/resize, runtime: python3.12, handler: app.handler}
```

## Fix
Add `async_invocation: {on_failure: {queue: resize-failures}}` to the function (and declare the queue), or
`ignore: [async-failures-dropped]` on it when losing an event is acceptable.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        invokers: dict[str, list[str]] = {}
        for key, kind in KINDS.items():
            for arrow in kind.arrows(service.objects[key]):
                source_kind, source = arrow.source
                target_kind, target = arrow.target
                if target_kind == "function" and source_kind in ASYNC_INVOKERS:
                    invokers.setdefault(target.name, []).append(f"{ASYNC_INVOKERS[source_kind]} `{source.name}`")
        for fn in service.functions:
            settings = fn.spec.async_invocation
            if fn.name in invokers and (settings is None or settings.on_failure is None):
                callers = ", ".join(dict.fromkeys(invokers[fn.name]))
                yield self.finding(
                    fn.path, f"function `{fn.name}` is invoked asynchronously by {callers}; events that still "
                    "fail after the retries are discarded", "Set `async_invocation: {on_failure: {queue: <a "
                    "queue>}}` on the function to keep them", key=True)
