from alpaco_gen.diagnostics import Severity
from alpaco_gen.rules.base import Rule


class ApiGatewayAccountSettingsOwned(Rule):
    id = "AG906"
    name = "api-gateway-account-settings-owned"
    severity = Severity.WARNING
    summary = "`api_gateway_cloudwatch_role: create`: Terraform owns an account-wide, region-wide setting."
    emitted_by = "preflight"
    explanation = """\
## What it checks
With `account.api_gateway_cloudwatch_role: create` and a WebSocket API that logs, the generated Terraform
manages `aws_api_gateway_account`: the API Gateway CloudWatch role of the whole account in this region.
Preflight reads the current setting (`apigateway:GetAccount`) and warns, saying which role apply replaces.

## Why
Every REST and WebSocket API of the account in this region logs through that one role. Another stack (or a
person, as in the seed's sixth failure) may have set it; applying this service points it at the generated
role, and two Terraform roots that both manage it fight over it.

## Example
```yaml
account: {api_gateway_cloudwatch_role: create}
```

## Fix
Nothing, when this service is meant to own the setting. When the account already has a working role, use
`account.api_gateway_cloudwatch_role: existing` instead. Silence the warning with `lint.ignore: [AG906]`.
"""
