from alpaco_gen.rules.base import Rule


class UndeclaredReference(Rule):
    id = "AG101"
    name = "undeclared-reference"
    summary = ("A reference to a subnet, security group, repository, table, bucket, API, function, task or "
               "state machine that the spec does not declare.")
    emitted_by = "resolve"
    explanation = """\
## What it checks
Every name that points at another part of the spec: `subnets`, `security_groups`, `image.repository`,
`uses:` targets, route targets and state machine tasks.

## Why
This is the seed's second failure: `locals.tf` referenced `aws_subnet.private_subnet_a`, which was never
declared, and Terraform stopped with "Reference to undeclared resource".

## Example
```yaml
functions:
  worker: {source: backend/lambdas/worker, runtime: python3.12, handler: app.handler,
           subnets: [private_b]}
```

## Fix
Declare the resource in its section (here `network.subnets.private_b`), or use the suggested name.
"""
