from collections.abc import Iterator

from alpaco_gen.data import aws
from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class AuthorizerTtlRange(Rule):
    id = "AG616"
    name = "authorizer-ttl-range"
    kinds = ("api",)
    summary = "A Lambda authorizer `ttl` outside 0-3600 seconds, or a CORS `max_age` outside -1-86400."
    explanation = """\
## What it checks
`ttl` of every Lambda authorizer (how long API Gateway caches its answer): 0 to 3600 seconds. And `max_age`
of `cors:` (how long browsers cache a preflight answer): -1 to 86400 seconds. Both ranges come from the
API Gateway v2 service model (botocore).

## Why
API Gateway refuses values outside them (`BadRequestException` on `AuthorizerResultTtlInSeconds` or
`MaxAge`) when `terraform apply` creates the authorizer or the API.

## Example
```yaml
authorizers:
  tokens: {type: lambda, function: check-token, ttl: 7200}
```

## Fix
Use at most 3600 seconds (0 turns caching off); a token that must stay valid longer is checked again
after an hour, which costs one authorizer call.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        limits = aws()["apigatewayv2"]
        low, high = limits["authorizer_ttl_min"], limits["authorizer_ttl_max"]
        for api in service.apis:
            for guard in api.authorizers:
                if not guard.is_jwt and not low <= guard.spec.ttl <= high:
                    yield self.finding((*guard.path, "ttl"),
                                       f"`ttl: {guard.spec.ttl}` of authorizer `{guard.name}` is outside "
                                       f"{low}-{high} seconds", f"Use {low}-{high}; 0 turns caching off")
            cors = api.spec.cors
            age_low, age_high = limits["cors_max_age_min"], limits["cors_max_age_max"]
            if cors is not None and cors.max_age is not None and not age_low <= cors.max_age <= age_high:
                yield self.finding((*api.path, "cors", "max_age"),
                                   f"CORS `max_age: {cors.max_age}` of API `{api.name}` is outside "
                                   f"{age_low}-{age_high} seconds", f"Use {age_low}-{age_high}")
