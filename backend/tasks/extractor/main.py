"""Nightly batch extractor: splits the day's records into shards and stages them in S3.

The state machine passes keys, not data (ECS takes at most 8,192 characters of container overrides):
RECORDS_KEY names the JSON list of records in STAGING_AREA_BUCKET (set by the spec's `uses:`), RUN_ID the
execution; SHARD_SIZE (default 1000) the records per shard.
"""

from __future__ import annotations

import json
import os


def shard(records: list[dict], size: int) -> list[list[dict]]:
    """Split records into shards of at most `size` items, keeping their order."""
    if size < 1:
        raise ValueError("shard size must be at least 1")
    return [records[i : i + size] for i in range(0, len(records), size)]


def main() -> int:
    import boto3  # only in the container: the unit tests exercise `shard`

    bucket = os.environ["STAGING_AREA_BUCKET"]
    s3 = boto3.client("s3")
    records = json.loads(s3.get_object(Bucket=bucket, Key=os.environ["RECORDS_KEY"])["Body"].read())
    shards = shard(records, int(os.environ.get("SHARD_SIZE", "1000")))
    for number, items in enumerate(shards):
        s3.put_object(Bucket=bucket, Key=f"shards/{number:05d}.json", Body=json.dumps(items).encode())
    print(json.dumps({"shards": len(shards)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
