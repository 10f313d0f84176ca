from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding, Severity
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

# API Gateway's default account quota per region (adjustable): steady rate and burst of all APIs together.
ACCOUNT_RATE, ACCOUNT_BURST = 10000, 5000


class ThrottlingRange(Rule):
    id = "AG620"
    name = "throttling-range"
    kinds = ("api",)
    summary = "Negative throttling limits (error), or limits above the account's default quota (warning)."
    explanation = """\
## What it checks
`throttle_burst` and `throttle_rate` of every API (the stage default) and route: not negative, and not above
API Gateway's default account quota in a region, 10,000 requests per second with a burst of 5,000
(a warning: the quota can be raised).

## Why
API Gateway refuses negative limits (`BadRequestException` on `ThrottlingBurstLimit` or
`ThrottlingRateLimit`). Limits above the account's quota are accepted but never reached: the account-level
throttle answers 429 first, for every API of the account in the region, so the spec promises capacity the
account does not have.

## Example
```yaml
routes:
  "POST /todos": {function: todos, throttle_burst: -1}
```

## Fix
Use limits from 0 (which rejects every request) up to the account's quota; ask AWS for a higher quota first
when the API needs more.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for api in service.apis:
            owners = [(api.path, f"API `{api.name}`", api.spec)]
            owners += [(r.path, f"route `{r.key}` of API `{api.name}`", r.spec) for r in api.routes]
            for path, who, spec in owners:
                for field, quota, unit in (("throttle_burst", ACCOUNT_BURST, "requests"),
                                           ("throttle_rate", ACCOUNT_RATE, "requests per second")):
                    value = getattr(spec, field)
                    if value is None:
                        continue
                    if value < 0:
                        yield self.finding((*path, field), f"`{field}: {value}` of {who} is negative",
                                           "Use 0 or more")
                    elif value > quota:
                        yield self.finding((*path, field),
                                           f"`{field}: {value}` of {who} is above the account's default quota "
                                           f"of {quota} {unit}; the account throttles first",
                                           "Lower it, or raise the account's API Gateway quota first",
                                           severity=Severity.WARNING)
