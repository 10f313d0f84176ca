from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

# API Gateway v2 integration timeouts (botocore's TimeoutInMillis is 50-30000; WebSocket APIs stop at 29 s).
LIMITS_MS = {False: (50, 30000), True: (50, 29000)}


class IntegrationTimeoutRange(Rule):
    id = "AG607"
    name = "integration-timeout-range"
    kinds = ("api",)
    summary = "A route `timeout_ms` outside 50-30000 (HTTP) or 50-29000 (WebSocket)."
    explanation = """\
## What it checks
`timeout_ms` of every route: 50 to 30000 milliseconds on HTTP APIs, 50 to 29000 on WebSocket APIs.

## Why
These are hard limits of API Gateway. Terraform's provider refuses more than 30000 at plan ("expected
timeout_milliseconds to be in the range (50 - 30000)"), and API Gateway refuses more than 29000 for a
WebSocket integration with `BadRequestException` at apply.

## Example
```yaml
routes:
  "POST /reports": {function: reports, timeout_ms: 60000}
```

## Fix
Stay within the limit; for longer work, start it asynchronously (a state machine route, or a function that
queues the work) and let the client poll or receive the result over a WebSocket.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for api in service.apis:
            low, high = LIMITS_MS[api.is_websocket]
            for route in api.routes:
                value = route.spec.timeout_ms
                if value is not None and not low <= value <= high:
                    kind = "WebSocket" if api.is_websocket else "HTTP"
                    yield self.finding(
                        (*route.path, "timeout_ms"),
                        f"`timeout_ms: {value}` of route `{route.key}` is outside {low}-{high}, the "
                        f"integration timeout range of {kind} APIs",
                        f"Use {low}-{high} ms; run longer work asynchronously")
