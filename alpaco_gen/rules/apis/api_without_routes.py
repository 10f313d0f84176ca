from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding, Severity
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class ApiWithoutRoutes(Rule):
    id = "AG611"
    name = "api-without-routes"
    kinds = ("api",)
    summary = "An API with no routes (an error for WebSocket APIs, a warning for HTTP APIs)."
    explanation = """\
## What it checks
APIs whose `routes` mapping is empty or missing.

## Why
A WebSocket stage is deployed by an explicit deployment, and API Gateway refuses to deploy an API without
routes: "BadRequestException: At least one route is required before deploying the Api", at apply time. An
HTTP API deploys, but answers every request with 404 "Not Found" (reported as a warning): it is created and
logged, and serves nothing.

## Example
```yaml
apis:
  stream: {protocol: websocket, route_selection: $request.body.action}
```

## Fix
Add the routes, e.g. `routes: {$connect: {function: stream}}`, or remove the API.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for api in service.apis:
            if api.routes:
                continue
            if api.is_websocket:
                yield self.finding(api.path, f"WebSocket API `{api.name}` has no routes; API Gateway refuses "
                                   "to deploy its stage", "Add `routes:` or remove the API", key=True)
            else:
                yield self.finding(api.path, f"HTTP API `{api.name}` has no routes; it answers every request "
                                   "with 404", "Add `routes:` or remove the API", key=True,
                                   severity=Severity.WARNING)
