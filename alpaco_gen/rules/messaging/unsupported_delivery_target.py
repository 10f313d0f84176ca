from __future__ import annotations

from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding, SpecPath
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

# What each AWS service can deliver to, among the kinds a `Target` may name.
ALLOWED = {
    "subscription": ("queue", "function"),  # SNS protocols sqs and lambda
    "notification": ("function", "queue", "topic"),  # S3 NotificationConfiguration
    "stream failure": ("queue", "topic"),  # Lambda OnFailure of a stream source
    "destination": ("queue", "topic", "function", "bus"),  # Lambda asynchronous invocation destinations
}


def _targets(service: Service) -> Iterator[tuple[str, str, SpecPath]]:
    """(what delivers, target kind, path of the target) of every target in the spec."""
    spec = service.spec
    for name, topic in spec.topics.items():
        for i, sub in enumerate(topic.subscriptions):
            yield "subscription", sub.endpoint.kind, ("topics", name, "subscriptions", i, "endpoint")
    for name, bucket in spec.buckets.items():
        for i, note in enumerate(bucket.notifications):
            yield "notification", note.target.kind, ("buckets", name, "notifications", i, "target")
    for name, fn in spec.functions.items():
        for i, source in enumerate(fn.events):
            if source.on_failure is not None:
                yield "stream failure", source.on_failure.kind, ("functions", name, "events", i, "on_failure")
        for outcome in ("on_success", "on_failure"):
            target = getattr(fn.async_invocation, outcome, None)
            if target is not None:
                yield "destination", target.kind, ("functions", name, "async_invocation", outcome)


class UnsupportedDeliveryTarget(Rule):
    id = "AG122"
    name = "unsupported-delivery-target"
    kinds = ("topic", "notification", "event_source")
    summary = "A subscription, notification or destination naming a kind that AWS service cannot deliver to."
    explanation = """\
## What it checks
That each target names a kind its AWS service delivers to: topic subscriptions a queue or function; bucket
notifications a function, queue or topic; a stream source's `on_failure` a queue or topic; asynchronous
invocation destinations a queue, topic, function or event bus.

## Why
AWS refuses the others at apply: S3 with "InvalidArgument: Unable to validate the following destination
configurations", Lambda with "InvalidParameterValueException: The destination ARN ... is invalid", SNS with
"InvalidParameter: Invalid parameter: Endpoint". A state machine, for instance, is started by an EventBridge
rule or a schedule, not by a notification.

## Example
```yaml
buckets:
  uploads:
    notifications: [{target: {state_machine: ingest}}]
```

## Fix
Deliver to a queue or function that starts the state machine, or use an EventBridge rule on the bucket's
events.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for what, kind, path in _targets(service):
            allowed = ALLOWED[what]
            if kind not in allowed:
                yield self.finding(
                    (*path, kind), f"a {what} cannot deliver to a {kind.replace('_', ' ')}",
                    f"Use one of: {', '.join(allowed)}")
