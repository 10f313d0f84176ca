from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from alpaco_gen.diagnostics import Finding, SpecPath
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule
from alpaco_gen.rules.messaging._common import limits

# -1 means "no limit" for these; otherwise their range starts higher than botocore's minimum says.
UNLIMITED = {"max_record_age": 60}


def _values(fn_name: str, fn: Any) -> Iterator[tuple[str, int | None, SpecPath, str]]:
    """(limit name in aws.json, value, path, what) of every ranged value of a function's event wiring."""
    path = ("functions", fn_name)
    for i, source in enumerate(fn.events):
        where = (*path, "events", i)
        yield "batching_window", source.batching_window, (*where, "batching_window"), "batching window"
        yield "maximum_concurrency", source.maximum_concurrency, (*where, "maximum_concurrency"), "concurrency"
        if source.table is not None:
            yield "retries", source.retries, (*where, "retries"), "retries"
            yield "max_record_age", source.max_record_age, (*where, "max_record_age"), "record age"
    if fn.async_invocation:
        invoke: SpecPath = (*path, "async_invocation")
        yield "async_retries", fn.async_invocation.retries, (*invoke, "retries"), "retries"
        yield "max_event_age", fn.async_invocation.max_event_age, (*invoke, "max_event_age"), "event age"


def _batch_limit(source: Any) -> int:
    """A queue source takes more than 10 records only with a batching window (Lambda developer guide)."""
    high = limits("event_sources", "batch_size")[1]
    if source.queue is not None and source.batching_window == 0:
        return 10
    return high


class EventSourceValueRange(Rule):
    id = "AG126"
    name = "event-source-value-range"
    kinds = ("event_source",)
    summary = "An event source or asynchronous invocation setting outside the range Lambda accepts."
    explanation = """\
## What it checks
For `events:` of functions: `batch_size` (1-10000; a queue without `batching_window` at most 10),
`batching_window` (0-300 s), `maximum_concurrency` (2-1000), and for streams `retries` (-1-10000) and
`max_record_age` (-1, or 60-604800 s). For `async_invocation:`: `retries` (0-2) and `max_event_age`
(60-21600 s). The ranges come from the Lambda service model in botocore (alpaco_gen/data/aws.json).

## Why
Lambda refuses them at apply: "InvalidParameterValueException: Maximum batch size must be within 1-10 when
MaximumBatchingWindowInSeconds is 0", or "ValidationException: 1 validation error detected: Value '5' at
'maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 2".

## Example
```yaml
functions:
  worker:
    source: backend/lambdas/worker
    runtime: python3.12
    handler: app.handler
    events: [{queue: jobs, batch_size: 100}]
```

## Fix
Keep each value in its range; for a queue batch over 10 records, add a `batching_window` of at least 1 s.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for name, fn in service.spec.functions.items():
            for i, source in enumerate(fn.events):
                high = _batch_limit(source)
                if not 1 <= source.batch_size <= high:
                    hint = " without a `batching_window`" if high == 10 else ""
                    yield self.finding(("functions", name, "events", i, "batch_size"),
                                       f"`batch_size` of function `{name}`'s source is {source.batch_size}; Lambda "
                                       f"accepts 1-{high}{hint}",
                                       f"Set `batch_size` between 1 and {high}" + (
                                           ", or set `batching_window`" if hint else ""))
            for limit, value, path, what in _values(name, fn):
                low, high = limits("event_sources", limit)
                low = UNLIMITED.get(limit, low)
                if value is None or low <= value <= high or (value == -1 and limit in ("retries", "max_record_age")):
                    continue
                yield self.finding(path, f"{what} of function `{name}` is {value}; Lambda accepts {low}-{high}"
                                   + (" or -1" if limit in UNLIMITED else ""), f"Set `{path[-1]}` between {low} and "
                                   f"{high}")
