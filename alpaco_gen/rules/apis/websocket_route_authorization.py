from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class WebsocketRouteAuthorization(Rule):
    id = "AG610"
    name = "websocket-route-authorization"
    kinds = ("api",)
    summary = "`authorization` on a WebSocket route other than `$connect`."
    explanation = """\
## What it checks
`authorization: iam` on a WebSocket route whose key is not `$connect`.

## Why
A WebSocket client is authorized once, when it connects; messages on the open connection carry no
credentials. API Gateway refuses authorization on any other route: "BadRequestException: Currently,
authorization is restricted to the $connect route only".

## Example
```yaml
routes:
  $connect: {function: stream, authorization: iam}
  generate: {function: stream, authorization: iam}
```

## Fix
Keep `authorization: iam` on `$connect` only; the connection it admits is what later messages travel on.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for api in service.apis:
            if not api.is_websocket:
                continue
            for route in api.routes:
                if route.spec.authorization != "none" and route.key != "$connect":
                    yield self.finding(
                        (*route.path, "authorization"),
                        f"WebSocket route `{route.key}` of API `{api.name}` sets `authorization: "
                        f"{route.spec.authorization}`; API Gateway allows authorization on `$connect` only",
                        "Remove it here and set `authorization: iam` on the `$connect` route")
