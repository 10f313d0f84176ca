"""Nightly batch extractor: splits the day's records into shards and stages them in S3.

Step Functions passes the execution input in STATE_INPUT; the output bucket comes from
STAGING_AREA_BUCKET (set by the spec's `uses:`).
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

    state = json.loads(os.environ.get("STATE_INPUT", "{}"))
    records = state.get("records", [])
    shards = shard(records, int(state.get("shard_size", 1000)))
    bucket = os.environ["STAGING_AREA_BUCKET"]
    s3 = boto3.client("s3")
    for number, items in enumerate(shards):
        s3.put_object(Bucket=bucket, Key=f"shards/{number:05d}.json", Body=json.dumps(items).encode())
    print(json.dumps({"shards": len(shards)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
