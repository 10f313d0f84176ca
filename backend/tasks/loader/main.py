"""Nightly batch loader: reads staged shards from S3 and records progress in the runs table.

Reads STAGING_AREA_BUCKET and RUNS_TABLE (set by the spec's `uses:`), BATCH_SIZE, and RUN_ID (the execution,
a container override of the state machine); SHARD_KEY, when set, names the one shard to load (a map item),
otherwise every staged shard is loaded.
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
    boto3.resource("dynamodb").Table(table).update_item(
        Key={"run_id": run_id}, UpdateExpression="SET loaded = :n", ExpressionAttributeValues={":n": loaded})
    print(json.dumps({"loaded": loaded, "batch": "--batch" in argv}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
