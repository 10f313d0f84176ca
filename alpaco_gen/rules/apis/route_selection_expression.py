from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding, Severity
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

DEFAULT = "$request.body.action"


class RouteSelectionExpression(Rule):
    id = "AG604"
    name = "route-selection-expression"
    kinds = ("api",)
    severity = Severity.WARNING
    summary = "A WebSocket API without `route_selection`, or an HTTP API with one."
    explanation = """\
## What it checks
That every WebSocket API says how API Gateway picks the route of a message (`route_selection`), and that
HTTP APIs do not set it.

## Why
A WebSocket API needs a route selection expression; without one the generator writes
`$request.body.action`, so a client that sends `{"type": "generate"}` lands on `$default` (or gets
"Forbidden" when there is none) and custom routes never run. HTTP APIs always route on method and path;
API Gateway accepts only `${request.method} ${request.path}` there, so the generator ignores the value.

## Example
```yaml
apis:
  stream:
    protocol: websocket
    routes:
      generate: {function: generator}
```

## Fix
WebSocket: write the field your messages carry the route in, e.g. `route_selection: $request.body.action`.
HTTP: remove `route_selection`.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for api in service.apis:
            if api.is_websocket and api.spec.route_selection is None:
                yield self.finding(
                    api.path,
                    f"WebSocket API `{api.name}` has no `route_selection`; messages are routed on "
                    f"`{DEFAULT}`, the generator's default",
                    f"Add `route_selection: {DEFAULT}` (or the field your messages carry the route in)",
                    key=True)
            elif not api.is_websocket and api.spec.route_selection is not None:
                yield self.finding(
                    (*api.path, "route_selection"),
                    f"HTTP API `{api.name}` sets `route_selection`, which applies to WebSocket APIs only: "
                    "HTTP APIs route on method and path, and the value is ignored",
                    "Remove `route_selection`")
