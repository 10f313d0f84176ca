from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding, Severity
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class HttpApiLogging(Rule):
    id = "AG602"
    name = "http-api-logging"
    kinds = ("api",)
    severity = Severity.WARNING
    summary = "`logging` on an HTTP API, which has no execution logging."
    explanation = """\
## What it checks
`logging: error` or `logging: info` on an API with `protocol: http`.

## Why
HTTP APIs have no execution logging: API Gateway only supports it for WebSocket (and REST) APIs, so the
setting is silently ignored and the logs you expect never appear. The generator always writes access logs
(one JSON line per request, with the integration error) for HTTP APIs instead.

## Example
```yaml
apis:
  public:
    protocol: http
    logging: info
```

## Fix
Remove `logging` (the access log group `/aws/apigateway/<api>` already has every request), or log inside the
function.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for api in service.apis:
            if not api.is_websocket and api.spec.logging != "off":
                yield self.finding(
                    (*api.path, "logging"),
                    f"HTTP API `{api.name}` sets `logging: {api.spec.logging}`, but HTTP APIs have no "
                    "execution logging: the setting has no effect",
                    "Remove `logging`; the generated access log already records every request and its "
                    "integration error")
