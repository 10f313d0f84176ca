from __future__ import annotations

import re
from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

# Intrinsic functions that serialise or build whole objects and arrays.
WHOLE_OBJECT_FUNCTIONS = ("States.JsonToString", "States.JsonMerge", "States.Array", "States.ArrayPartition")
# Field names that, by convention, hold a request body or a collection rather than an id or a key.
BODY_FIELDS = {"body", "payload", "input", "code", "content", "data", "records", "items", "detail"}
_WHOLE_INPUT = re.compile(r"^\$\$?(\.Execution\.Input)?$")
_LAST_FIELD = re.compile(r"""(?:\.|\[['"])([^.\['"]+)['"]?\]?$""")


def unbounded(value: str) -> str | None:
    """Why a container override value can grow without limit, or None for an id-sized value."""
    text = value.strip()
    if not text.startswith(("$", "States.")):
        return None  # literal text: its size is known now
    if _WHOLE_INPUT.match(text):
        return f"`{text}` is the whole input"
    if text.startswith(WHOLE_OBJECT_FUNCTIONS):
        return f"`{text.partition('(')[0]}` serialises a whole object or array"
    if "[*]" in text or ".." in text or "[?(" in text:
        return f"`{text}` selects every element of a collection"
    last = _LAST_FIELD.search(text)
    if last and last.group(1).lower() in BODY_FIELDS:
        return f"`{text}` names a whole `{last.group(1)}`"
    return None


class UnboundedContainerOverride(Rule):
    id = "AG720"
    name = "unbounded-container-override"
    kinds = ("state_machine",)
    summary = "A `task:` state that passes a whole input or body to the container as an environment override."
    explanation = """\
## What it checks
Every state with `task:` (it runs the ECS task and waits, `.sync`): the container environment overrides it
passes. Without `environment:` the generator passes the whole state input as `STATE_INPUT`
(`States.JsonToString($)`); with it, each value is checked: the whole input (`$`, `$$.Execution.Input`), an
intrinsic that serialises objects (`States.JsonToString`, `States.JsonMerge`, `States.Array`), a path that
selects a collection (`[*]`, `..`, filters) or a field named like a body (`body`, `payload`, `input`, `code`,
`content`, `data`, `records`, `items`, `detail`).

## Why
ECS allows 8,192 characters for all container overrides of a RunTask call together. A workflow whose
input carries a submission, a document or a list of records works in a demo and fails on real data:
`InvalidParameterException: Container Overrides length must be at most 8192`. The input of a state has no
such bound (up to 256 KiB), so the size is not under the workflow's control.

## Example
```yaml
states:
  run_submission: {task: runner, next: grade}       # the whole input as STATE_INPUT
  run_other: {task: runner, environment: {SUBMISSION: $.body}, next: grade}
```

## Fix
Pass the data by reference: store it (S3 object, DynamoDB item) before the workflow starts, and pass only
ids and keys, e.g. `environment: {SUBMISSION_ID: $.submission_id, SUBMISSION_KEY: $.submission_key}`;
the task reads the object itself.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for sm in service.state_machines:
            for name, state, path in sm.walk():
                if state.kind != "task" or not state.task:
                    continue
                if state.environment is None:
                    yield self.finding(
                        (*path, "task"),
                        f"state `{name}` passes its whole input to task `{state.task}` as STATE_INPUT; ECS "
                        "rejects more than 8,192 characters of overrides",
                        "Set `environment:` on the state with ids and S3 keys, e.g. "
                        "`{SUBMISSION_ID: $.submission_id}`, and let the task read the data itself")
                    continue
                for variable, value in state.environment.items():
                    reason = unbounded(value)
                    if reason:
                        yield self.finding(
                            (*path, "environment", variable),
                            f"state `{name}` passes `{variable}` to task `{state.task}` by value: {reason}; ECS "
                            "rejects more than 8,192 characters of overrides",
                            "Store the data (S3, DynamoDB) and pass its key or id instead")
