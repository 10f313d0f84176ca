from __future__ import annotations

from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


def _events_overlap(a: str, b: str) -> bool:
    """`s3:ObjectCreated:*` covers `s3:ObjectCreated:Put`."""
    return a == b or (a.endswith(":*") and b.startswith(a[:-1])) or (b.endswith(":*") and a.startswith(b[:-1]))


def _filters_overlap(a: str | None, b: str | None, prefix: bool) -> bool:
    """Two prefix (or suffix) filters overlap when one extends the other; no filter matches every key."""
    if not a or not b:
        return True
    return a.startswith(b) or b.startswith(a) if prefix else a.endswith(b) or b.endswith(a)


class OverlappingNotifications(Rule):
    id = "AG127"
    name = "overlapping-notifications"
    kinds = ("notification",)
    summary = "Two notifications of a bucket whose event types and key filters overlap."
    explanation = """\
## What it checks
That no two `notifications:` of one bucket share an event type (`s3:ObjectCreated:*` covers
`s3:ObjectCreated:Put`) while their prefixes and their suffixes overlap (one extends the other, or one is
unset).

## Why
S3 refuses the whole notification configuration at apply: "InvalidArgument: Configurations overlap.
Configurations on the same bucket cannot share a common event type." The same object event cannot go to two
destinations; a topic with several subscribers can.

## Example
```yaml
buckets:
  uploads:
    notifications:
      - {target: {function: thumbnail}, prefix: images/}
      - {target: {queue: audit}}
```

## Fix
Make the filters disjoint (`prefix: images/` and `prefix: documents/`), or notify one topic and subscribe
both destinations to it.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for name, bucket in service.spec.buckets.items():
            notes = bucket.notifications
            for j, later in enumerate(notes):
                for i, earlier in enumerate(notes[:j]):
                    shared = sorted(e for e in later.events for f in earlier.events if _events_overlap(e, f))
                    if (shared and _filters_overlap(earlier.prefix, later.prefix, True)
                            and _filters_overlap(earlier.suffix, later.suffix, False)):
                        yield self.finding(
                            ("buckets", name, "notifications", j),
                            f"notification {j} of bucket `{name}` overlaps notification {i} for {shared[0]}",
                            "Give them disjoint `prefix`es or `suffix`es, or notify one topic with two subscribers")
                        break
