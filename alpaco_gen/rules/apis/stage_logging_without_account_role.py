from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class StageLoggingWithoutAccountRole(Rule):
    id = "AG601"
    name = "stage-logging-without-account-role"
    kinds = ("api",)
    summary = "WebSocket stage logging while `account.api_gateway_cloudwatch_role` is `none`."
    explanation = """\
## What it checks
A WebSocket API with `logging: error` or `logging: info` when `account.api_gateway_cloudwatch_role` is
`none` (the default): nothing sets up the account's API Gateway CloudWatch Logs role.

## Why
This is the seed's sixth failure. Execution logging of a WebSocket stage writes through one role per account
and region, set in API Gateway's account settings. Without it, creating the stage fails at apply time with
"BadRequestException: CloudWatch Logs role ARN must be set in account settings to enable logging".

## Example
```yaml
account: {api_gateway_cloudwatch_role: none}
apis:
  stream:
    protocol: websocket
    logging: info
```

## Fix
Set `account.api_gateway_cloudwatch_role: create` to let Terraform create the role and register it, or
`existing` when the account already has it in this region (preflight checks it); or turn logging `off`.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        if service.spec.account.api_gateway_cloudwatch_role != "none":
            return
        for api in service.apis:
            if api.execution_logging:
                yield self.finding(
                    (*api.path, "logging"),
                    f"WebSocket API `{api.name}` enables stage logging (`logging: {api.spec.logging}`) but "
                    "`account.api_gateway_cloudwatch_role` is `none`: AWS rejects the stage with "
                    "\"CloudWatch Logs role ARN must be set in account settings to enable logging\"",
                    "Set `account: {api_gateway_cloudwatch_role: create}` (or `existing` when the role is "
                    "already set for this region), or set `logging: off`")
