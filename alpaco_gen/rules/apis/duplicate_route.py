from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


def normalized(key: str) -> str:
    """The route API Gateway sees: HTTP methods compare upper case, runs of white space collapse."""
    words = key.split()
    if len(words) == 2 and not words[0].startswith("$"):
        return f"{words[0].upper()} {words[1]}"
    return " ".join(words)


class DuplicateRoute(Rule):
    id = "AG606"
    name = "duplicate-route"
    kinds = ("api",)
    summary = "Two route keys of one API that are the same route."
    explanation = """\
## What it checks
Route keys of one API that differ only in the case of the method or in white space, such as `GET /a`,
`get /a` and `GET  /a`.

## Why
YAML sees different keys, but they name one route: API Gateway refuses one of them at apply time
(`ConflictException`, or `BadRequestException` for the malformed spelling), and no spelling could let both
targets receive the same requests.

## Example
```yaml
routes:
  "GET /items": {function: list-items}
  "get /items": {function: search-items}
```

## Fix
Keep one of the two routes, or give the second its own path.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for api in service.apis:
            seen: dict[str, str] = {}
            for route in api.routes:
                other = seen.setdefault(normalized(route.key), route.key)
                if other != route.key:
                    yield self.finding(
                        route.path,
                        f"route `{route.key}` of API `{api.name}` is the same route as `{other}`",
                        "Remove one of them, or give this one its own path", key=True)
