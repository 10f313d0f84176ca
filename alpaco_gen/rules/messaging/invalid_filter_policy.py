from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any

from alpaco_gen.data import aws
from alpaco_gen.diagnostics import Finding, SpecPath
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule
from alpaco_gen.rules.events._patterns import MATCHERS

OPERATORS = frozenset(MATCHERS)  # SNS filter policies and Lambda filters take EventBridge's matchers
MAX_KEYS, MAX_COMBINATIONS, MAX_POLICY_BYTES = 5, 150, 256 * 1024  # SNS quotas of filter policies


def _problems(node: Any, nested: bool, where: str = "") -> Iterator[str]:
    """What is wrong in a filter (policy or pattern): keys hold lists of values or, nested, more keys."""
    for key, value in node.items():
        here = f"{where}.{key}" if where else key
        if isinstance(value, dict):
            if not nested:
                yield f"`{here}` nests keys, which only a filter of the message body may"
            else:
                yield from _problems(value, nested, here)
        elif not isinstance(value, list) or not value:
            yield f"`{here}` must be a non-empty list of values"
        else:
            for item in value:
                if isinstance(item, dict) and (len(item) != 1 or next(iter(item)) not in OPERATORS):
                    yield f"`{here}` has `{json.dumps(item)}`; an object value is one operator: " + \
                        ", ".join(sorted(OPERATORS))


def _leaves(node: dict[str, Any]) -> list[list[Any]]:
    return [v for value in node.values() for v in (_leaves(value) if isinstance(value, dict) else [value])]


class InvalidFilterPolicy(Rule):
    id = "AG128"
    name = "invalid-filter-policy"
    kinds = ("topic", "event_source")
    summary = "An SNS filter policy or Lambda event filter AWS refuses: its syntax, keys, combinations or size."
    explanation = """\
## What it checks
Subscription `filter_policy`s: every key holds a non-empty list of values, each a string, number or one
operator (`prefix`, `suffix`, `anything-but`, `numeric`, `exists`, `equals-ignore-case`, `cidr`,
`wildcard`); nested keys only with `filter_scope: body`; at most 5 keys, at most 150 combinations of values
(the product of the lists' lengths) and 256 KB. Event source `filters`: the same syntax (nesting allowed),
each at most 4096 characters (botocore's limit of a Lambda filter pattern).

## Why
SNS refuses the subscription at apply ("InvalidParameter: Invalid parameter: FilterPolicy: Filter policy is
too complex", "... Filter policy scope MessageAttributes does not support nested filter policy"), and Lambda
the mapping ("InvalidParameterValueException: Invalid filter pattern definition").

## Example
```yaml
topics:
  uploads:
    subscriptions:
      - {endpoint: {queue: images}, filter_policy: {content_type: image/png}}
```

## Fix
Put values in a list: `filter_policy: {content_type: [image/png]}`.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for topic in service.topics:
            for sub in topic.subscriptions:
                policy = sub.spec.filter_policy
                if policy is not None:
                    yield from self._policy(policy, sub.spec.filter_scope == "body", (*sub.path, "filter_policy"))
        limit = aws()["event_sources"]["filter_pattern_max"]
        for name, fn in service.spec.functions.items():
            for i, source in enumerate(fn.events):
                for j, pattern in enumerate(source.filters):
                    path: SpecPath = ("functions", name, "events", i, "filters", j)
                    for problem in _problems(pattern, nested=True):
                        yield self.finding(path, f"event filter: {problem}", "Write values as lists: `{key: [value]}`")
                    size = len(json.dumps(pattern, separators=(",", ":")))
                    if size > limit:
                        yield self.finding(path, f"event filter is {size} characters; Lambda accepts {limit}",
                                           "Match fewer values, or filter in the function")

    def _policy(self, policy: dict[str, Any], nested: bool, path: SpecPath) -> Iterator[Finding]:
        for problem in _problems(policy, nested):
            yield self.finding(path, f"filter policy: {problem}", "Write values as lists: `{key: [value]}`")
        leaves = _leaves(policy)
        combinations = math.prod(len(v) for v in leaves if isinstance(v, list))
        size = len(json.dumps(policy, separators=(",", ":")).encode())
        if len(leaves) > MAX_KEYS or combinations > MAX_COMBINATIONS or size > MAX_POLICY_BYTES:
            yield self.finding(path, f"filter policy has {len(leaves)} keys, {combinations} combinations and {size} "
                               f"bytes; SNS accepts {MAX_KEYS} keys, {MAX_COMBINATIONS} combinations, 256 KB",
                               "Filter on fewer keys or values, or filter in the consumer")
