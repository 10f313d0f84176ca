#!/usr/bin/env python3
"""Refresh tests/verify/data/aws-provider-subset.json from the shared provider schemas.

Reads ../shared/aws-provider-schema/{aws-provider-6.25.0,archive-provider-2.7.1,null-provider-3.2.4,
random-provider-3.7.2}.json (paths relative to the repo root) and writes the subset of resource and data
source types that the generator may use: the types listed below plus every type a generated/**/*.tf
declares. The archive, null and random providers are small and copied whole.

Usage: python scripts/refresh_provider_schema.py [--check]
  --check  exit 1 if the vendored file is not what this script would write (nothing is written)
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SCHEMA_DIR = REPO.parent / "shared" / "aws-provider-schema"
OUT = REPO / "tests" / "verify" / "data" / "aws-provider-subset.json"

# provider local name -> schema file; providers other than aws are vendored whole.
PROVIDER_FILES = {
    "aws": "aws-provider-6.25.0.json",
    "archive": "archive-provider-2.7.1.json",
    "null": "null-provider-3.2.4.json",
    "random": "random-provider-3.7.2.json",
}

# aws resource types the generator may use. Generous on purpose: a type here costs a few KB of test data;
# a type missing here fails the schema test ("missing from the vendored subset") until this script reruns.
AWS_RESOURCES = sorted(
    {
        # networking
        "aws_vpc",
        "aws_subnet",
        "aws_internet_gateway",
        "aws_egress_only_internet_gateway",
        "aws_nat_gateway",
        "aws_eip",
        "aws_eip_association",
        "aws_route_table",
        "aws_route",
        "aws_route_table_association",
        "aws_main_route_table_association",
        "aws_default_route_table",
        "aws_default_security_group",
        "aws_default_network_acl",
        "aws_network_acl",
        "aws_network_acl_rule",
        "aws_network_acl_association",
        "aws_security_group",
        "aws_security_group_rule",
        "aws_vpc_security_group_ingress_rule",
        "aws_vpc_security_group_egress_rule",
        "aws_vpc_endpoint",
        "aws_vpc_endpoint_route_table_association",
        "aws_vpc_endpoint_subnet_association",
        "aws_vpc_endpoint_security_group_association",
        "aws_vpc_endpoint_policy",
        "aws_flow_log",
        "aws_vpc_dhcp_options",
        "aws_vpc_dhcp_options_association",
        # iam
        "aws_iam_role",
        "aws_iam_policy",
        "aws_iam_role_policy",
        "aws_iam_role_policy_attachment",
        "aws_iam_service_linked_role",
        "aws_iam_instance_profile",
        "aws_iam_openid_connect_provider",
        "aws_iam_role_policies_exclusive",
        "aws_iam_role_policy_attachments_exclusive",
        # lambda
        "aws_lambda_function",
        "aws_lambda_permission",
        "aws_lambda_event_source_mapping",
        "aws_lambda_alias",
        "aws_lambda_function_url",
        "aws_lambda_function_event_invoke_config",
        "aws_lambda_layer_version",
        "aws_lambda_provisioned_concurrency_config",
        # ecr
        "aws_ecr_repository",
        "aws_ecr_repository_policy",
        "aws_ecr_lifecycle_policy",
        "aws_ecr_registry_scanning_configuration",
        "aws_ecr_replication_configuration",
        # ecs
        "aws_ecs_cluster",
        "aws_ecs_task_definition",
        "aws_ecs_cluster_capacity_providers",
        "aws_ecs_service",
        "aws_ecs_capacity_provider",
        "aws_ecs_account_setting_default",
        # dynamodb
        "aws_dynamodb_table",
        "aws_dynamodb_table_item",
        "aws_dynamodb_resource_policy",
        "aws_dynamodb_contributor_insights",
        # s3
        "aws_s3_bucket",
        "aws_s3_bucket_versioning",
        "aws_s3_bucket_lifecycle_configuration",
        "aws_s3_bucket_public_access_block",
        "aws_s3_bucket_server_side_encryption_configuration",
        "aws_s3_bucket_ownership_controls",
        "aws_s3_bucket_policy",
        "aws_s3_bucket_logging",
        "aws_s3_bucket_notification",
        "aws_s3_bucket_acl",
        "aws_s3_bucket_cors_configuration",
        "aws_s3_bucket_replication_configuration",
        "aws_s3_object",
        "aws_s3_account_public_access_block",
        # api gateway
        "aws_apigatewayv2_api",
        "aws_apigatewayv2_stage",
        "aws_apigatewayv2_route",
        "aws_apigatewayv2_integration",
        "aws_apigatewayv2_deployment",
        "aws_apigatewayv2_authorizer",
        "aws_apigatewayv2_vpc_link",
        "aws_apigatewayv2_domain_name",
        "aws_apigatewayv2_api_mapping",
        "aws_api_gateway_account",
        # logs, metrics, events
        "aws_cloudwatch_log_group",
        "aws_cloudwatch_log_resource_policy",
        "aws_cloudwatch_log_subscription_filter",
        "aws_cloudwatch_log_metric_filter",
        "aws_cloudwatch_metric_alarm",
        "aws_cloudwatch_event_rule",
        "aws_cloudwatch_event_target",
        "aws_cloudwatch_event_bus",
        "aws_scheduler_schedule",
        "aws_scheduler_schedule_group",
        # kms
        "aws_kms_key",
        "aws_kms_alias",
        "aws_kms_key_policy",
        # step functions, queues, topics, parameters, secrets
        "aws_sfn_state_machine",
        "aws_sfn_activity",
        "aws_sqs_queue",
        "aws_sqs_queue_policy",
        "aws_sqs_queue_redrive_policy",
        "aws_sqs_queue_redrive_allow_policy",
        "aws_sns_topic",
        "aws_sns_topic_policy",
        "aws_sns_topic_subscription",
        "aws_ssm_parameter",
        "aws_secretsmanager_secret",
        "aws_secretsmanager_secret_version",
        "aws_secretsmanager_secret_policy",
        # autoscaling, load balancing, service discovery (container services)
        "aws_appautoscaling_target",
        "aws_appautoscaling_policy",
        "aws_lb",
        "aws_lb_listener",
        "aws_lb_target_group",
        "aws_lb_listener_rule",
        "aws_service_discovery_private_dns_namespace",
        "aws_service_discovery_service",
    }
)

AWS_DATA_SOURCES = sorted(
    {
        "aws_caller_identity",
        "aws_region",
        "aws_partition",
        "aws_availability_zones",
        "aws_availability_zone",
        "aws_iam_policy_document",
        "aws_iam_policy",
        "aws_iam_role",
        "aws_iam_session_context",
        "aws_ecr_image",
        "aws_ecr_authorization_token",
        "aws_ecr_repository",
        "aws_ecr_lifecycle_policy_document",
        "aws_vpc",
        "aws_vpcs",
        "aws_subnet",
        "aws_subnets",
        "aws_security_group",
        "aws_route_table",
        "aws_vpc_endpoint_service",
        "aws_prefix_list",
        "aws_ec2_managed_prefix_list",
        "aws_lambda_function",
        "aws_dynamodb_table",
        "aws_s3_bucket",
        "aws_kms_key",
        "aws_kms_alias",
        "aws_ecs_cluster",
        "aws_ecs_task_definition",
        "aws_sfn_state_machine",
        "aws_sqs_queue",
        "aws_cloudwatch_log_group",
        "aws_ssm_parameter",
        "aws_secretsmanager_secret",
        "aws_secretsmanager_secret_version",
        "aws_default_tags",
        "aws_arn",
    }
)

_DECL = re.compile(r'^\s*(resource|data)\s+"([A-Za-z0-9_]+)"', re.M)


def generated_types(generated: Path) -> tuple[set[str], set[str]]:
    """Resource and data source types declared in generated/**/*.tf (a regex is enough for block headers)."""
    resources: set[str] = set()
    data: set[str] = set()
    for tf in sorted(generated.glob("**/*.tf")):
        for kind, name in _DECL.findall(tf.read_text(encoding="utf-8")):
            (resources if kind == "resource" else data).add(name)
    return resources, data


def build(schema_dir: Path = SCHEMA_DIR, generated: Path = REPO / "generated") -> tuple[dict, list[str]]:
    """Return the subset document and a list of warnings (types that exist in no provider schema)."""
    warnings: list[str] = []
    gen_res, gen_data = generated_types(generated)
    providers: dict[str, dict] = {}
    for local, filename in PROVIDER_FILES.items():
        full = json.loads((schema_dir / filename).read_text(encoding="utf-8"))
        entry = {
            "source": full["provider"],
            "version": full["version"],
            "derived_from": full.get("source", ""),
            "provider_config": full.get("provider_config", {}),
        }
        if local == "aws":
            want_res = set(AWS_RESOURCES) | {t for t in gen_res if t.startswith("aws_")}
            want_data = set(AWS_DATA_SOURCES) | {t for t in gen_data if t.startswith("aws_")}
        else:
            want_res, want_data = set(full["resources"]), set(full["data_sources"])
        for label, want, section in (
            ("resource", want_res, "resources"),
            ("data source", want_data, "data_sources"),
        ):
            missing = sorted(want - set(full[section]))
            warnings += [f"{local}: {label} type {t} is not in {filename}" for t in missing]
            entry[section] = {t: full[section][t] for t in sorted(want & set(full[section]))}
        providers[local] = entry
    doc = {
        "note": "Subset of ../shared/aws-provider-schema; regenerate with scripts/refresh_provider_schema.py",
        "providers": providers,
    }
    return doc, warnings


def render(doc: dict) -> str:
    return json.dumps(doc, indent=1, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the vendored subset is out of date")
    parser.add_argument("--schema-dir", type=Path, default=SCHEMA_DIR)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    doc, warnings = build(args.schema_dir)
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)
    text = render(doc)
    counts = ", ".join(
        f"{p}: {len(e['resources'])} resources / {len(e['data_sources'])} data sources"
        for p, e in doc["providers"].items()
    )
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(
                f"{args.out} is out of date ({counts}); run scripts/refresh_provider_schema.py",
                file=sys.stderr,
            )
            return 1
        print(f"{args.out} is up to date ({counts})")
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out.relative_to(REPO) if args.out.is_relative_to(REPO) else args.out} ({counts})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
