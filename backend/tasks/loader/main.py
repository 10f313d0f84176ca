"""Nightly batch loader: reads staged shards from S3 and records progress in the runs table.

Reads STAGING_AREA_BUCKET and RUNS_TABLE (set by the spec's `uses:`), BATCH_SIZE, and RUN_ID (the execution,
a container override of the state machine); SHARD_KEY, when set, names the one shard to load (a map item),
otherwise every staged shard is loaded. The run records the version of the source data set, an SSM parameter
the data team moves on (DATASET_VERSION_PARAMETER names it; the spec's `uses:` grants the read).
"""

from __future__ import annotations

import json
import os
import sys


def batches(items: list, size: int) -> list[list]:
    """Group items into batches of at most `size`."""
    return [items[i : i + size] for i in range(0, len(items), max(size, 1))]


def shard_keys(s3, bucket: str) -> list[str]:
    if os.environ.get("SHARD_KEY"):
        return [os.environ["SHARD_KEY"]]
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix="shards/")
    return [obj["Key"] for page in pages for obj in page.get("Contents", [])]


def dataset_version(ssm, name: str | None) -> str:
    """The parameter's value, read at run time so that a new version needs no deployment."""
    if not name:
        return "unknown"
    return str(ssm.get_parameter(Name=name)["Parameter"]["Value"])


def main(argv: list[str]) -> int:
    import boto3  # only in the container: the unit tests exercise `batches`

    bucket, table = os.environ["STAGING_AREA_BUCKET"], os.environ["RUNS_TABLE"]
    size = int(os.environ.get("BATCH_SIZE", "500"))
    s3 = boto3.client("s3")
    loaded = 0
    for key in shard_keys(s3, bucket):
        items = json.loads(s3.get_object(Bucket=bucket, Key=key)["Body"].read())
        loaded += sum(len(b) for b in batches(items, size))
    run_id = os.environ.get("RUN_ID", "manual")
    version = dataset_version(boto3.client("ssm"), os.environ.get("DATASET_VERSION_PARAMETER"))
    boto3.resource("dynamodb").Table(table).update_item(
        Key={"run_id": run_id}, UpdateExpression="SET loaded = :n, dataset_version = :v",
        ExpressionAttributeValues={":n": loaded, ":v": version})
    print(json.dumps({"loaded": loaded, "batch": "--batch" in argv}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
