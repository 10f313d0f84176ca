from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class ScopesWithoutJwt(Rule):
    id = "AG617"
    name = "scopes-without-jwt"
    kinds = ("api",)
    summary = "Route `scopes` without a JWT authorizer."
    explanation = """\
## What it checks
`scopes:` on a route whose `authorization` is not a `type: jwt` authorizer (`none`, `iam` or a Lambda
authorizer).

## Why
Only JWT authorizers check OAuth scopes. API Gateway refuses authorization scopes on other routes
(`BadRequestException` at apply); were they accepted, nobody would check them and the route would be open
wider than the spec says.

## Example
```yaml
routes:
  "DELETE /todos/{id}": {function: todos, authorization: iam, scopes: [todos/delete]}
```

## Fix
Name a JWT authorizer in `authorization`, or check the permission in the function (or a Lambda authorizer)
and remove `scopes`.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for api in service.apis:
            for route in api.routes:
                undeclared = route.spec.authorization not in ("none", "iam") and route.authorizer is None  # AG101
                if route.spec.scopes and route.authorization_type != "JWT" and not undeclared:
                    yield self.finding(
                        (*route.path, "scopes"),
                        f"route `{route.key}` of API `{api.name}` lists scopes, but its authorization "
                        f"(`{route.spec.authorization}`) is no JWT authorizer, which alone checks scopes",
                        "Use a `type: jwt` authorizer for this route, or remove `scopes`", key=True)
