from collections.abc import Iterator
from typing import Any

from alpaco_gen.diagnostics import Finding, SpecPath
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


def addresses(s: Service) -> Iterator[tuple[str, str, SpecPath]]:
    """(Terraform address, spec name, spec path) of every resource whose address a name may collide in."""
    net = s.network
    # The generator's own names first, so that a finding points at the user's name that collides with them.
    if net and net.interface_endpoints:
        yield "aws_security_group.endpoints", "the VPC endpoints' security group", ("network", "endpoints")
    if s.api_account_role:
        yield "aws_iam_role.api_gateway_cloudwatch", "the account's API Gateway role", ("account",)
    sections: list[tuple[str, tuple[Any, ...]]] = [
        ("aws_lambda_function", s.functions), ("aws_ecs_task_definition", s.tasks),
        ("aws_dynamodb_table", s.tables), ("aws_s3_bucket", s.buckets),
        ("aws_ecr_repository", s.repositories), ("aws_apigatewayv2_api", s.apis),
        ("aws_sfn_state_machine", s.state_machines)]
    if net:
        sections += [("aws_subnet", net.subnets), ("aws_security_group", net.security_groups)]
    for resource, objects in sections:
        for obj in objects:
            yield f"{resource}.{obj.tf}", obj.name, obj.path
    # Roles of all kinds share one namespace: task `x` has `task_x_execution`, and so does task `x_execution`.
    for fn in s.functions:
        if not fn.spec.role_arn:
            yield f"aws_iam_role.function_{fn.tf}", fn.name, fn.path
    for task in s.tasks:
        yield f"aws_iam_role.task_{task.tf}", task.name, task.path
        if not task.spec.execution_role_arn:
            yield f"aws_iam_role.task_{task.tf}_execution", task.name, task.path
    for api in s.apis:
        if api.role_name:
            yield f"aws_iam_role.api_{api.tf}", api.name, api.path
    # Route identifiers are `<api>_<route>`: API `a` with `GET /b` and API `a_get` with `b` collide.
    for api in s.apis:
        for route in api.routes:
            yield f"aws_apigatewayv2_route.{route.tf}", f"{api.name}: {route.key}", route.path


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
        for address, name, path in addresses(service):
            first_name, first_path = owners.setdefault(address, (name, path))
            if first_path == path or (first_path, path) in reported:
                continue
            reported.add((first_path, path))
            yield self.finding(path, f"`{name}` and `{first_name}` both become the Terraform address "
                               f"`{address}`", "Rename one of them so the names differ in more than `-` and "
                               "`_`", key=True)
