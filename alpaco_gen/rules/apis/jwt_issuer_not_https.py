from collections.abc import Iterator
from urllib.parse import urlsplit

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class JwtIssuerNotHttps(Rule):
    id = "AG613"
    name = "jwt-issuer-not-https"
    kinds = ("api",)
    summary = "A JWT authorizer `issuer` that is not an https URL with a host."
    explanation = """\
## What it checks
`issuer` of every `type: jwt` authorizer: an `https://` URL with a host name.

## Why
API Gateway fetches the issuer's signing keys from `<issuer>/.well-known/openid-configuration` over HTTPS and
compares the issuer with each token's `iss` claim. An issuer without `https://` (`accounts.example.com`,
`http://...`) is refused when the authorizer is created (`BadRequestException`), or, when accepted, matches
no token, so every request to the route is answered 401.

## Example
```yaml
authorizers:
  users: {type: jwt, issuer: login.example.com, audience: [todo]}
```

## Fix
Write the issuer exactly as the identity provider puts it in `iss`, with `https://`; for a Cognito user pool
of the spec, use `user_pool:` instead.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for api in service.apis:
            for guard in api.authorizers:
                issuer = guard.spec.issuer
                if issuer is None:
                    continue
                parts = urlsplit(issuer)
                if parts.scheme != "https" or not parts.hostname:
                    yield self.finding(
                        (*guard.path, "issuer"),
                        f"authorizer `{guard.name}` of API `{api.name}` has issuer `{issuer}`, which is not an "
                        "https URL", "Use the `iss` value of the provider's tokens, starting with `https://`")
