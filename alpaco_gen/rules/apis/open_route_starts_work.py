from collections.abc import Iterator
from typing import Any

from alpaco_gen.diagnostics import Finding, Severity
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

WORK = ("state_machine", "task")  # what a request can start that outlives it and is billed per run


class OpenRouteStartsWork(Rule):
    id = "AG640"
    name = "open-route-starts-work"
    kinds = ("api",)
    severity = Severity.WARNING
    summary = "An unauthenticated route starts a state machine or a task, directly or through what it invokes."
    explanation = """\
## What it checks
Every route anyone may call without credentials (`authorization: none`; on a WebSocket API, a `$connect`
without authorization admits every later message): whether it starts a state machine execution or an ECS
task, either as its integration or through the `uses:` of the function it invokes (following functions
that invoke functions).

## Why
Nothing fails: the API deploys and works. But every anonymous request then starts work that outlives it
and is billed per run (Step Functions transitions, Fargate minutes), with no identity to throttle or ban.
One script can start executions as fast as API Gateway accepts requests (10,000 per second by default
per account and region) and run up the bill or exhaust concurrency quotas ("ThrottlingException: Rate
exceeded" for everyone else). When the work runs code the caller supplies, the caller also chooses what
it runs.

## Example
```yaml
functions:
  submit:
    source: backend/lambdas/submit
    runtime: python3.12
    handler: app.handler
    uses: [{state_machine: grade, access: start}]
apis:
  public:
    protocol: http
    routes:
      "POST /jobs": {function: submit}
```

## Fix
Require callers to authenticate: `authorization: iam` on the route (or a JWT or Lambda authorizer where
the spec offers one), and throttle the route. If anonymous starts are intended, say so with
`ignore: [open-route-starts-work]` on the API, next to a comment on what limits them.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        functions = {fn.name: fn for fn in service.functions}
        for api in service.apis:
            connect = next((r for r in api.routes if r.key == "$connect"), None)
            for route in api.routes:
                gate = connect if api.is_websocket and connect is not None else route
                if gate.spec.authorization != "none":
                    continue
                if route.state_machine is not None:
                    started = f"starts state machine `{route.state_machine.name}`"
                else:
                    started = _starts(route.function.name, functions) if route.function is not None else ""
                if started:
                    yield self.finding(
                        route.path, f"anyone can call route `{route.key}` of API `{api.name}` without "
                        f"credentials, and it {started}: every anonymous request can start billed work",
                        "Set `authorization: iam` on the route (on `$connect` for a WebSocket API) and throttle "
                        "it, or `ignore: [open-route-starts-work]` on the API with the reason", key=True)


def _starts(first: str, functions: dict[str, Any]) -> str:
    """What starting work the function `first` leads to through `uses:`, as words; "" for none."""
    seen, queue, via = {first}, [first], {first: ""}
    while queue:
        name = queue.pop(0)
        for use in functions[name].spec.uses:
            route = f"through function `{name}`" + (f" (invoked via {via[name]})" if via[name] else "")
            if use.kind in WORK:
                return f"can start {use.kind.replace('_', ' ')} `{use.target}` {route}"
            if use.kind == "function" and use.target in functions and use.target not in seen:
                seen.add(use.target)
                via[use.target] = f"`{first}`" if name == first else via[name]
                queue.append(use.target)
    return ""
