from alpaco_gen.rules.base import Rule


class ApiGatewayAccountRoleMissing(Rule):
    id = "AG905"
    name = "api-gateway-account-role-missing"
    summary = "`api_gateway_cloudwatch_role: existing`, but this region's API Gateway has no CloudWatch role."
    emitted_by = "preflight"
    explanation = """\
## What it checks
With `account.api_gateway_cloudwatch_role: existing` and a WebSocket API: API Gateway's account settings in
the spec's region (`apigateway:GetAccount`) have a `cloudwatchRoleArn`, and that role exists (`iam:GetRole`).

## Why
This is the seed's sixth failure: the WebSocket stage failed at apply with "BadRequestException: CloudWatch
Logs role ARN must be set in account settings to enable logging". The setting is per account and per region,
so a role set up in another region does not count.

## Example
```yaml
account: {api_gateway_cloudwatch_role: existing}   # but nobody set it in this region
apis:
  stream: {protocol: websocket, logging: info, routes: {$connect: {function: stream}}}
```

## Fix
Set `account.api_gateway_cloudwatch_role: create` to let the generated Terraform create the role and
register it, or register a role with `AmazonAPIGatewayPushToCloudWatchLogs` in this region:
`aws apigateway update-account --patch-operations op=replace,path=/cloudwatchRoleArn,value=<role arn>`.
"""
