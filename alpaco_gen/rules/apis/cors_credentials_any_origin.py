from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class CorsCredentialsAnyOrigin(Rule):
    id = "AG612"
    name = "cors-credentials-any-origin"
    kinds = ("api",)
    summary = "CORS `allow_credentials: true` with a `*` origin."
    explanation = """\
## What it checks
`cors:` of every HTTP API: `allow_credentials: true` while `allow_origins` holds `*`.

## Why
Browsers refuse credentialed responses whose `Access-Control-Allow-Origin` is `*`, so API Gateway refuses the
configuration at apply: "allow-credentials is not supported if 'allow-origin' is * (Service:
AmazonApiGatewayV2; Status Code: 400; Error Code: BadRequestException)".

## Example
```yaml
cors: {allow_origins: ["*"], allow_credentials: true}
```

## Fix
List the origins that may send credentials (`https://app.example.com`), or drop `allow_credentials`.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for api in service.apis:
            cors = api.spec.cors
            if cors is not None and cors.allow_credentials and "*" in cors.allow_origins:
                yield self.finding(
                    (*api.path, "cors", "allow_origins", cors.allow_origins.index("*")),
                    f"API `{api.name}` allows credentials from any origin (`*`); API Gateway refuses it",
                    "Name the origins that may send credentials, or set `allow_credentials: false`")
