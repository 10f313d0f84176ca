from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding, Severity
from alpaco_gen.kinds.api import Api, Route
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


def answers_through_connection(api: Api, route: Route) -> bool:
    """A WebSocket function that may post to the API's connections answers there, not through the route."""
    assert route.function is not None
    return api.is_websocket and any(
        u.api == api.name and u.access == "manage_connections" for u in route.function.spec.uses)


class FunctionOutlivesIntegration(Rule):
    id = "AG608"
    name = "function-outlives-integration"
    kinds = ("api",)
    severity = Severity.WARNING
    summary = "A route's function may run longer than the route's integration timeout."
    explanation = """\
## What it checks
For every route that invokes a function: the function's `timeout` (seconds) against the route's integration
timeout (`timeout_ms`, by default 30 s for HTTP and 29 s for WebSocket APIs). WebSocket routes whose
function may post to the API's connections (`uses: [{api: <this api>, access: manage_connections}]`) are
left alone: they answer through the connection, not through the route.

## Why
API Gateway stops waiting at the integration timeout and answers 503 "Service Unavailable" (HTTP APIs) or
504 (WebSocket), while the function keeps running, and is billed, until its own timeout. Clients retry work
that may still succeed, so slow requests run twice.

## Example
```yaml
functions:
  reports: {source: backend/lambdas/reports, runtime: python3.12, handler: app.handler, timeout: 120}
apis:
  public:
    protocol: http
    routes:
      "POST /reports": {function: reports}
```

## Fix
Lower the function's `timeout` to the integration timeout, or run long work asynchronously: a state machine
route, or a function that queues the work and returns at once.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for api in service.apis:
            for route in api.routes:
                fn = route.function
                if fn is None or fn.spec.timeout * 1000 <= route.timeout_ms:
                    continue
                if answers_through_connection(api, route):
                    continue
                yield self.finding(
                    (*route.path, "function"),
                    f"function `{fn.name}` may run {fn.spec.timeout} s, but route `{route.key}` of API "
                    f"`{api.name}` gives up after {route.timeout_ms / 1000:g} s and answers "
                    f"{504 if api.is_websocket else 503} while the function keeps running",
                    f"Lower `functions.{fn.name}.timeout` to {route.timeout_ms // 1000} or less, or run the "
                    "work asynchronously (a state machine route)")
