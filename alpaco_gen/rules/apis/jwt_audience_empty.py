from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class JwtAudienceEmpty(Rule):
    id = "AG614"
    name = "jwt-audience-empty"
    kinds = ("api",)
    summary = "A JWT authorizer without an audience."
    explanation = """\
## What it checks
Every `type: jwt` authorizer accepts at least one audience: `audience:` with an `issuer`, or a `user_pool`
with at least one client.

## Why
API Gateway checks each token's `aud` (or `client_id`) claim against the audience; it refuses to create a JWT
authorizer without one (`BadRequestException` at apply). Accepting any audience would let in tokens the same
issuer gave other applications.

## Example
```yaml
authorizers:
  users: {type: jwt, issuer: "https://login.example.com/"}
```

## Fix
List the audiences (the API identifier or app client ids) tokens must be issued for.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for api in service.apis:
            for guard in api.authorizers:
                if not guard.is_jwt or guard.audience:
                    continue
                if guard.spec.user_pool is not None and guard.user_pool is None:
                    continue  # an undeclared user pool is AG101
                if guard.spec.user_pool is not None and guard.spec.audience is None:
                    continue  # clients the pool lacks are AG101
                path = (*guard.path, "audience") if guard.spec.audience is not None else guard.path
                yield self.finding(path, f"JWT authorizer `{guard.name}` of API `{api.name}` accepts no audience",
                                   "List the audiences its tokens are issued for (`audience: [...]`)",
                                   key=guard.spec.audience is None)
