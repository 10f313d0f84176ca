from alpaco_gen.diagnostics import Severity
from alpaco_gen.rules.base import Rule


class PreflightCheckSkipped(Rule):
    id = "AG910"
    name = "preflight-check-skipped"
    severity = Severity.WARNING
    summary = "A preflight check could not run: AWS refused a read-only call (permissions, or not supported)."
    emitted_by = "preflight"
    explanation = """\
## What it checks
Nothing of its own: when AWS answers a preflight call with an error other than "not found" (usually
`AccessDenied`), that check is reported as skipped instead of passing silently.

## Why
A check that did not run proves nothing: the failure it looks for would still happen at apply.

## Example
```yaml
region: ap-northeast-2   # preflight runs with a role that may not call apigateway:GET
```

## Fix
Grant the credentials preflight runs with these read-only actions: `sts:GetCallerIdentity`,
`ecr:DescribeRepositories`, `ecr:BatchGetImage`, `ecr:GetDownloadUrlForLayer`, `ecr:ListTagsForResource`,
`apigateway:GET`, `iam:GetRole`, `s3:ListBucket` (HeadBucket), `s3:GetBucketTagging`, `lambda:GetFunction`,
`lambda:GetFunctionConcurrency`, `lambda:GetAccountSettings`, `dynamodb:DescribeTable`,
`dynamodb:ListTagsOfResource`, `states:DescribeStateMachine`, `states:ListTagsForResource`,
`logs:DescribeLogGroups`, `logs:ListTagsForResource`; for what the spec references: `secretsmanager:DescribeSecret`,
`ssm:DescribeParameters`, `kms:DescribeKey`, `route53:GetHostedZone`, `route53:ListHostedZonesByName`,
`acm:DescribeCertificate`.
"""
