#!/usr/bin/env python3
"""Regenerate alpaco_gen/data/aws.json from botocore's service models (and the few facts botocore lacks).

Run after upgrading botocore: `python scripts/refresh_aws_data.py`. Rules read the JSON, so validate never
imports botocore; tests/unit/test_aws_data.py fails when the file is not what this script derives from the
botocore version it records, or when it lists a value the installed botocore dropped.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "alpaco_gen" / "data" / "aws.json"

# Not in botocore. Lambda runtimes past their deprecation date (block function create/update), from the
# "Deprecated runtimes" table of the Lambda developer guide.
DEPRECATED_RUNTIMES = [
    "dotnet6", "dotnetcore1.0", "dotnetcore2.0", "dotnetcore2.1", "dotnetcore3.1", "go1.x", "java8",
    "nodejs", "nodejs10.x", "nodejs12.x", "nodejs14.x", "nodejs16.x", "nodejs4.3", "nodejs4.3-edge",
    "nodejs6.10", "nodejs8.10", "provided", "python2.7", "python3.6", "python3.7", "python3.8", "ruby2.5",
    "ruby2.7", "ruby3.2",
]
# Not in botocore: availability zone letters of each region (AWS Regions and Zones documentation).
# Regions missing here are not checked for zone letters.
ZONE_LETTERS = {
    "us-east-1": "abcdef", "us-east-2": "abc", "us-west-1": "ac", "us-west-2": "abcd",
    "ca-central-1": "abd", "eu-west-1": "abc", "eu-west-2": "abc", "eu-west-3": "abc",
    "eu-central-1": "abc", "eu-north-1": "abc", "eu-south-1": "abc", "ap-northeast-1": "acd",
    "ap-northeast-2": "abcd", "ap-northeast-3": "abc", "ap-southeast-1": "abc", "ap-southeast-2": "abc",
    "ap-south-1": "abc", "sa-east-1": "abc",
}


# Not in botocore: the default quota of an event pattern's size, in characters (botocore's EventPattern maximum
# is the most a quota increase allows). EventBridge quotas, "Event pattern size".
EVENT_PATTERN_DEFAULT_QUOTA = 2048

# Not in botocore, whose SQS attributes are strings: the ranges of the SQS developer guide
# (SetQueueAttributes; MaximumMessageSize up to 1 MiB since August 2025; RedrivePolicy maxReceiveCount).
SQS_LIMITS = {
    "visibility_timeout": [0, 43200], "retention": [60, 1209600], "delay": [0, 900],
    "max_message_size": [1024, 1048576], "receive_wait": [0, 20], "max_receive_count": [1, 1000],
}
# Not in botocore: a queue source takes at most 10 records per batch without a batching window (Lambda
# developer guide, "Using Lambda with Amazon SQS").
SQS_BATCH_WITHOUT_WINDOW = 10


# Not in botocore: Step Functions adds these to the result of every AWS SDK and optimized integration.
STATES_RESPONSE_METADATA = ["SdkHttpMetadata", "SdkResponseMetadata"]


def _pascal(names: list[str]) -> list[str]:
    """Step Functions hands service results to the workflow with PascalCase field names."""
    return sorted(name[0].upper() + name[1:] for name in names)


def build() -> dict:
    import botocore
    from botocore.loaders import Loader

    loader = Loader()
    lam = loader.load_service_model("lambda", "service-2")["shapes"]
    dynamodb = loader.load_service_model("dynamodb", "service-2")["shapes"]
    endpoints = loader.load_data("endpoints")
    ecs = loader.load_service_model("ecs", "service-2")["shapes"]
    scheduler = loader.load_service_model("scheduler", "service-2")["shapes"]
    events = loader.load_service_model("events", "service-2")["shapes"]
    s3 = loader.load_service_model("s3", "service-2")["shapes"]

    def limits(shape: str) -> list[int]:
        return [lam[shape]["min"], lam[shape]["max"]]
    apigw = loader.load_service_model("apigatewayv2", "service-2")["shapes"]
    ttl = apigw[apigw["CreateAuthorizerRequest"]["members"]["AuthorizerResultTtlInSeconds"]["shape"]]
    max_age = apigw[apigw["Cors"]["members"]["MaxAge"]["shape"]]
    dynamodb_results = {action: _pascal(list(dynamodb[f"{operation}Output"]["members"]) + STATES_RESPONSE_METADATA)
                        for action, operation in (("get_item", "GetItem"), ("put_item", "PutItem"),
                                                  ("update_item", "UpdateItem"), ("delete_item", "DeleteItem"))}
    return {
        "botocore_version": botocore.__version__,
        "regions": sorted(r for p in endpoints["partitions"] for r in p["regions"]),
        "lambda": {
            "runtimes": sorted(lam["Runtime"]["enum"]),
            "deprecated_runtimes": sorted(DEPRECATED_RUNTIMES),
            "architectures": lam["Architecture"]["enum"],
            "memory_min": lam["MemorySize"]["min"],
            # botocore allows 32768 for Lambda Managed Instances; standard functions stop at 10240 MB.
            "memory_max": 10240,
            "ephemeral_storage_min": lam["EphemeralStorageSize"]["min"],
            "ephemeral_storage_max": lam["EphemeralStorageSize"]["max"],
            "timeout_min": lam["Timeout"]["min"],
            "timeout_max": 900,  # documented quota; botocore gives no maximum
            "environment_variable_name_pattern": lam["EnvironmentVariableName"]["pattern"],
        },
        "event_sources": {
            "batch_size": limits("BatchSize"),
            "sqs_batch_without_window": SQS_BATCH_WITHOUT_WINDOW,
            "batching_window": limits("MaximumBatchingWindowInSeconds"),
            "maximum_concurrency": limits("MaximumConcurrency"),
            "retries": limits("MaximumRetryAttemptsEventSourceMapping"),
            "max_record_age": limits("MaximumRecordAgeInSeconds"),
            "async_retries": limits("MaximumRetryAttempts"),
            "max_event_age": limits("MaximumEventAgeInSeconds"),
            "filter_pattern_max": lam["Pattern"]["max"],
        },
        "s3": {"events": s3["Event"]["enum"]},
        "sqs": SQS_LIMITS,
        "dynamodb": {"attribute_types": dynamodb["ScalarAttributeType"]["enum"]},
        "apigatewayv2": {
            "authorizer_ttl_min": ttl["min"], "authorizer_ttl_max": ttl["max"],
            "cors_max_age_min": max_age["min"], "cors_max_age_max": max_age["max"],
        },
        "zone_letters": ZONE_LETTERS,
        "scheduler": {
            "expression_max": scheduler["ScheduleExpression"]["max"],
            "flexible_window_min": scheduler["MaximumWindowInMinutes"]["min"],
            "flexible_window_max": scheduler["MaximumWindowInMinutes"]["max"],
            "retry_attempts_min": scheduler["MaximumRetryAttempts"]["min"],
            "retry_attempts_max": scheduler["MaximumRetryAttempts"]["max"],
            "event_age_min": scheduler["MaximumEventAgeInSeconds"]["min"],
            "event_age_max": scheduler["MaximumEventAgeInSeconds"]["max"],
            "input_min": scheduler["TargetInput"]["min"],
        },
        "events": {
            "pattern_max": events["EventPattern"]["max"],
            "pattern_default_quota": EVENT_PATTERN_DEFAULT_QUOTA,
            "retry_attempts_min": events["MaximumRetryAttempts"]["min"],
            "retry_attempts_max": events["MaximumRetryAttempts"]["max"],
            "event_age_min": events["MaximumEventAgeInSeconds"]["min"],
            "event_age_max": events["MaximumEventAgeInSeconds"]["max"],
            "input_max": events["TargetInput"]["max"],
        },
        # The fields of what each Step Functions integration the generator writes returns to the workflow.
        "states_results": {
            "lambda_invoke": _pascal(list(lam["InvocationResponse"]["members"]) + STATES_RESPONSE_METADATA),
            "ecs_run_task_sync": _pascal(list(ecs["Task"]["members"])),
            "dynamodb": dynamodb_results,
        },
    }


def main() -> int:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(build(), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
