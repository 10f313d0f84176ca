from __future__ import annotations

from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule
from alpaco_gen.rules.messaging._common import mappings


class StreamSourceWithoutStream(Rule):
    id = "AG129"
    name = "stream-source-without-stream"
    kinds = ("event_source",)
    summary = "A function consumes the stream of a table that has no `stream:`."
    explanation = """\
## What it checks
For every `events: [{table: ...}]` of a function, that the table sets `stream:`.

## Why
Without a stream the table has no `stream_arn`: Terraform plans the mapping with an empty event source and
Lambda refuses it ("InvalidParameterValueException: Stream not found"). Which images the stream carries is a
choice for the table (`keys_only`, `new_image`, `old_image`, `new_and_old_images`), so it is not guessed.

## Example
```yaml
tables:
  orders: {hash_key: id, attributes: {id: S}}
functions:
  audit: {source: backend/lambdas/audit, runtime: python3.12, handler: app.handler,
          events: [{table: orders}]}
```

## Fix
Add `stream: new_and_old_images` (or the images the consumer needs) to the table.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        reported = set()
        for fn, mapping in mappings(service):
            table = mapping.source
            if mapping.kind == "table" and table.spec.stream is None and table.name not in reported:
                reported.add(table.name)
                yield self.finding(table.path, f"function `{fn.name}` consumes the stream of table `{table.name}`, "
                                   "which has no `stream:`", "Add `stream: new_and_old_images` to the table",
                                   key=True)
