"""The Terraform resource addresses a resolved service is meant to create, counted from the model.

`terraform plan` of the generated root must add exactly these (the verification suite compares them), so a
template that creates something the model does not know about, or forgets something, is caught.
"""

from __future__ import annotations

from collections.abc import Iterator

from alpaco_gen.resolve.model import Repository, Service


def planned_resources(service: Service) -> list[str]:
    return sorted(_addresses(service))


def repository_addresses(repo: Repository) -> list[str]:
    """The resources of one ECR repository: what the deploy's bootstrap apply targets."""
    addresses = [f"aws_ecr_repository.{repo.tf}", f"aws_ecr_lifecycle_policy.{repo.tf}"]
    return addresses + ([f"aws_ecr_repository_policy.{repo.tf}"] if repo.has_policy else [])


def _role(tf: str, has_policy: bool) -> Iterator[str]:
    yield f"aws_iam_role.{tf}"
    if has_policy:
        yield f"aws_iam_role_policy.{tf}"


def _addresses(s: Service) -> Iterator[str]:
    yield from ("aws_kms_key.main", "aws_kms_alias.main")
    net = s.network
    if net:
        yield from ("aws_vpc.main", "aws_default_security_group.main", "aws_flow_log.main",
                    "aws_cloudwatch_log_group.flow_logs")
        yield from _role("flow_logs", True)
        yield from (f"aws_subnet.{subnet.tf}" for subnet in net.subnets)
        if net.has_public:
            yield "aws_internet_gateway.main"
        for nat in net.nat_gateways:
            yield from (f"aws_eip.{nat.tf}", f"aws_nat_gateway.{nat.tf}")
        for table in net.route_tables:
            yield f"aws_route_table.{table.tf}"
            if table.public:
                yield "aws_route.public_internet"
            elif table.nat:
                yield f"aws_route.{table.tf}_nat"
            yield from (f"aws_route_table_association.{subnet.tf}" for subnet in table.subnets)
        yield from (f"aws_vpc_endpoint.{e}" for e in net.gateway_endpoints + net.interface_endpoints)
        if net.interface_endpoints:
            yield from ("aws_security_group.endpoints", "aws_vpc_security_group_ingress_rule.endpoints_https")
        for group in net.security_groups:
            yield f"aws_security_group.{group.tf}"
            yield from (f"aws_vpc_security_group_{rule.direction}_rule.{rule.tf}" for rule in group.rules)
    for repo in s.repositories:
        yield from repository_addresses(repo)
    yield from (f"aws_dynamodb_table.{t.tf}" for t in s.tables)
    for bucket in s.buckets:
        for kind in ("bucket", "bucket_public_access_block", "bucket_ownership_controls",
                     "bucket_server_side_encryption_configuration", "bucket_lifecycle_configuration",
                     "bucket_policy") + (("bucket_versioning",) if bucket.spec.versioning else ()):
            yield f"aws_s3_{kind}.{bucket.tf}"
    for fn in s.functions:
        yield from (f"aws_lambda_function.{fn.tf}", f"aws_cloudwatch_log_group.function_{fn.tf}")
        if not fn.spec.role_arn:
            yield from _role(f"function_{fn.tf}", bool(fn.statements))
    if s.tasks:
        yield "aws_ecs_cluster.main"
    for task in s.tasks:
        yield from (f"aws_ecs_task_definition.{task.tf}", f"aws_cloudwatch_log_group.task_{task.tf}")
        if not task.spec.execution_role_arn:
            yield from _role(f"task_{task.tf}_execution", True)
        yield from _role(f"task_{task.tf}", bool(task.statements))
    for sm in s.state_machines:
        yield from (f"aws_sfn_state_machine.{sm.tf}", f"aws_cloudwatch_log_group.state_machine_{sm.tf}")
        yield from _role(f"state_machine_{sm.tf}", True)
    for api in s.apis:
        yield from (f"aws_apigatewayv2_api.{api.tf}", f"aws_apigatewayv2_stage.{api.tf}")
        if api.is_websocket:
            yield f"aws_apigatewayv2_deployment.{api.tf}"
        if api.access_logs:
            yield f"aws_cloudwatch_log_group.api_{api.tf}"
        if api.role_name:
            yield from _role(f"api_{api.tf}", True)
        for route in api.routes:
            yield from (f"aws_apigatewayv2_integration.{route.tf}", f"aws_apigatewayv2_route.{route.tf}")
            if route.function:
                yield f"aws_lambda_permission.{route.tf}"
    if s.api_account_role:
        yield from ("aws_api_gateway_account.main", "aws_iam_role.api_gateway_cloudwatch",
                    "aws_iam_role_policy_attachment.api_gateway_cloudwatch")
