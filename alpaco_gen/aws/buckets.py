"""S3: is each bucket's generated name free (404), ours already (200), or someone else's (403)?"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from alpaco_gen.aws.context import Context, import_block, tag_dict
from alpaco_gen.aws.session import error_code
from alpaco_gen.diagnostics import Finding
from alpaco_gen.kinds.bucket import Bucket
from alpaco_gen.rules.preflight.bucket_name_taken import BucketNameTaken
from alpaco_gen.rules.preflight.exists_outside_terraform import ExistsOutsideTerraform

FREE = ("404", "NoSuchBucket", "NotFound")


def check_buckets(ctx: Context) -> Iterator[Finding]:
    for bucket in ctx.service.buckets:
        yield from _check_bucket(ctx, bucket)


def _check_bucket(ctx: Context, bucket: Bucket) -> Iterator[Finding]:
    from botocore.exceptions import ClientError

    s3 = ctx.client("s3")
    name = bucket.aws_name
    try:
        # ExpectedBucketOwner: a bucket of another account that lets us list it still answers 403.
        head = s3.head_bucket(Bucket=name, ExpectedBucketOwner=ctx.account_id)
    except ClientError as exc:
        code = error_code(exc)
        if code in FREE:
            return
        if code not in ("403", "AccessDenied", "Forbidden"):
            raise
        yield BucketNameTaken.finding(
            bucket.path, f"bucket name `{name}` is taken by another AWS account (HeadBucket: 403): apply "
            "fails with \"BucketAlreadyExists: The requested bucket name is not available\"",
            "Bucket names are global: rename the bucket in the spec (or change `project`/`service`). If it "
            "is yours, the credentials lack s3:ListBucket on it", key=True)
        return
    headers = head.get("ResponseMetadata", {}).get("HTTPHeaders", {})
    region = head.get("BucketRegion") or headers.get("x-amz-bucket-region") or ctx.region
    if region != ctx.region:
        yield BucketNameTaken.finding(
            bucket.path, f"bucket `{name}` already exists in this account, in region `{region}`; the spec "
            f"creates it in `{ctx.region}` and apply fails",
            "Rename the bucket in the spec, or delete the other one", key=True)
        return
    if not ctx.owned(_bucket_tags(s3, name)):
        yield ExistsOutsideTerraform.finding(
            bucket.path, f"bucket `{name}` already exists in account {ctx.account_id} without this service's "
            "Terraform tags: Terraform cannot create it (\"BucketAlreadyOwnedByYou\")",
            import_block(str(bucket.address), name, ctx.generated), key=True)


def _bucket_tags(s3: Any, name: str) -> dict[str, str]:
    from botocore.exceptions import ClientError

    try:
        return tag_dict(s3.get_bucket_tagging(Bucket=name).get("TagSet"))
    except ClientError as exc:
        if error_code(exc) == "NoSuchTagSet":
            return {}
        raise
