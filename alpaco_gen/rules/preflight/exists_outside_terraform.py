from alpaco_gen.diagnostics import Severity
from alpaco_gen.rules.base import Rule


class ExistsOutsideTerraform(Rule):
    id = "AG908"
    name = "exists-outside-terraform"
    severity = Severity.WARNING
    summary = "A resource the spec creates already exists, and not with this service's Terraform tags."
    emitted_by = "preflight"
    explanation = """\
## What it checks
Whether the generated names are already taken in the account and region: functions (`lambda:GetFunction`),
tables (`dynamodb:DescribeTable`), buckets (`s3:HeadBucket`), state machines
(`states:DescribeStateMachine`), IAM roles (`iam:GetRole`), log groups (`logs:DescribeLogGroups`) and ECR
repositories. A resource carrying the tags the generated Terraform puts on everything (`ManagedBy`,
`Project`, `Service`, `Environment`) is taken as already managed (a redeploy) and not reported; so are ECR
repositories that the deploy procedure created with `terraform apply -target` before the images were pushed.
A missing repository is AG902's business.

## Why
Terraform creates what is not in its state, and AWS refuses a name that is taken:
"ResourceConflictException: Function already exist", "ResourceInUseException: Table already exists",
"EntityAlreadyExists: Role with name ... already exists", "ResourceAlreadyExistsException: The specified log
group already exists". Log groups are the common case: Lambda creates `/aws/lambda/<name>` by itself when a
hand-made function first runs.

## Example
```yaml
functions:
  grader: {source: backend/lambdas/grader, runtime: python3.12, handler: app.handler}
  # a function of the same name was created in the console
```

## Fix
Adopt it with the `import` block the finding prints (Terraform >= 1.5), in a file of your own next to the
generated ones, then `terraform apply`; or delete the resource when it is not wanted.
"""
