import re
from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

_NAME = r"[A-Za-z0-9._-]+"
# Identity source selection expressions: HTTP APIs and WebSocket APIs spell them differently.
HTTP = re.compile(rf"^\$(request\.header|request\.querystring|context|stageVariables)\.{_NAME}$")
WEBSOCKET = re.compile(rf"^(route\.request\.header|route\.request\.querystring|context|stageVariables)\.{_NAME}$")


class IdentitySourceSyntax(Rule):
    id = "AG615"
    name = "identity-source-syntax"
    kinds = ("api",)
    summary = "An authorizer identity source that is no selection expression API Gateway knows."
    explanation = """\
## What it checks
Every entry of an authorizer's `identity_sources`: on HTTP APIs `$request.header.<name>`,
`$request.querystring.<name>`, `$context.<name>` or `$stageVariables.<name>`; on WebSocket APIs
`route.request.header.<name>`, `route.request.querystring.<name>`, `context.<name>` or
`stageVariables.<name>`. And at least one of them.

## Why
API Gateway refuses any other expression when it creates the authorizer (`BadRequestException` naming the
invalid identity source), and a Lambda authorizer that caches its results needs one to key the cache by.
REST API spellings (`method.request.header.Authorization`) and bare header names are the usual slips.

## Example
```yaml
authorizers:
  tokens: {type: lambda, function: check-token, identity_sources: [method.request.header.Authorization]}
```

## Fix
Use the selection expression of the API's protocol, e.g. `$request.header.Authorization` (HTTP) or
`route.request.querystring.token` (WebSocket).
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for api in service.apis:
            syntax, example = (WEBSOCKET, "route.request.header.Authorization") if api.is_websocket else \
                (HTTP, "$request.header.Authorization")
            for guard in api.authorizers:
                given = guard.spec.identity_sources
                if given is None:
                    continue
                if not given:
                    yield self.finding((*guard.path, "identity_sources"),
                                       f"authorizer `{guard.name}` of API `{api.name}` reads its identity from "
                                       "nowhere", f"Name at least one source, e.g. `{example}`")
                for index, source in enumerate(given):
                    if not syntax.match(source):
                        yield self.finding(
                            (*guard.path, "identity_sources", index),
                            f"`{source}` (authorizer `{guard.name}`) is no identity source of "
                            f"{'WebSocket' if api.is_websocket else 'HTTP'} APIs",
                            f"Write it like `{example}`")
