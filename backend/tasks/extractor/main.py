"""Nightly batch extractor: splits the day's records into shards and stages them in S3.

The state machine passes keys, not data (ECS takes at most 8,192 characters of container overrides):
RECORDS_KEY names the JSON list of records in STAGING_AREA_BUCKET (set by the spec's `uses:`), RUN_ID the
execution; SHARD_SIZE (default 1000) the records per shard. The workflow waits for the result: with TASK_TOKEN
set (a callback task), the extractor hands back `{"shards": N, "shard_list": [{"key": ...}], "skip": bool}`
with SendTaskSuccess, or SendTaskFailure when it fails.

E-mail addresses leave the extractor pseudonymised: `email` becomes an HMAC-SHA256 of the address under
PSEUDONYM_KEY, which ECS reads from Secrets Manager when the task starts (the spec's task `secrets:`), so
the key is in no image, task definition or Terraform state.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os


def shard(records: list[dict], size: int) -> list[list[dict]]:
    """Split records into shards of at most `size` items, keeping their order."""
    if size < 1:
        raise ValueError("shard size must be at least 1")
    return [records[i : i + size] for i in range(0, len(records), size)]


def pseudonymise(records: list[dict], key: str) -> list[dict]:
    """Records with `email` replaced by a keyed hash: the same address always gives the same pseudonym."""
    if not key:
        raise ValueError("PSEUDONYM_KEY is empty: set the secret's value (docs/spec.md, Secrets and parameters)")
    secret = key.encode()
    return [{**r, "email": hmac.new(secret, r["email"].strip().lower().encode(), hashlib.sha256).hexdigest()}
            if isinstance(r.get("email"), str) else r for r in records]


def extract(s3, bucket: str) -> dict:
    """Stage the shards; the result the workflow continues with."""
    records = json.loads(s3.get_object(Bucket=bucket, Key=os.environ["RECORDS_KEY"])["Body"].read())
    records = pseudonymise(records, os.environ.get("PSEUDONYM_KEY", ""))
    keys = []
    for number, items in enumerate(shard(records, int(os.environ.get("SHARD_SIZE", "1000")))):
        keys.append(f"shards/{number:05d}.json")
        s3.put_object(Bucket=bucket, Key=keys[-1], Body=json.dumps(items).encode())
    return {"shards": len(keys), "shard_list": [{"key": key} for key in keys], "skip": not keys}


def main() -> int:
    import boto3  # only in the container: the unit tests exercise `shard`

    token = os.environ.get("TASK_TOKEN")
    states = boto3.client("stepfunctions") if token else None
    try:
        result = extract(boto3.client("s3"), os.environ["STAGING_AREA_BUCKET"])
    except Exception as exc:
        if states:
            states.send_task_failure(taskToken=token, error=type(exc).__name__, cause=str(exc)[:32768])
        raise
    if states:
        states.send_task_success(taskToken=token, output=json.dumps(result))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
