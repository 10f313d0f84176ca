import re
from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.kinds.api import Route
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY")
WEBSOCKET_RESERVED = ("$connect", "$disconnect", "$default")
PARAMETER = re.compile(r"^\{[A-Za-z0-9_.-]+\+?\}$")


def http_problem(key: str) -> str | None:
    """What is wrong with an HTTP API route key, or None when it is well formed."""
    if key == "$default":
        return None
    method, space, path = key.partition(" ")
    if not space or method.upper() not in METHODS:
        return "is not `METHOD /path` (or `$default`)"
    if method not in METHODS:
        return f"has the method `{method}` in lower case; API Gateway methods are upper case"
    if any(c.isspace() for c in path):
        return "has white space other than the one space after the method"
    if not path.startswith("/"):
        return "has a path that does not start with `/`"
    segments = path.split("/")[1:]
    for i, segment in enumerate(segments):
        if ("{" in segment or "}" in segment) and not PARAMETER.match(segment):
            return f"has the malformed path segment `{segment}`; parameters are whole segments like `{{id}}`"
        if segment.endswith("+}") and i != len(segments) - 1:
            return f"has the greedy parameter `{segment}` before the last segment"
    return None


def websocket_problem(key: str) -> str | None:
    if key in WEBSOCKET_RESERVED:
        return None
    if not key or key.startswith("$"):
        return "starts with `$` but is not `$connect`, `$disconnect` or `$default`"
    if any(c.isspace() for c in key):
        return "contains white space; WebSocket route keys are single words such as `generate`"
    return None


class MalformedRouteKey(Rule):
    id = "AG603"
    name = "malformed-route-key"
    kinds = ("api",)
    summary = "A route key that API Gateway does not accept for the API's protocol."
    explanation = """\
## What it checks
HTTP API route keys: `$default`, or an upper-case method (GET POST PUT PATCH DELETE HEAD OPTIONS ANY), one
space and a path starting with `/`, whose parameters are whole segments (`{id}`, greedy `{proxy+}` only as
the last segment). WebSocket route keys: `$connect`, `$disconnect`, `$default`, or a custom key without
white space that does not start with `$`.

## Why
API Gateway rejects malformed keys when Terraform creates the route (`BadRequestException`). A lower-case
method is worse: the generated Lambda permission names the method as written, so requests, which arrive as
`GET`, are refused with 500 "Internal Server Error" even when the route exists.

## Example
```yaml
apis:
  public:
    protocol: http
    routes:
      "get /items/{id}": {function: items}
      "GET items/{proxy+}/edit": {function: items}
```

## Fix
Write `GET /items/{id}`; start paths with `/`; keep a greedy `{proxy+}` last.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for api in service.apis:
            for route in api.routes:
                problem = websocket_problem(route.key) if route.websocket else http_problem(route.key)
                if problem:
                    yield self._finding(api.name, route, problem)

    def _finding(self, api: str, route: Route, problem: str) -> Finding:
        kind = "WebSocket" if route.websocket else "HTTP"
        example = "`generate`, `$connect`" if route.websocket else "`GET /items/{id}`, `$default`"
        return self.finding(route.path, f"route key `{route.key}` of {kind} API `{api}` {problem}",
                            f"Write route keys like {example}", key=True)
