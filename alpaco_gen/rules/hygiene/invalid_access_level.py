from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.kinds import KINDS
from alpaco_gen.kinds.function import Function
from alpaco_gen.kinds.task import Task
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class InvalidAccessLevel(Rule):
    id = "AG801"
    name = "invalid-access-level"
    summary = "A `uses:` access level that does not exist for its kind of target (e.g. `start` on a table)."
    explanation = """\
## What it checks
The `access` of every `uses:` entry of functions and tasks against its target: tables and buckets take
`read`, `write` or `read_write`; APIs `manage_connections`; state machines `start`; functions `invoke`.

## Why
The generated role grants exactly what `uses:` says, and there are no actions for the mismatched pairs, so
the entry grants nothing at all. The code then fails at run time with "AccessDeniedException: ... is not
authorized to perform: dynamodb:GetItem", far from the line that caused it.

## Example
```yaml
functions:
  api:
    source: backend/lambdas/api
    runtime: python3.12
    handler: app.handler
    uses: [{table: orders, access: start}]
```

## Fix
Use an access level of the target's kind, here `access: read_write`.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        workloads: tuple[Function | Task, ...] = (*service.functions, *service.tasks)
        for obj in workloads:
            for i, use in enumerate(obj.spec.uses):
                allowed = KINDS[use.kind].access
                if use.access not in allowed:
                    kind = use.kind.replace("_", " ")
                    yield self.finding(
                        (*obj.path, "uses", i, "access"),
                        f"`access: {use.access}` does not apply to {kind} `{use.target}`; the generated role "
                        "grants nothing for it",
                        f"Use {' or '.join(f'`{a}`' for a in allowed)} for a {kind}")
