from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding, SpecPath
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class DuplicateTerraformId(Rule):
    id = "AG804"
    name = "duplicate-terraform-id"
    summary = "Two spec names that become the same Terraform address (e.g. `a-b` and `a_b`)."
    explanation = """\
## What it checks
That the Terraform addresses the generator derives from names are unique: `-` becomes `_`, so `orders-api`
and `orders_api` in one section collide; so do task `run` (role `task_run_execution`) and task
`run_execution`, an API `a` route `GET /b` and an API `a_get` route `b`, or a security group named
`endpoints` next to interface endpoints.

## Why
Terraform refuses the whole configuration: "Error: Duplicate resource "aws_lambda_function" configuration:
A aws_lambda_function resource named "orders_api" was already declared".

## Example
```yaml
functions:
  orders-api: {source: backend/lambdas/orders, runtime: python3.12, handler: app.handler}
  orders_api: {source: backend/lambdas/orders2, runtime: python3.12, handler: app.handler}
```

## Fix
Rename one of them so the names differ in more than `-` and `_`.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        owners: dict[str, tuple[str, SpecPath]] = {}
        reported: set[tuple[SpecPath, SpecPath]] = set()
        for planned in service.planned:
            address, name, path = str(planned.address), planned.name, planned.path
            first_name, first_path = owners.setdefault(address, (name, path))
            if first_path == path or (first_path, path) in reported:
                continue
            reported.add((first_path, path))
            yield self.finding(path, f"`{name}` and `{first_name}` both become the Terraform address "
                               f"`{address}`", "Rename one of them so the names differ in more than `-` and "
                               "`_`", key=True)
